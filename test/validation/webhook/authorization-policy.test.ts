import { table } from './helpers';
import { IstioVersion } from '../../../lib/core/istio-version';

const selector = { matchLabels: { app: 'reviews' } };

describe('AuthorizationPolicy webhook rules', () => {
  table('AuthorizationPolicy', [
    { name: 'an ALLOW policy with principals and paths is clean', spec: { selector, action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/default/sa/productpage'] } }], to: [{ operation: { methods: ['GET'], paths: ['/api/*'] } }] }] }, expect: [] },
    { name: 'an ALLOW policy without rules denies everything and is valid', spec: { selector }, expect: [] },
    { name: 'a DENY policy without rules', spec: { selector, action: 'DENY' }, expect: [['E', 'CIS2028', 'spec.rules']] },
    { name: 'a DENY policy with an empty rule', spec: { selector, action: 'DENY', rules: [{}] }, expect: [] },
    { name: 'a DENY rule with only HTTP attributes warns', spec: { selector, action: 'DENY', rules: [{ to: [{ operation: { methods: ['POST'] } }] }] }, expect: [['W', 'CIS2030', 'spec.rules[0]']] },
    { name: 'a DENY rule with ports does not warn', spec: { selector, action: 'DENY', rules: [{ to: [{ operation: { methods: ['POST'], ports: ['8080'] } }] }] }, expect: [] },
    { name: 'a CUSTOM policy without provider', spec: { selector, action: 'CUSTOM', rules: [{}] }, expect: [['E', 'CIS2028', 'spec.provider.name']] },
    { name: 'a CUSTOM policy with provider', spec: { selector, action: 'CUSTOM', provider: { name: 'ext-authz' }, rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] }, expect: [] },
    { name: 'a provider with ALLOW', spec: { selector, provider: { name: 'ext-authz' }, rules: [{}] }, expect: [['E', 'CIS2028', 'spec.provider']] },
    { name: 'a CUSTOM rule on principals', spec: { selector, action: 'CUSTOM', provider: { name: 'x' }, rules: [{ from: [{ source: { principals: ['a'] } }] }] }, expect: [['E', 'CIS2029', 'spec.rules[0].from[0].source.principals']] },
    { name: 'an empty source', spec: { selector, rules: [{ from: [{ source: {} }] }] }, expect: [['E', 'CIS2029', 'spec.rules[0].from[0].source']] },
    { name: 'an empty operation', spec: { selector, rules: [{ to: [{ operation: {} }] }] }, expect: [['E', 'CIS2029', 'spec.rules[0].to[0].operation']] },
    { name: 'an empty value', spec: { selector, rules: [{ from: [{ source: { namespaces: [''] } }] }] }, expect: [['E', 'CIS2029', 'spec.rules[0].from[0].source.namespaces']] },
    { name: 'a bad IP block', spec: { selector, rules: [{ from: [{ source: { ipBlocks: ['10.0.0.0/40'] } }] }] }, expect: [['E', 'CIS2029', 'spec.rules[0].from[0].source.ipBlocks']] },
    { name: 'a port that is no number', spec: { selector, rules: [{ to: [{ operation: { ports: ['http'] } }] }] }, expect: [['E', 'CIS2029', 'spec.rules[0].to[0].operation.ports']] },
    { name: 'serviceAccounts with namespaces', spec: { selector, rules: [{ from: [{ source: { serviceAccounts: ['ns/sa'], namespaces: ['ns'] } }] }] }, expect: [['E', 'CIS2029', 'spec.rules[0].from[0].source']] },
    { name: 'a path template with {**} not last', spec: { selector, rules: [{ to: [{ operation: { paths: ['/{**}/foo/{*}'] } }] }] }, expect: [['E', 'CIS2029', 'spec.rules[0].to[0].operation.paths']] },
    { name: 'known when keys', spec: { selector, rules: [{ when: [{ key: 'request.auth.claims[iss]', values: ['https://a'] }, { key: 'source.ip', values: ['10.0.0.0/8'] }, { key: 'request.headers[x-token]', notValues: ['bad'] }] }] }, expect: [] },
    { name: 'an unknown when key', spec: { selector, rules: [{ when: [{ key: 'request.header[x]', values: ['a'] }] }] }, expect: [['E', 'CIS2029', 'spec.rules[0].when[0].key']] },
    { name: 'destination.namespace is replaced by metadata.namespace', spec: { selector, rules: [{ when: [{ key: 'destination.namespace', values: ['a'] }] }] }, expect: [['E', 'CIS2029', 'spec.rules[0].when[0].key']] },
    { name: 'a bad IP in a source.ip condition', spec: { selector, rules: [{ when: [{ key: 'source.ip', values: ['10.0.0.256'] }] }] }, expect: [['E', 'CIS2029', 'spec.rules[0].when[0].values']] },
    { name: 'a when without values', spec: { selector, rules: [{ when: [{ key: 'source.ip' }] }] }, expect: [['E', 'CIS2029', 'spec.rules[0].when[0]']] },
    { name: 'source.trustDomain in 1.30', spec: { selector, rules: [{ when: [{ key: 'source.trustDomain', values: ['*.local'] }] }] }, expect: [] },
    { name: 'source.trustDomain in 1.29 is unknown', version: IstioVersion.V1_29, spec: { selector, rules: [{ when: [{ key: 'source.trustDomain', values: ['*.local'] }] }] }, expect: [['E', 'CIS2029', 'spec.rules[0].when[0].key']] },
    { name: 'selector and targetRefs together', spec: { selector, targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'gw' }], rules: [{}] }, expect: [['E', 'CIS2033', 'spec']] },
    { name: 'a targetRef to a Deployment', spec: { targetRefs: [{ kind: 'Deployment', group: 'apps', name: 'd' }], rules: [{}] }, expect: [['E', 'CIS2033', 'spec.targetRefs[0]']] },
    { name: 'a targetRef to a Service', spec: { targetRefs: [{ kind: 'Service', group: '', name: 'reviews' }], rules: [{}] }, expect: [] },
    { name: 'dry-run on a DENY policy', metadata: { name: 'foo', namespace: 'bar', annotations: { 'istio.io/dry-run': 'true' } }, spec: { action: 'DENY', rules: [{}] }, expect: [] },
    { name: 'dry-run with a bad value', metadata: { name: 'foo', namespace: 'bar', annotations: { 'istio.io/dry-run': 'yes' } }, spec: { action: 'DENY', rules: [{}] }, expect: [['E', 'CIS2038', 'metadata.annotations["istio.io/dry-run"]']] },
  ]);
});
