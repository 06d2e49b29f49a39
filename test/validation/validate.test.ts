import * as fc from 'fast-check';
import { IstioVersion, SUPPORTED_ISTIO_VERSIONS } from '../../lib/core';
import { isCheckedObject, SchemaCodes, validateObject, validateObjects } from '../../lib/validation';
import { evaluateRule, parseRequestUri } from '../../lib/validation/cel';
import { schemaFile } from '../../lib/validation/schemas';
import { Severity } from '../../lib/vocab';
import { closest } from '../../lib/vocab/suggest';

const meta = { name: 'example', namespace: 'shop' };

describe('validateObject', () => {
  test('skips objects that are not Istio configuration', () => {
    expect(validateObject({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'Bad_Name' }, spec: { bogus: 1 } })).toEqual([]);
    expect(validateObject({ apiVersion: 'install.istio.io/v1alpha1', kind: 'IstioOperator', metadata: { name: 'x' } })).toEqual([]);
    expect(isCheckedObject({ apiVersion: 'v1', kind: 'Service' })).toBe(false);
    expect(isCheckedObject({ apiVersion: 'networking.istio.io/v1', kind: 'Gateway' })).toBe(true);
  });

  test('a misspelt Istio group is an error, not a skip', () => {
    const [f] = validateObject({ apiVersion: 'networking.istio.com/v1', kind: 'VirtualService', metadata: meta, spec: {} });
    expect(f).toMatchObject({ code: SchemaCodes.UNKNOWN_KIND, path: 'apiVersion', hint: 'did you mean "networking.istio.io"?' });
  });

  test('a kind in the wrong group names the right one', () => {
    const findings = validateObject({ apiVersion: 'security.istio.io/v1beta1', kind: 'WorkloadGroup', metadata: meta, spec: { template: {} } });
    expect(findings).toEqual([expect.objectContaining({
      severity: Severity.ERROR,
      code: SchemaCodes.UNKNOWN_KIND,
      path: 'apiVersion',
      message: 'WorkloadGroup is not a kind of security.istio.io: it belongs to networking.istio.io',
      hint: 'use apiVersion: networking.istio.io/v1',
      resource: { apiVersion: 'security.istio.io/v1beta1', kind: 'WorkloadGroup', name: 'example', namespace: 'shop' },
    })]);
  });

  test('an unserved version lists the served ones', () => {
    const [f] = validateObject({ apiVersion: 'networking.istio.io/v2', kind: 'Gateway', metadata: meta, spec: {} });
    expect(f.message).toBe('networking.istio.io v2 does not serve Gateway in Istio 1.30; served versions: v1, v1alpha3, v1beta1');
  });

  test('an unknown kind suggests the closest', () => {
    const [f] = validateObject({ apiVersion: 'networking.istio.io/v1', kind: 'Virtualservice', metadata: meta, spec: {} });
    expect(f.hint).toBe('did you mean "VirtualService"?');
  });

  test('findings carry the resource', () => {
    const [f] = validateObject({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: meta, spec: {} });
    expect(f.resource).toEqual({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', name: 'example', namespace: 'shop' });
  });

  test('unknown top-level fields are rejected with a suggestion', () => {
    const [f] = validateObject({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: meta, specs: { host: 'r' } });
    expect(f).toMatchObject({ code: SchemaCodes.UNKNOWN_FIELD, path: 'specs', hint: 'did you mean "spec"?' });
  });

  test('null values of non-nullable fields are pruned, as the API server does', () => {
    expect(validateObject({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: meta, spec: { host: 'r', trafficPolicy: null } })).toEqual([]);
  });

  test('null values deep in lists are pruned, the fields around them still checked, the input left as it was', () => {
    const spec = { host: 'r', subsets: [{ name: 'a', labels: null }, { name: 'b', trafficPolicy: null, bogus: 1 }] };
    const obj = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: meta, spec };
    const before = structuredClone(obj);
    expect(validateObject(obj).map((f) => [f.code, f.path])).toEqual([[SchemaCodes.UNKNOWN_FIELD, 'spec.subsets[1].bogus']]);
    expect(obj).toEqual(before);
  });

  test('disabled checks are not reported', () => {
    const obj = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'Bad' }, spec: { host: 'r', bogus: 1 } };
    expect(validateObject(obj).map((f) => f.code)).toEqual([SchemaCodes.INVALID_NAME, SchemaCodes.UNKNOWN_FIELD]);
    expect(validateObject(obj, { disabledChecks: [SchemaCodes.UNKNOWN_FIELD] }).map((f) => f.code)).toEqual([SchemaCodes.INVALID_NAME]);
  });

  test('duplicate keys of a map list are rejected', () => {
    const findings = validateObject({
      apiVersion: 'networking.istio.io/v1',
      kind: 'ServiceEntry',
      metadata: meta,
      spec: { hosts: ['a.example.com'], resolution: 'DNS', ports: [{ number: 80, name: 'http' }, { number: 81, name: 'http' }] },
    });
    // The webhook's "port name already defined" (CIS2007) is the same problem: reported once.
    expect(findings).toEqual([expect.objectContaining({ code: SchemaCodes.DUPLICATE, path: 'spec.ports[1]', message: 'duplicate entry with name="http" (same as spec.ports[0])' })]);
  });

  test('a duplicate entry does not hide what the webhook says about its other fields', () => {
    const findings = validateObject({
      apiVersion: 'networking.istio.io/v1',
      kind: 'ServiceEntry',
      metadata: meta,
      spec: { hosts: ['a.example.com'], resolution: 'DNS', ports: [{ number: 80, name: 'http' }, { number: 81, name: 'http', protocol: 'HTTP3' }] },
    });
    expect(findings.map((f) => [f.code, f.path, f.message])).toEqual([
      [SchemaCodes.DUPLICATE, 'spec.ports[1]', 'duplicate entry with name="http" (same as spec.ports[0])'],
      ['CIS2007', 'spec.ports[1].protocol', 'unsupported protocol: HTTP3'],
    ]);
  });

  test('CEL rules do not run on values that failed the schema', () => {
    const findings = validateObject({ apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata: meta, spec: { hosts: ['a'], ports: [{ number: 'eighty', name: 'http', protocol: 'HTTP' }] } });
    expect(findings.map((f) => f.code)).toEqual([SchemaCodes.WRONG_TYPE]);
  });

  test('validateObjects checks each object', () => {
    const bad = { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: meta, spec: {} };
    expect(validateObjects([bad, { apiVersion: 'v1', kind: 'Service' }, bad])).toHaveLength(2);
  });
});

