import * as fc from 'fast-check';
import { cidrError, ipSubnetError } from '../../../lib/validation/webhook/addresses';
import { durationError, parseGoDuration } from '../../../lib/validation/webhook/durations';
import { headerValueError, isJwtClaimRoute, matchHeaderNameError } from '../../../lib/validation/webhook/headers';
import { fqdnError, namespacedHostErrors, wildcardDomainError } from '../../../lib/validation/webhook/hosts';
import { isDNS1123Label } from '../../../lib/validation/webhook/labels';
import { regexError } from '../../../lib/validation/webhook/regex';
import { celSyntaxError } from '../../../lib/vocab/cel-syntax';
import { hostSubsetOf, hostsMatch } from '../../../lib/vocab/hosts';
import { at, childPath } from '../../../lib/vocab/paths';
import { parseProtocol } from '../../../lib/vocab/protocol';

describe('durations (Go time.ParseDuration)', () => {
  test.each([
    ['10s', 10e9], ['1.5s', 1.5e9], ['1h30m', 5400e9], ['100ms', 1e8], ['0', 0], ['-1s', -1e9], ['2us', 2000], ['2µs', 2000], ['.5s', 5e8],
  ])('%s parses', (text, ns) => expect(Number(parseGoDuration(text))).toBe(ns));
  test.each(['10 s', '10', 's', '1x', '', '1.s.', '--1s'])('%j does not parse', (text) => expect(parseGoDuration(text)).toBeUndefined());
  test('istiod wants at least 1ms, in whole milliseconds', () => {
    expect(durationError('1ms')).toBeUndefined();
    expect(durationError('999us')).toMatch(/at least 1ms/);
    expect(durationError('1500us')).toMatch(/whole number of milliseconds/);
    expect(durationError('10 s')).toMatch(/not a valid duration/);
    expect(durationError(10)).toMatch(/not a duration/);
  });
});

describe('hosts', () => {
  test.each(['reviews', 'reviews.default.svc.cluster.local', '*.example.com', '*', 'istio.io.', '*-foo.example.com'])('%s is a valid wildcard domain', (h) => {
    expect(wildcardDomainError(h)).toBeUndefined();
  });
  test.each(['', 'foo*.example.com', 'a.*.com', 'a..b', 'example.123', 'under_score.com', `${'a'.repeat(64)}.com`])('%j is not', (h) => {
    expect(wildcardDomainError(h)).toBeDefined();
  });
  test('an FQDN has no wildcard', () => {
    expect(fqdnError('a.example.com')).toBeUndefined();
    expect(fqdnError('*.example.com')).toBeDefined();
  });
  test('matching and subsets follow istio host.Name', () => {
    expect(hostsMatch('*.example.com', 'a.example.com')).toBe(true);
    expect(hostsMatch('*.com', '*.example.com')).toBe(true);
    expect(hostsMatch('a.example.com', 'b.example.com')).toBe(false);
    expect(hostSubsetOf('a.example.com', '*.example.com')).toBe(true);
    expect(hostSubsetOf('*.example.com', 'a.example.com')).toBe(false);
  });
  test('namespace/host entries', () => {
    expect(namespacedHostErrors('./*', false)).toEqual([]);
    expect(namespacedHostErrors('~/*', false)).toEqual([]);
    expect(namespacedHostErrors('~/*', true)).toEqual(['invalid namespace value "~" in gateway']);
    expect(namespacedHostErrors('reviews.default.svc.cluster.local', false)).toEqual(['host must be of form namespace/dnsName']);
    expect(namespacedHostErrors('example.com', true)).toEqual([]);
    expect(namespacedHostErrors('ns/reviews', false)).toEqual(['short names (non FQDN) are not allowed']);
  });
});

describe('addresses', () => {
  test('IP subnets', () => {
    expect(ipSubnetError('10.0.0.0/8')).toBeUndefined();
    expect(ipSubnetError('2001:db8::/32')).toBeUndefined();
    expect(ipSubnetError('10.0.0.1')).toBeUndefined();
    expect(ipSubnetError('10.0.0.0/33')).toBeDefined();
    expect(ipSubnetError('010.0.0.1')).toBeDefined();
    expect(cidrError('10.0.0.0/08')).toBeDefined();
    expect(ipSubnetError('a/b/c')).toBeDefined();
  });
});

