import { Testing } from 'cdk8s';
import { Deployment, ServiceAccount } from 'cdk8s-plus-33';
import * as fc from 'fast-check';
import { synthValid } from './validate';
import { AuthorizationAction, AuthorizationPolicy, Condition, JwtRequirement, PolicyTarget, Principal, WorkloadSelector } from '../../lib';

const specOf = (chart: ReturnType<typeof Testing.chart>) => synthValid(chart)[0].spec;

describe('AuthorizationPolicy', () => {
  test('renders typed sources, operations and conditions', () => {
    // GIVEN
    const chart = Testing.chart();
    // WHEN
    new AuthorizationPolicy(chart, 'ap', { selector: WorkloadSelector.labels({ app: 'httpbin' }) }).addRule({
      from: [
        { principals: ['cluster.local/ns/default/sa/sleep'], notNamespaces: ['dev'] },
        { remoteIpBlocks: ['203.0.113.0/24'], notIpBlocks: ['10.0.0.1'] },
      ],
      to: [{ methods: ['GET'], paths: ['/info*'], ports: [8080], notHosts: ['admin.example.com'] }],
      when: [Condition.requestClaim('iss', ['https://accounts.google.com']), Condition.destinationPort([8080])],
    });
    // THEN
    expect(specOf(chart)).toEqual({
      selector: { matchLabels: { app: 'httpbin' } },
      rules: [{
        from: [
          { source: { principals: ['cluster.local/ns/default/sa/sleep'], notNamespaces: ['dev'] } },
          { source: { notIpBlocks: ['10.0.0.1'], remoteIpBlocks: ['203.0.113.0/24'] } },
        ],
        to: [{ operation: { notHosts: ['admin.example.com'], ports: ['8080'], methods: ['GET'], paths: ['/info*'] } }],
        when: [
          { key: 'request.auth.claims[iss]', values: ['https://accounts.google.com'] },
          { key: 'destination.port', values: ['8080'] },
        ],
      }],
    });
  });

  test('allowNothing is an ALLOW policy without rules (deny by default)', () => {
    const chart = Testing.chart();
    AuthorizationPolicy.allowNothing(chart, 'deny', { selector: WorkloadSelector.labels({ app: 'ratings' }) });
    expect(specOf(chart)).toEqual({ selector: { matchLabels: { app: 'ratings' } } });
  });

  test('allowAll has the empty rule, denyAll is DENY with the empty rule', () => {
    const chart = Testing.chart();
    AuthorizationPolicy.allowAll(chart, 'all');
    AuthorizationPolicy.denyAll(chart, 'none');
    const [all, none] = synthValid(chart);
    expect(all.spec).toEqual({ rules: [{}] });
    expect(none.spec).toEqual({ action: 'DENY', rules: [{}] });
  });

  test('allowFromServiceAccounts builds principals from cdk8s-plus ServiceAccounts', () => {
    const chart = Testing.chart();
    const sa = new ServiceAccount(chart, 'sa', { metadata: { name: 'productpage', namespace: 'shop' } });
    const other = new ServiceAccount(chart, 'other', { metadata: { name: 'admin', namespace: 'ops' } });
    AuthorizationPolicy.allowFromServiceAccounts(chart, 'ap', {
      selector: WorkloadSelector.labels({ app: 'reviews' }), serviceAccounts: [sa, other], trustDomain: 'example.org',
    });
    const policy = synthValid(chart).find((o) => o.kind === 'AuthorizationPolicy');
    expect(policy.spec.rules).toEqual([{
      from: [{ source: { principals: ['example.org/ns/shop/sa/productpage', 'example.org/ns/ops/sa/admin'] } }],
    }]);
    expect(() => AuthorizationPolicy.allowFromServiceAccounts(chart, 'none', { serviceAccounts: [] })).toThrow(/serviceAccounts is empty/);
  });

  test('selects the pods of a cdk8s-plus Deployment, read at synth', () => {
    const chart = Testing.chart();
    const deployment = new Deployment(chart, 'reviews', { containers: [{ image: 'reviews:v1' }] });
    AuthorizationPolicy.allowNothing(chart, 'ap', { selector: WorkloadSelector.workload(deployment) });
    const policy = synthValid(chart).find((o) => o.kind === 'AuthorizationPolicy');
    expect(policy.spec.selector.matchLabels).toEqual(deployment.matchLabels);
    expect(Object.keys(policy.spec.selector.matchLabels)).toHaveLength(1);
  });

  test('requireJwt: request principal form and issuer claim form', () => {
    const chart = Testing.chart();
    AuthorizationPolicy.requireJwt(chart, 'any');
    AuthorizationPolicy.requireJwt(chart, 'per-issuer', { issuers: ['https://a', 'https://b'] });
    AuthorizationPolicy.requireJwt(chart, 'claim', { issuers: ['https://a'], requirement: JwtRequirement.ISSUER_CLAIM });
    const [any, perIssuer, claim] = synthValid(chart).map((o) => o.spec);
    expect(any).toEqual({ rules: [{ from: [{ source: { requestPrincipals: ['*'] } }] }] });
    expect(perIssuer).toEqual({ rules: [{ from: [{ source: { requestPrincipals: ['https://a/*', 'https://b/*'] } }] }] });
    expect(claim).toEqual({ rules: [{ when: [{ key: 'request.auth.claims[iss]', values: ['https://a'] }] }] });
    expect(() => AuthorizationPolicy.requireJwt(chart, 'x', { requirement: JwtRequirement.ISSUER_CLAIM })).toThrow(/ISSUER_CLAIM needs issuers/);
  });

  test('CUSTOM with a provider, and AUDIT', () => {
    const chart = Testing.chart();
    new AuthorizationPolicy(chart, 'ext', {
      action: AuthorizationAction.CUSTOM,
      provider: 'ext-authz',
      targetRefs: [PolicyTarget.gateway('waypoint')],
      rules: [{ to: [{ paths: ['/admin/*'] }] }],
    });
    new AuthorizationPolicy(chart, 'audit', { action: AuthorizationAction.AUDIT, rules: [{ to: [{ methods: ['DELETE'] }] }] });
    const [ext, audit] = synthValid(chart).map((o) => o.spec);
    expect(ext).toEqual({
      targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'waypoint' }],
      action: 'CUSTOM',
      provider: { name: 'ext-authz' },
      rules: [{ to: [{ operation: { paths: ['/admin/*'] } }] }],
    });
    expect(audit.action).toBe('AUDIT');
  });

  test('provider and action mistakes are clear errors', () => {
    const chart = Testing.chart();
    expect(() => new AuthorizationPolicy(chart, 'a', { provider: 'x' })).toThrow(/spec\.provider: a provider is only used by CUSTOM policies, this one is ALLOW/);
    expect(() => new AuthorizationPolicy(chart, 'b', { action: AuthorizationAction.CUSTOM, rules: [{}] })).toThrow(/CUSTOM policy needs a provider/);
    const custom = new AuthorizationPolicy(chart, 'c', { action: AuthorizationAction.CUSTOM, provider: 'p' });
    expect(() => custom.addRule({ from: [{ principals: ['x'] }] })).toThrow(/spec\.rules\[0\]\.from\[0\]\.source\.principals: principals is not supported with CUSTOM/);
    expect(() => custom.addRule({ when: [Condition.requestClaim('iss', ['a'])] })).toThrow(/when\[0\]\.key: request\.auth\.claims\[iss\] is not supported/);
  });

  test('DENY or CUSTOM without rules fails at synth, naming the construct', () => {
    const chart = Testing.chart();
    new AuthorizationPolicy(chart, 'deny', { action: AuthorizationAction.DENY });
    expect(() => Testing.synth(chart)).toThrow(/test\/deny \(AuthorizationPolicy test-[a-z0-9-]+\): spec\.rules: a DENY policy without rules never triggers/);
    const other = Testing.chart();
    new AuthorizationPolicy(other, 'ext', { action: AuthorizationAction.CUSTOM, provider: 'p' });
    expect(() => Testing.synth(other)).toThrow(/a CUSTOM policy without rules never triggers/);
  });

  test('bad rules are clear errors and leave the policy unchanged', () => {
    const chart = Testing.chart();
    const ap = new AuthorizationPolicy(chart, 'ap', { rules: [{}] });
    const bad: Array<[Parameters<AuthorizationPolicy['addRule']>[0], RegExp]> = [
      [{ from: [] }, /spec\.rules\[1\]\.from: an empty list/],
      [{ to: [{}] }, /spec\.rules\[1\]\.to\[0\]\.operation: an empty operation/],
      [{ from: [{}] }, /from\[0\]\.source: an empty source/],
      [{ from: [{ ipBlocks: ['10.0.0.0/33'] }] }, /ipBlocks\[0\]: '10\.0\.0\.0\/33' is not an IP address or CIDR range/],
      [{ from: [{ remoteIpBlocks: ['not-an-ip'] }] }, /remoteIpBlocks\[0\]/],
      [{ from: [{ principals: [''] }] }, /principals\[0\]: empty value/],
      [{ from: [{ serviceAccounts: ['a'], namespaces: ['b'] }] }, /serviceAccounts cannot be combined with principals or namespaces/],
      [{ from: [{ serviceAccounts: ['a/b/c'] }] }, /serviceAccounts\[0\]: 'a\/b\/c' is not a service account/],
      [{ from: [{ trustDomains: ['a*b'] }] }, /trustDomains\[0\]/],
      [{ to: [{ ports: [70000] }] }, /ports\[0\]: 70000 is not a port/],
      [{ to: [{ methods: [] }] }, /methods: an empty list/],
      [{ to: [{ paths: ['/{**}/a/{*}'] }] }, /paths\[0\]: '\/\{\*\*\}\/a\/\{\*\}': \{\*\*\} must be the last segment/],
      [{ to: [{ paths: ['/a{b}/{*}'] }] }, /outside a \{\*\} or \{\*\*\} template/],
    ];
    for (const [rule, message] of bad) expect(() => ap.addRule(rule)).toThrow(message);
    ap.addRule({ to: [{ paths: ['/{*}/reviews/{**}'] }] });
    expect(specOf(chart).rules).toEqual([{}, { to: [{ operation: { paths: ['/{*}/reviews/{**}'] } }] }]);
  });

  test('property: any list of valid IPv4 CIDRs round-trips into ipBlocks', () => {
    const cidr = fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([ip, bits]) => `${ip}/${bits}`);
    fc.assert(fc.property(fc.array(fc.oneof(fc.ipV4(), fc.ipV6(), cidr), { minLength: 1, maxLength: 5 }), (blocks) => {
      const chart = Testing.chart();
      new AuthorizationPolicy(chart, 'ap', { rules: [{ from: [{ ipBlocks: blocks }] }] });
      expect(specOf(chart).rules[0].from[0].source.ipBlocks).toEqual(blocks);
    }));
  });
});