describe('metadata', () => {
  // A DestinationRule: a complete one needs only a host, and its name may have dots (a Gateway's may not).
  const check = (metadata: unknown) => validateObject({ apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata, spec: { host: 'reviews' } })
    .map((f) => [f.code, f.path, f.message] as const);

  test.each([
    ['name with capitals', { name: 'Reviews' }, [[SchemaCodes.INVALID_NAME, 'metadata.name', 'invalid name "Reviews": must be a lowercase RFC 1123 subdomain: lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit']]],
    ['missing name', {}, [[SchemaCodes.INVALID_NAME, 'metadata.name', 'metadata.name is required']]],
    ['namespace with a dot', { name: 'a', namespace: 'shop.prod' }, [[SchemaCodes.INVALID_NAMESPACE, 'metadata.namespace', expect.stringContaining('RFC 1123 label')]]],
    ['name too long', { name: 'a'.repeat(254) }, [[SchemaCodes.INVALID_NAME, 'metadata.name', expect.stringContaining('no more than 253 characters')]]],
    ['label key with two slashes', { name: 'a', labels: { 'a/b/c': 'x' } }, [[SchemaCodes.INVALID_LABEL, 'metadata.labels["a/b/c"]', expect.stringContaining('one \'/\'')]]],
    ['label value with a space', { name: 'a', labels: { app: 'my app' } }, [[SchemaCodes.INVALID_LABEL, 'metadata.labels.app', expect.stringContaining('invalid label value "my app"')]]],
    ['numeric label value', { name: 'a', labels: { version: 2 } }, [[SchemaCodes.INVALID_LABEL, 'metadata.labels.version', 'label value must be a string, got number']]],
    ['annotation key with a bad prefix', { name: 'a', annotations: { 'Example.com/x': 'y' } }, [[SchemaCodes.INVALID_ANNOTATION, 'metadata.annotations["Example.com/x"]', expect.stringContaining('prefix part')]]],
    ['valid everything', { name: 'reviews.v1', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'reviews', 'empty': '' }, annotations: { 'galley.istio.io/analyze-suppress': 'IST0101' } }, []],
  ] as const)('%s', (_t, metadata, expected) => {
    expect(check(metadata)).toEqual(expected);
  });
});