describe('headers', () => {
  test('header values follow Envoy’s format parser', () => {
    expect(headerValueError('foo')).toBeUndefined();
    expect(headerValueError('%HOSTNAME%')).toBeUndefined();
    expect(headerValueError('100%%')).toBeUndefined();
    expect(headerValueError('%REQ(x-a)% b')).toBeUndefined();
    expect(headerValueError('%START_TIME(%s)%')).toBeUndefined();
    expect(headerValueError('abc%123')).toBeDefined();
    expect(headerValueError('%START_TIME%%')).toBeDefined();
    expect(headerValueError('a\nb')).toBeDefined();
  });
  test('match header names', () => {
    expect(matchHeaderNameError(':authority')).toBeUndefined();
    expect(matchHeaderNameError('x-user')).toBeUndefined();
    expect(matchHeaderNameError('::')).toBeDefined();
    expect(isJwtClaimRoute('@request.auth.claims.group')).toBe(true);
    expect(isJwtClaimRoute('@request.auth.claims[group]')).toBe(true);
    expect(isJwtClaimRoute('@request.auth.claims')).toBe(false);
  });
});

describe('regex, labels, protocols, CEL', () => {
  test('RE2 syntax', () => {
    expect(regexError('^/api/v[0-9]+/.*$')).toBeUndefined();
    expect(regexError('(?i)admin')).toBeUndefined();
    expect(regexError('foo(?=bar)')).toMatch(/RE2/);
    expect(regexError('(a)\\1')).toBeDefined();
    expect(regexError('a'.repeat(1025))).toMatch(/too large/);
  });
  test('DNS-1123 labels', () => {
    expect(isDNS1123Label('v1')).toBe(true);
    expect(isDNS1123Label('V1')).toBe(true);
    expect(isDNS1123Label('v1.0')).toBe(false);
    expect(isDNS1123Label('-v1')).toBe(false);
  });
  test('protocols are case-insensitive', () => {
    expect(parseProtocol('http')).toBe('HTTP');
    expect(parseProtocol('GRPC-Web')).toBe('GRPC-Web');
    expect(parseProtocol('HTTP3')).toBe('Unsupported');
  });
  test.each(['response.code >= 400', "connection.mtls && request.url_path.contains('v1beta3')", 'response.code',
    'a ? b : c', '[1, 2].exists(x, x > 1)', '{"a": 1}["a"] == 1', '!(x in [1u, 0x2])', 'r"raw\\d" != b"x"', 'a.b[c].d(e,)'])('%s is CEL', (e) => {
    expect(celSyntaxError(e)).toBeUndefined();
  });
  test.each([')++++', 'response.code >=', '', 'a b', '(a', "'unterminated", 'a.'])('%j is not CEL', (e) => {
    expect(celSyntaxError(e)).toBeDefined();
  });
});

describe('field paths of the rules\' findings', () => {
  test.each([
    ['spec', 'http', 'spec.http'], ['', 'spec', 'spec'], ['spec.http[0]', 'route', 'spec.http[0].route'], ['spec', 'port.name', 'spec.port.name'],
    ['metadata.labels', 'app.kubernetes.io/name', 'metadata.labels["app.kubernetes.io/name"]'], ['headers', 'x-user', 'headers.x-user'], ['spec.http', 2, 'spec.http[2]'],
  ])('%j + %j = %j', (base, key, path) => expect(at(base, key)).toBe(path));

  test('a dotted key appends its fields one by one, whatever keys came before (property)', () => {
    const field = fc.stringMatching(/^[A-Za-z_$][A-Za-z0-9_$]{0,5}$/);
    const key = fc.oneof(field, fc.array(field, { minLength: 2, maxLength: 3 }).map((f) => f.join('.')), fc.string({ maxLength: 8 }));
    fc.assert(fc.property(fc.constantFrom('', 'spec', 'spec.http[0]'), fc.array(key, { minLength: 1, maxLength: 6 }), (base, keys) => {
      for (const k of keys) {
        const expected = /^[A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*$/.test(k) ? k.split('.').reduce(childPath, base) : childPath(base, k);
        expect(at(base, k)).toBe(expected);
      }
    }));
  });
});
