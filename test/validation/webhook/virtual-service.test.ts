import { ROUTE, check, table } from './helpers';
import { Severity } from '../../../lib/vocab/finding';

const vs = (http: object, extra: object = {}) => ({ hosts: ['reviews'], http: [{ ...ROUTE, ...http }], ...extra });

describe('VirtualService webhook rules', () => {
  table('VirtualService', [
    { name: 'a canary split is clean', spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 90 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 10 }] }] }, expect: [] },
    { name: 'several destinations whose weights are all zero', spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 0 }, { destination: { host: 'reviews', subset: 'v2' } }] }] }, expect: [['E', 'CIS2003', 'spec.http[0].route']] },
    { name: 'one destination without weight is fine', spec: vs({}), expect: [] },
    { name: 'a negative weight', spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews' }, weight: -1 }, { destination: { host: 'ratings' }, weight: 101 }] }] }, expect: [['E', 'CIS2003', 'spec.http[0].route[0].weight']] },
    { name: 'a route destination without destination', spec: { hosts: ['reviews'], http: [{ route: [{ weight: 100 }] }] }, expect: [['E', 'CIS2003', 'spec.http[0].route[0].destination']] },
    { name: 'a subset name that is not DNS-1123', spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1.0' } }] }] }, expect: [['E', 'CIS2011', 'spec.http[0].route[0].destination.subset']] },
    { name: 'a destination host *', spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: '*' } }] }] }, expect: [['E', 'CIS2001', 'spec.http[0].route[0].destination.host']] },
    { name: 'a host with a partial wildcard', spec: vs({}, { hosts: ['foo*.example.com'] }), expect: [['E', 'CIS2001', 'spec.hosts[0]']] },
    { name: 'an IP address host is accepted', spec: vs({}, { hosts: ['10.0.0.1'] }), expect: [] },
    { name: 'host * bound to the mesh', spec: vs({}, { hosts: ['*'] }), expect: [['E', 'CIS2001', 'spec.hosts[0]']] },
    { name: 'host * bound to a gateway is fine', spec: vs({}, { hosts: ['*'], gateways: ['istio-system/public'] }), expect: [] },
    { name: 'duplicate hosts through a wildcard', spec: vs({}, { hosts: ['*.example.com', 'a.example.com'] }), expect: [['E', 'CIS2001', 'spec.hosts[1]']] },
    { name: 'a gateway reference with an invalid namespace', spec: vs({}, { gateways: ['Bad_NS/gw'] }), expect: [['E', 'CIS2002', 'spec.gateways[0]']] },
    { name: 'a legacy name.namespace gateway reference warns', spec: vs({}, { gateways: ['gw.istio-system'] }), expect: [['W', 'CIS2002', 'spec.gateways[0]']] },
    { name: 'mesh and namespace/name gateways', spec: vs({}, { gateways: ['mesh', 'istio-system/public'] }), expect: [] },
    { name: 'a regex that RE2 does not accept (look-ahead)', spec: vs({ match: [{ uri: { regex: '/api/(?!internal).*' } }] }), expect: [['E', 'CIS2004', 'spec.http[0].match[0].uri.regex']] },
    { name: 'an RE2 regex is fine', spec: vs({ match: [{ headers: { 'x-user': { regex: '^(alice|bob)$' } } }] }), expect: [] },
    { name: 'an empty prefix on a header', spec: vs({ match: [{ headers: { 'x-user': { prefix: '' } } }] }), expect: [['E', 'CIS2013', 'spec.http[0].match[0].headers.x-user.prefix']] },
    { name: 'an empty uri prefix is allowed', spec: vs({ match: [{ uri: { prefix: '' } }] }), expect: [] },
    { name: 'a header name with a space', spec: vs({ match: [{ headers: { 'x user': { exact: 'a' } } }] }), expect: [['E', 'CIS2005', 'spec.http[0].match[0].headers["x user"]']] },
    { name: 'JWT claim routing without a gateway', spec: vs({ match: [{ headers: { '@request.auth.claims.group': { exact: 'admin' } } }] }), expect: [['E', 'CIS2013', 'spec.http[0].match[0].headers["@request.auth.claims.group"]']] },
    { name: 'JWT claim routing on a gateway', spec: vs({ match: [{ headers: { '@request.auth.claims.group': { exact: 'admin' } } }] }, { gateways: ['istio-system/gw'] }), expect: [] },
    { name: 'timeout with a space', spec: vs({ timeout: '10 s' }), expect: [['E', 'CIS2008', 'spec.http[0].timeout']] },
    { name: 'timeout below 1ms', spec: vs({ timeout: '500us' }), expect: [['E', 'CIS2008', 'spec.http[0].timeout']] },
    { name: 'timeout 1m30s', spec: vs({ timeout: '1m30s' }), expect: [] },
    { name: 'an unknown retryOn value', spec: vs({ retries: { attempts: 3, retryOn: '5xx,timeout' } }), expect: [['E', 'CIS2006', 'spec.http[0].retries.retryOn']] },
    { name: 'retryOn with status codes and gRPC values', spec: vs({ retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'gateway-error,connect-failure,503,unavailable' } }), expect: [] },
    { name: 'retry settings with attempts 0', spec: vs({ retries: { attempts: 0, retryOn: '5xx' } }), expect: [['E', 'CIS2006', 'spec.http[0].retries.attempts']] },
    { name: 'route and redirect together', spec: vs({ redirect: { uri: '/new' } }), expect: [['E', 'CIS2012', 'spec.http[0]']] },
    { name: 'a redirect alone', spec: { hosts: ['reviews'], http: [{ redirect: { uri: '/new', redirectCode: 301 } }] }, expect: [] },
    { name: 'a redirect code that is not 3xx', spec: { hosts: ['reviews'], http: [{ redirect: { uri: '/new', redirectCode: 200 } }] }, expect: [['E', 'CIS2017', 'spec.http[0].redirect.redirectCode']] },
    { name: 'no route at all', spec: { hosts: ['reviews'], http: [{ timeout: '1s' }] }, expect: [['E', 'CIS2012', 'spec.http[0]']] },
    { name: 'no http, tcp or tls', spec: { hosts: ['reviews'] }, expect: [['E', 'CIS2040', 'spec']] },
    { name: 'setting the Host header in a response', spec: vs({ headers: { response: { set: { Host: 'x' } } } }), expect: [['E', 'CIS2005', 'spec.http[0].headers.response.set.Host']] },
    { name: 'a header value with an unescaped %', spec: vs({ headers: { request: { set: { 'x-a': '100%' } } } }), expect: [['E', 'CIS2005', 'spec.http[0].headers.request.set.x-a']] },
    { name: 'a header value with a variable', spec: vs({ headers: { request: { add: { 'x-a': '%DOWNSTREAM_REMOTE_ADDRESS% 100%%' } } } }), expect: [] },
    { name: 'a fault abort status out of range', spec: vs({ fault: { abort: { httpStatus: 700, percentage: { value: 10 } } } }), expect: [['E', 'CIS2016', 'spec.http[0].fault.abort.httpStatus']] },
    { name: 'an exponential delay is not supported', spec: vs({ fault: { delay: { exponentialDelay: '2s' } } }), expect: [['E', 'CIS2016', 'spec.http[0].fault.delay.exponentialDelay']] },
    { name: 'a CORS method in lower case', spec: vs({ corsPolicy: { allowMethods: ['get'], allowOrigins: [{ exact: 'https://a.com' }] } }), expect: [['E', 'CIS2015', 'spec.http[0].corsPolicy.allowMethods[0]']] },
    { name: 'the deprecated mirrorPercent warns', spec: vs({ mirror: { host: 'mirror' }, mirrorPercent: 10 }), expect: [['W', 'CIS2021', 'spec.http[0].mirrorPercent']] },
    { name: 'a rule after a catch-all rule warns', spec: { hosts: ['reviews'], http: [ROUTE, { match: [{ uri: { prefix: '/a' } }], ...ROUTE }] }, expect: [['W', 'CIS2014', 'spec.http[1]']] },
    { name: 'a shorter prefix first makes the longer unreachable', spec: { hosts: ['reviews'], http: [{ match: [{ uri: { prefix: '/api' } }], ...ROUTE }, { match: [{ uri: { prefix: '/api/v1' } }], ...ROUTE }] }, expect: [['W', 'CIS2014', 'spec.http']] },
    { name: 'a delegate with gateways', spec: { gateways: ['istio-system/gw'], http: [ROUTE] }, expect: [['E', 'CIS2040', 'spec.gateways']] },
    { name: 'a root route with delegate and route', spec: { hosts: ['reviews'], http: [{ delegate: { name: 'd', namespace: 'n' }, ...ROUTE }] }, expect: [['E', 'CIS2012', 'spec.http[0].route']] },
    { name: 'a TLS route with SNI outside the hosts', spec: { hosts: ['a.example.com'], tls: [{ match: [{ sniHosts: ['b.example.com'] }], route: [{ destination: { host: 'b' } }] }] }, expect: [['E', 'CIS2001', 'spec.tls[0].match[0].sniHosts[0]']] },
    { name: 'a TCP route with a bad subnet', spec: { hosts: ['db'], tcp: [{ match: [{ destinationSubnets: ['10.0.0.0/33'] }], route: [{ destination: { host: 'db' } }] }] }, expect: [['E', 'CIS2026', 'spec.tcp[0].match[0].destinationSubnets[0]']] },
    { name: 'exportTo * with other namespaces', spec: vs({}, { exportTo: ['*', 'ns1'] }), expect: [['E', 'CIS2010', 'spec.exportTo']] },
    { name: 'exportTo ~ outside a ServiceEntry', spec: vs({}, { exportTo: ['~'] }), expect: [['E', 'CIS2010', 'spec.exportTo[0]']] },
  ]);

  test('messages name the problem and give a hint', () => {
    const [f] = check('VirtualService', vs({ timeout: '10 s' }));
    expect(f).toMatchObject({ severity: Severity.ERROR, code: 'CIS2008', path: 'spec.http[0].timeout', resource: { kind: 'VirtualService', name: 'foo', namespace: 'bar' } });
    expect(f.message).toContain('10 s');
    expect(f.hint).toMatch(/10s/);
  });
});