describe('Istio versions', () => {
  const policy = {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: meta,
    spec: { rules: [{ from: [{ source: { trustDomains: ['cluster.local'] } }] }] },
  };

  test('a field added in a newer release is an error for an older target, naming the release', () => {
    const added = SUPPORTED_ISTIO_VERSIONS.find((v) => validateObject(policy, { istioVersion: v }).length === 0)!;
    expect(added).toBeDefined();
    const older = SUPPORTED_ISTIO_VERSIONS.slice(0, SUPPORTED_ISTIO_VERSIONS.indexOf(added));
    expect(older.length).toBeGreaterThan(0);
    for (const v of older) {
      expect(validateObject(policy, { istioVersion: v })).toEqual([expect.objectContaining({
        code: SchemaCodes.FIELD_NOT_IN_VERSION,
        path: 'spec.rules[0].from[0].source.trustDomains',
        message: `unknown field "trustDomains" in the targeted Istio release (it was added in Istio ${added})`,
      })]);
    }
  });

  test('an unsupported target is reported, not thrown', () => {
    const [f] = validateObject({ apiVersion: 'networking.istio.io/v1', kind: 'Gateway', metadata: meta, spec: {} }, { istioVersion: '1.9' as IstioVersion });
    expect(f).toMatchObject({ code: SchemaCodes.UNKNOWN_KIND, message: 'cannot check against Istio 1.9: the supported releases are 1.28, 1.29, 1.30, 1.31' });
  });

  test('a kind added in 1.30 is not served by 1.29', () => {
    const ext = { apiVersion: 'extensions.istio.io/v1alpha1', kind: 'TrafficExtension', metadata: meta, spec: { lua: { inlineCode: 'x' } } };
    expect(validateObject(ext, { istioVersion: IstioVersion.V1_30 }).filter((f) => f.code === SchemaCodes.UNKNOWN_KIND)).toEqual([]);
    expect(validateObject(ext, { istioVersion: IstioVersion.V1_29 })).toEqual([expect.objectContaining({
      code: SchemaCodes.UNKNOWN_KIND, message: 'TrafficExtension is not served by Istio 1.29 (it was added in Istio 1.30)',
    })]);
  });
});

