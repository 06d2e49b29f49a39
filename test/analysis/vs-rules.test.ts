import { findings } from './helpers';
import { Severity } from '../../lib/vocab/finding';

const analyzer = 'schema.ValidationAnalyzer.VirtualService';
const vs = (http: string) => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: reviews }
spec:
  hosts: [reviews]
  http:
${http}
`;

describe('VirtualService rules that are never used (IST0130, IST0131)', () => {
  test('clean: distinct matches, then a catch-all last', () => {
    const http = `
  - match: [{ headers: { end-user: { exact: jason } } }]
    route: [{ destination: { host: reviews, subset: v2 } }]
  - match: [{ uri: { prefix: /api } }]
    route: [{ destination: { host: reviews, subset: v3 } }]
  - route: [{ destination: { host: reviews, subset: v1 } }]`;
    expect(findings(analyzer, vs(http))).toEqual([]);
  });

  test('broken: a rule after a catch-all is unreachable (a warning)', () => {
    const http = `
  - route: [{ destination: { host: reviews, subset: v1 } }]
  - match: [{ headers: { end-user: { exact: jason } } }]
    route: [{ destination: { host: reviews, subset: v2 } }]`;
    expect(findings(analyzer, vs(http)).map((f) => [f.code, f.severity, f.path, f.message])).toEqual([
      ['IST0130', Severity.WARNING, 'spec.http[1]', 'VirtualService rule #1 not used (route without matches defined before).'],
    ]);
  });

  test('broken: the same match twice (its name ignored) makes the later rule unreachable and the match ineffective', () => {
    const http = `
  - name: first
    match: [{ name: a, uri: { exact: /login } }]
    route: [{ destination: { host: reviews, subset: v1 } }]
  - name: second
    match: [{ name: b, uri: { exact: /login } }]
    route: [{ destination: { host: reviews, subset: v2 } }]`;
    expect(findings(analyzer, vs(http)).map((f) => [f.code, f.severity, f.message])).toEqual([
      ['IST0131', Severity.INFO, 'VirtualService rule "second" match "b" is not used (duplicate/overlapping match in rule "first").'],
      ['IST0130', Severity.WARNING, 'VirtualService rule "second" not used (all matches used by prior rules).'],
    ]);
  });

  test('broken: a prefix covered by an earlier, shorter prefix', () => {
    const http = `
  - match: [{ uri: { prefix: /api } }]
    route: [{ destination: { host: reviews, subset: v1 } }]
  - match: [{ uri: { prefix: /api/v2 } }]
    route: [{ destination: { host: reviews, subset: v2 } }]`;
    expect(findings(analyzer, vs(http)).map((f) => [f.code, f.path, f.message])).toEqual([
      ['IST0131', 'spec.http[1].match[0]', 'VirtualService rule #1 match #0 of prefix /api/v2 is not used (duplicate/overlapping match in rule #0 of prefix /api on #0).'],
    ]);
  });

  test('broken: TCP rules are checked the same way', () => {
    const yaml = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: db }
spec:
  hosts: [db]
  tcp:
  - match: [{ port: 3306 }]
    route: [{ destination: { host: db } }]
  - match: [{ port: 3306 }]
    route: [{ destination: { host: db-replica } }]
`;
    expect(findings(analyzer, yaml).map((f) => f.code)).toEqual(['IST0131', 'IST0130']);
  });
});
