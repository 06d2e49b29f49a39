import { table } from './helpers';

const subsets = [{ name: 'v1', labels: { version: 'v1' } }, { name: 'v2', labels: { version: 'v2' } }];

describe('DestinationRule webhook rules', () => {
  table('DestinationRule', [
    { name: 'subsets and a traffic policy are clean', spec: { host: 'reviews', subsets, trafficPolicy: { connectionPool: { tcp: { maxConnections: 100, connectTimeout: '30ms' } }, outlierDetection: { consecutive5xxErrors: 5, interval: '5m', baseEjectionTime: '15m' } } }, expect: [] },
    { name: 'the deprecated consecutiveErrors warns and names consecutive5xxErrors', spec: { host: 'reviews', trafficPolicy: { outlierDetection: { consecutiveErrors: 3 } } }, expect: [['W', 'CIS2021', 'spec.trafficPolicy.outlierDetection.consecutiveErrors']] },
    { name: 'a subset name that is not DNS-1123', spec: { host: 'reviews', subsets: [{ name: 'v1_beta', labels: { version: 'v1' } }] }, expect: [['E', 'CIS2011', 'spec.subsets[0].name']] },
    { name: 'duplicate subset names', spec: { host: 'reviews', subsets: [subsets[0], subsets[0]] }, expect: [['E', 'CIS2011', 'spec.subsets[1].name']] },
    { name: 'an invalid subset label value', spec: { host: 'reviews', subsets: [{ name: 'v1', labels: { version: 'v1 beta' } }] }, expect: [['E', 'CIS2009', 'spec.subsets[0].labels.version']] },
    { name: 'a wildcard host', spec: { host: '*.example.com' }, expect: [] },
    { name: 'an invalid host', spec: { host: 'reviews..default' }, expect: [['E', 'CIS2001', 'spec.host']] },
    { name: 'an empty traffic policy', spec: { host: 'reviews', trafficPolicy: {} }, expect: [['E', 'CIS2020', 'spec.trafficPolicy']] },
    { name: 'an empty connection pool', spec: { host: 'reviews', trafficPolicy: { connectionPool: {} } }, expect: [['E', 'CIS2020', 'spec.trafficPolicy.connectionPool']] },
    { name: 'a negative max connections', spec: { host: 'reviews', trafficPolicy: { connectionPool: { tcp: { maxConnections: -1 } } } }, expect: [['E', 'CIS2020', 'spec.trafficPolicy.connectionPool.tcp.maxConnections']] },
    { name: 'a tcp idle timeout of 0s disables it', spec: { host: 'reviews', trafficPolicy: { connectionPool: { tcp: { idleTimeout: '0s' } } } }, expect: [] },
    { name: 'a connect timeout with a space', spec: { host: 'reviews', trafficPolicy: { connectionPool: { tcp: { connectTimeout: '30 ms' } } } }, expect: [['E', 'CIS2008', 'spec.trafficPolicy.connectionPool.tcp.connectTimeout']] },
    { name: 'UPGRADE with useClientProtocol', spec: { host: 'reviews', trafficPolicy: { connectionPool: { http: { h2UpgradePolicy: 'UPGRADE', useClientProtocol: true } } } }, expect: [['E', 'CIS2020', 'spec.trafficPolicy.connectionPool.http.useClientProtocol']] },
    { name: 'maxEjectionPercent above 100', spec: { host: 'reviews', trafficPolicy: { outlierDetection: { maxEjectionPercent: 120 } } }, expect: [['E', 'CIS2020', 'spec.trafficPolicy.outlierDetection.maxEjectionPercent']] },
    { name: 'local origin failures without splitting', spec: { host: 'reviews', trafficPolicy: { outlierDetection: { consecutiveLocalOriginFailures: 3 } } }, expect: [['E', 'CIS2020', 'spec.trafficPolicy.outlierDetection.consecutiveLocalOriginFailures']] },
    { name: 'a maglev table size that is not prime', spec: { host: 'reviews', trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: 'x-user', maglev: { tableSize: 1000 } } } } }, expect: [['E', 'CIS2020', 'spec.trafficPolicy.loadBalancer.consistentHash.maglev.tableSize']] },
    { name: 'the deprecated minimumRingSize warns', spec: { host: 'reviews', trafficPolicy: { loadBalancer: { consistentHash: { httpHeaderName: 'x-user', minimumRingSize: 1024 } } } }, expect: [['W', 'CIS2021', 'spec.trafficPolicy.loadBalancer.consistentHash.minimumRingSize']] },
    { name: 'an HTTP cookie without name', spec: { host: 'reviews', trafficPolicy: { loadBalancer: { consistentHash: { httpCookie: { ttl: '0s' } } } } }, expect: [['E', 'CIS2020', 'spec.trafficPolicy.loadBalancer.consistentHash.httpCookie.name']] },
    { name: 'locality weights not adding up to 100', spec: { host: 'reviews', trafficPolicy: { loadBalancer: { localityLbSetting: { distribute: [{ from: 'us-west/*', to: { 'us-west/*': 80, 'us-east/*': 10 } }] } } } }, expect: [['E', 'CIS2022', 'spec.trafficPolicy.loadBalancer.localityLbSetting.distribute[0].to']] },
    { name: 'failover without outlier detection warns', spec: { host: 'reviews', trafficPolicy: { loadBalancer: { localityLbSetting: { failover: [{ from: 'us-east', to: 'eu-west' }] } } } }, expect: [['W', 'CIS2022', 'spec.trafficPolicy.loadBalancer.localityLbSetting']] },
    { name: 'mutual TLS without client certificate', spec: { host: 'reviews', trafficPolicy: { tls: { mode: 'MUTUAL' } } }, expect: [['E', 'CIS2018', 'spec.trafficPolicy.tls.clientCertificate'], ['E', 'CIS2018', 'spec.trafficPolicy.tls.privateKey']] },
    { name: 'mutual TLS with a credential name', spec: { host: 'reviews', trafficPolicy: { tls: { mode: 'MUTUAL', credentialName: 'client-cert' } } }, expect: [] },
    { name: 'a port-level setting without port', spec: { host: 'reviews', trafficPolicy: { portLevelSettings: [{ tls: { mode: 'ISTIO_MUTUAL' } }] } }, expect: [['E', 'CIS2020', 'spec.trafficPolicy.portLevelSettings[0].port']] },
    { name: 'a workload selector with exportTo beyond the namespace', spec: { host: 'reviews', workloadSelector: { matchLabels: { app: 'a' } }, exportTo: ['*'] }, expect: [['E', 'CIS2010', 'spec.exportTo']] },
    { name: 'a workload selector without labels warns', spec: { host: 'reviews', workloadSelector: {} }, expect: [['W', 'CIS2009', 'spec.workloadSelector.matchLabels']] },
  ]);
});