describe('CEL library', () => {
  test.each([
    ['https://example.com/a?b=c', 'https', 'example.com'],
    ['oci://ghcr.io/org/plugin:1.0', 'oci', 'ghcr.io'],
    ['/absolute/path', '', ''],
    ['file:///opt/plugin.wasm', 'file', ''],
    ['HTTP://Example.com:8080', 'http', 'Example.com:8080'],
  ])('url(%s) has scheme %s and host %s', (text, scheme, host) => {
    expect(parseRequestUri(text)).toMatchObject({ scheme, host });
  });

  test.each(['relative/path', '#%blah$#@', 'http://a b/', 'http://host:port/', ':nope'])('%s is not a request URI', (text) => {
    expect(parseRequestUri(text)).toBeUndefined();
  });

  test('a rule reports its own message at the node path; evaluation errors say why', () => {
    const rule = { rule: "duration(self) >= duration('1ms')", message: 'must be a valid duration greater than 1ms' };
    expect(evaluateRule(rule, '5s', 'spec.timeout')).toBeUndefined();
    expect(evaluateRule(rule, '10 s', 'spec.timeout')).toMatchObject({ path: 'spec.timeout', message: 'must be a valid duration greater than 1ms (Invalid duration string: 10 s)' });
  });

  test('messageExpression and fieldPath are honoured; transition rules are skipped', () => {
    expect(evaluateRule({ rule: 'self.a < 3', messageExpression: "'a is ' + string(self.a)", fieldPath: '.a' }, { a: 5 }, 'spec'))
      .toMatchObject({ path: 'spec.a', message: 'a is 5' });
    expect(evaluateRule({ rule: 'self == oldSelf', message: 'immutable' }, 1, 'spec.x')).toBeUndefined();
  });
});

describe('did you mean', () => {
  test.each([
    ['tags', ['match', 'disabled', 'tagOverrides'], 'tagOverrides'],
    ['hostz', ['hosts', 'gateways'], 'hosts'],
    ['STRICT', ['strict'], 'strict'],
    ['interval', ['http1MaxPendingRequests', 'maxRetries', 'idleTimeout'], undefined],
  ])('%s among %j', (word, candidates, expected) => {
    expect(closest(word, candidates)).toBe(expected);
  });
});

describe('never throws', () => {
  const kinds = Object.keys(schemaFile(IstioVersion.V1_30).kinds).map((k) => {
    const i = k.lastIndexOf('/');
    return { apiVersion: k.slice(0, i), kind: k.slice(i + 1) };
  });

  test('on arbitrary values', () => {
    fc.assert(fc.property(fc.anything(), (value) => {
      expect(Array.isArray(validateObject(value))).toBe(true);
    }), { numRuns: 300 });
  });

  test('on Istio kinds with arbitrary metadata and spec', () => {
    fc.assert(fc.property(
      fc.constantFrom(...kinds), fc.anything(), fc.anything(), fc.constantFrom(...SUPPORTED_ISTIO_VERSIONS),
      (k, metadata, spec, istioVersion) => {
        const findings = validateObject({ ...k, metadata, spec }, { istioVersion });
        expect(findings.every((f) => f.code !== SchemaCodes.INTERNAL)).toBe(true);
      },
    ), { numRuns: 500 });
  });

  test('on Istio kinds with JSON-like specs shaped by field names of the schemas', () => {
    const names = ['hosts', 'http', 'route', 'destination', 'host', 'port', 'number', 'timeout', 'subset', 'weight', 'selector', 'matchLabels',
      'rules', 'from', 'source', 'to', 'operation', 'jwtRules', 'issuer', 'jwksUri', 'portLevelMtls', 'mtls', 'mode', 'servers', 'tls',
      'credentialName', 'credentialNames', 'url', 'endpoints', 'address', 'ports', 'resolution', 'addresses', 'metrics', 'overrides',
      'tagOverrides', 'value', 'workloadSelector', 'labels', 'egress', 'template', 'probe', 'configPatches', 'patch', 'lua', 'wasm'];
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
        fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.constantFrom(...names), tie('value'), { maxKeys: 4 })),
    })).value;
    fc.assert(fc.property(fc.constantFrom(...kinds), json, (k, spec) => {
      const findings = validateObject({ ...k, metadata: { name: 'x' }, spec });
      expect(findings.every((f) => f.code !== SchemaCodes.INTERNAL)).toBe(true);
    }), { numRuns: 1000 });
  });
});