describe('AuthorizationPolicy output, property-based', () => {
  const word = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
  const words = fc.array(word, { minLength: 1, maxLength: 3 });
  const cidrs = fc.array(fc.tuple(fc.ipV4(), fc.integer({ min: 8, max: 32 })).map(([ip, bits]) => `${ip}/${bits}`), { minLength: 1, maxLength: 3 });
  const source = fc.record({
    principals: fc.option(words.map((ws) => ws.map((w) => Principal.of('ns', w))), { nil: undefined }),
    requestPrincipals: fc.option(words.map((ws) => ws.map((w) => `https://issuer/${w}`)), { nil: undefined }),
    notNamespaces: fc.option(words, { nil: undefined }),
    ipBlocks: fc.option(cidrs, { nil: undefined }),
    notRemoteIpBlocks: fc.option(cidrs, { nil: undefined }),
  }, { requiredKeys: [] }).filter((s) => Object.values(s).some((v) => v !== undefined));
  const operation = fc.record({
    methods: fc.option(fc.subarray(['GET', 'POST', 'PUT', 'DELETE'], { minLength: 1 }), { nil: undefined }),
    paths: fc.option(words.map((ws) => ws.map((w) => `/${w}/*`)), { nil: undefined }),
    ports: fc.option(fc.array(fc.integer({ min: 1, max: 65535 }), { minLength: 1, maxLength: 2 }), { nil: undefined }),
    notHosts: fc.option(words.map((ws) => ws.map((w) => `${w}.example.com`)), { nil: undefined }),
  }, { requiredKeys: [] }).filter((o) => Object.values(o).some((v) => v !== undefined));
  const condition = fc.oneof(
    fc.tuple(word, words).map(([claim, values]) => Condition.requestClaim(claim, values)),
    cidrs.map((values) => Condition.sourceIp(values)),
    fc.array(fc.integer({ min: 0, max: 65535 }), { minLength: 1, maxLength: 2 }).map((ports) => Condition.destinationPort(ports)),
  );
  const rule = fc.record({
    from: fc.option(fc.array(source, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    to: fc.option(fc.array(operation, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    when: fc.option(fc.array(condition, { minLength: 1, maxLength: 2 }), { nil: undefined }),
  }, { requiredKeys: [] });

  test('any rules built from valid parts pass the validator, for ALLOW, DENY and AUDIT', () => {
    fc.assert(fc.property(
      fc.array(rule, { minLength: 1, maxLength: 3 }),
      fc.constantFrom(AuthorizationAction.ALLOW, AuthorizationAction.DENY, AuthorizationAction.AUDIT),
      (rules, action) => {
        const chart = Testing.chart();
        new AuthorizationPolicy(chart, 'ap', { metadata: { name: 'ap', namespace: 'default' }, action, rules });
        expect(synthValid(chart)[0].spec.rules).toHaveLength(rules.length);
      }), { numRuns: 60 });
  });
});

describe('Condition', () => {
  test('typed factories build documented keys', () => {
    expect(Condition.requestClaim(['nested', 'role'], ['admin']).toJson()).toEqual({ key: 'request.auth.claims[nested][role]', values: ['admin'] });
    expect(Condition.requestHeader('x-tenant', undefined, ['blocked']).toJson()).toEqual({ key: 'request.headers[x-tenant]', notValues: ['blocked'] });
    expect(Condition.sourceIp(['10.0.0.0/8']).key).toBe('source.ip');
    expect(Condition.remoteIp(['::1']).key).toBe('remote.ip');
    expect(Condition.sourceNamespace(['a']).key).toBe('source.namespace');
    expect(Condition.sourcePrincipal(['cluster.local/ns/a/sa/b']).key).toBe('source.principal');
    expect(Condition.requestPrincipal(['iss/sub']).key).toBe('request.auth.principal');
    expect(Condition.connectionSni(['*.example.com']).key).toBe('connection.sni');
    for (const key of ['request.auth.audiences', 'request.auth.presenter', 'source.serviceAccount', 'source.trustDomain', 'destination.ip',
      'experimental.envoy.filters.network.mysql_proxy[db.table]']) {
      expect(Condition.of({ key, values: key === 'destination.ip' ? ['10.0.0.1'] : ['a'] }).key).toBe(key);
    }
  });

  test('unknown and replaced keys are errors that list the valid keys or the replacement', () => {
    expect(() => Condition.of({ key: 'request.method', values: ['GET'] })).toThrow(/'request\.method': unknown key\. Use one of: request\.headers\[<name>\], .*source\.ip/);
    expect(() => Condition.of({ key: 'destination.labels[app]', values: ['a'] })).toThrow(/Istio rejects the key destination\.labels\. Use the policy's selector/);
    expect(() => Condition.of({ key: 'destination.namespace', values: ['a'] })).toThrow(/metadata\.namespace/);
    expect(() => Condition.of({ key: 'request.auth.claims', values: ['a'] })).toThrow(/needs a name in brackets/);
    expect(() => Condition.of({ key: 'request.auth.claims[]', values: ['a'] })).toThrow(/needs a name in brackets/);
    expect(() => Condition.of({ key: 'experimental.envoy.filters.x', values: ['a'] })).toThrow(/needs a name in brackets/);
  });

  test('values are checked as Istio checks them for the key', () => {
    expect(() => Condition.of({ key: 'source.ip' })).toThrow(/no values and no notValues/);
    expect(() => Condition.sourceIp(['10.0.0.256'])).toThrow(/not an IP address/);
    expect(() => Condition.destinationPort([65536])).toThrow(/'65536' is not a port/);
    expect(() => Condition.of({ key: 'source.serviceAccount', values: ['ns/*'] })).toThrow(/is not a service account/);
    expect(() => Condition.of({ key: 'source.trustDomain', values: ['a*b'] })).toThrow(/wildcard inside/);
    expect(() => Condition.requestHeader('x', [''])).toThrow(/empty value/);
  });

  test('property: keys outside the documented set are rejected', () => {
    fc.assert(fc.property(fc.string(), (key) => {
      fc.pre(!/^(request\.headers|request\.auth\.claims|experimental\.envoy\.filters\.)/.test(key));
      fc.pre(!['source.ip', 'remote.ip', 'source.namespace', 'source.serviceAccount', 'source.principal', 'source.trustDomain',
        'request.auth.principal', 'request.auth.audiences', 'request.auth.presenter', 'destination.ip', 'destination.port',
        'connection.sni'].includes(key));
      expect(() => Condition.of({ key, values: ['1'] })).toThrow();
    }));
  });

  test('property: any claim name with no brackets makes a valid claim condition', () => {
    fc.assert(fc.property(fc.string({ minLength: 1 }).filter((s) => !/[[\]]/.test(s)), (claim) => {
      expect(Condition.requestClaim(claim, ['x']).key).toBe(`request.auth.claims[${claim}]`);
    }));
  });
});

describe('Principal', () => {
  test('builds SPIFFE-style principals', () => {
    expect(Principal.of('default', 'sleep')).toBe('cluster.local/ns/default/sa/sleep');
    expect(Principal.fromServiceAccount({ name: 'sa', metadata: {} }, { namespace: 'x', trustDomain: 'td' })).toBe('td/ns/x/sa/sa');
  });

  test('takes the chart namespace of a cdk8s-plus ServiceAccount', () => {
    const chart = Testing.chart();
    const sa = new ServiceAccount(chart, 'sa', { metadata: { name: 'bot' } });
    expect(() => Principal.fromServiceAccount(sa)).toThrow(/ServiceAccount 'bot' has no namespace/);
    expect(Principal.fromServiceAccount(sa, { namespace: 'ops' })).toBe('cluster.local/ns/ops/sa/bot');
    expect(() => Principal.of('a/b', 'c')).toThrow(/^Principal\.of namespace: 'a\/b' must be non-empty and contain no '\/'\. Give the namespace alone\.$/);
  });
});
