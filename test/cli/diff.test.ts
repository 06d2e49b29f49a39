import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { run } from './helpers';
import { DIFF_MARKDOWN_MARKER } from '../../lib/gitops';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-istio-diff-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(rel: string, text: string): string {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const CANARY = (v1: number, v2: number) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
  namespace: bookinfo
spec:
  hosts: [reviews]
  http:
    - route:
        - destination: {host: reviews, subset: v1}
          weight: ${v1}
        - destination: {host: reviews, subset: v2}
          weight: ${v2}
`;

const RULE = `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews
  subsets:
    - {name: v1, labels: {version: v1}}
    - {name: v2, labels: {version: v2}}
`;

const POLICY = (namespaces: string) => `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-frontend, namespace: payments}
spec:
  selector: {matchLabels: {app: payments}}
  rules:
    - from: [{source: {namespaces: [${namespaces}]}}]
      to: [{operation: {methods: [GET]}}]
`;

const MTLS = (mode: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: payments}
spec:
  mtls: {mode: ${mode}}
`;

/** The pairs of configurations with known changes: OLD, NEW, the exact text report (after the file line). */
const KNOWN: Record<string, [string, string, string[]]> = {
  'an added allowed namespace': [POLICY('frontend'), POLICY('frontend, batch'), [
    '~ AuthorizationPolicy payments/allow-frontend (security.istio.io/v1, changed)',
    '    rules[0]: now also allows namespace `batch` (access widened)',
    '',
    '1 changed, 0 added, 0 removed, 0 warnings (0 unchanged)',
  ]],
  'an mTLS downgrade': [MTLS('STRICT'), MTLS('PERMISSIVE'), [
    '~ PeerAuthentication payments/default (security.istio.io/v1, changed)',
    '    mTLS mode: STRICT → PERMISSIVE',
    '    warning CIS7002: mTLS downgraded from STRICT to PERMISSIVE for namespace payments: plaintext traffic is accepted [spec.mtls.mode]',
    '',
    '1 changed, 0 added, 0 removed, 1 warning (0 unchanged)',
  ]],
  'a removed subset still routed to': [`${RULE}---\n${CANARY(90, 10)}`, `${RULE.replace('    - {name: v2, labels: {version: v2}}\n', '')}---\n${CANARY(90, 10)}`, [
    '~ DestinationRule bookinfo/reviews (networking.istio.io/v1, changed)',
    '    subset `v2` (version=v2) removed',
    '    warning CIS7001: subset `v2` of reviews.bookinfo.svc.cluster.local is gone, but VirtualService bookinfo/reviews still routes to it: those requests fail (503) [spec.subsets]',
    '',
    '1 changed, 0 added, 0 removed, 1 warning (1 unchanged)',
  ]],
};

describe('cdk8s-istio diff: known changes', () => {
  test.each(Object.keys(KNOWN))('%s: reported exactly, exit 1', async (name) => {
    const [before, after, report] = KNOWN[name];
    const r = await run('diff', write('old.yaml', before), write('new.yaml', after));
    expect(r.code).toBe(1);
    expect(r.stdout.replace(/ {2}\S+new\.yaml:\d+\n/, '\n')).toBe(`${report.join('\n')}\n`);
    const again = await run('diff', write('same.yaml', after), write('same.yaml', after));
    expect(again).toEqual({ code: 0, stdout: expect.stringMatching(/^No changes: /), stderr: '' });
  });
});

describe('cdk8s-istio diff', () => {
  test('identical inputs: exit 0 and "No changes"', async () => {
    const a = write('a.yaml', `${CANARY(90, 10)}---\n${RULE}`);
    const r = await run('diff', a, a);
    expect(r).toEqual({ code: 0, stdout: 'No changes: 2 resources compared, all equal.\n', stderr: '' });
  });

  test('a reordered but equal file (keys, documents, style, comments, quoting) is no change', async () => {
    const a = write('old.yaml', `${CANARY(90, 10)}---\n${RULE}`);
    const b = write('new.yaml', `# the same objects, written differently
apiVersion: "networking.istio.io/v1"
kind: DestinationRule
spec:
  subsets:
  - labels:
      version: v1
    name: v1
  - name: "v2"
    labels: {version: 'v2'}
  host: reviews
metadata: {namespace: bookinfo, name: reviews}
---
kind: VirtualService
apiVersion: networking.istio.io/v1
metadata: {namespace: bookinfo, name: reviews}
spec:
  http:
  - route:
    - weight: 90
      destination: {subset: v1, host: reviews}
    - {weight: 10, destination: {host: reviews, subset: v2}}
  hosts:
  - reviews
`);
    const r = await run('diff', a, b);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('No changes: 2 resources compared, all equal.\n');
  });

  test('canary 10 → 25: exit 1, the text report names the resource, the weights and the file', async () => {
    const a = write('old/mesh.yaml', `${RULE}---\n${CANARY(90, 10)}`);
    const b = write('new/mesh.yaml', `${RULE}---\n${CANARY(75, 25)}`);
    const r = await run('diff', path.dirname(a), path.dirname(b));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe([
      `~ VirtualService bookinfo/reviews (networking.istio.io/v1, changed)  ${b}:10`,
      '    http[0]: reviews v1 90% → 75%',
      '    http[0]: reviews v2 10% → 25%',
      '',
      '1 changed, 0 added, 0 removed, 0 warnings (1 unchanged)',
      '',
    ].join('\n'));
  });

  test('--format json: one object with changes and summary', async () => {
    const a = write('a.yaml', CANARY(90, 10));
    const b = write('b.yaml', CANARY(75, 25));
    const r = await run('diff', '--format', 'json', a, b);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      changes: [{
        change: 'changed',
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        namespace: 'bookinfo',
        name: 'reviews',
        oldSource: { file: a, line: 1 },
        newSource: { file: b, line: 1 },
        details: [
          { path: 'spec.http[0].route', message: 'http[0]: reviews v1 90% → 75%', before: 90, after: 75 },
          { path: 'spec.http[0].route', message: 'http[0]: reviews v2 10% → 25%', before: 10, after: 25 },
        ],
        warnings: [],
      }],
      summary: { added: 0, removed: 0, changed: 1, unchanged: 0, warnings: 0, skipped: 0 },
      notes: [],
      // Added with the behaviour diff (issue 14): no Service or caller in these files, so nothing was asked.
      behaviour: {
        newlyAllowed: [],
        newlyDenied: [],
        routes: [],
        sampled: { destinations: 0, callers: 2, accessRequests: 0, routeRequests: 0, maxRequestsPerPair: 8 },
      },
    });
  });

  test('--format markdown: a pull-request comment with warnings first', async () => {
    const a = write('a.yaml', `${RULE}---\n${CANARY(90, 10)}`);
    const b = write('b.yaml', `${RULE.replace('    - {name: v1, labels: {version: v1}}\n', '')}---\n${CANARY(90, 10)}`);
    const r = await run('diff', '-f', 'markdown', a, b);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe([
      DIFF_MARKDOWN_MARKER,
      '### Istio changes',
      '',
      '**1 changed, 0 added, 0 removed, 1 warning (1 unchanged)**',
      '',
      '#### ⚠️ Warnings',
      '',
      '- **DestinationRule** `bookinfo/reviews`: subset `v1` of reviews.bookinfo.svc.cluster.local is gone, but VirtualService bookinfo/reviews still routes to it: those requests fail (503) (`CIS7001`)',
      '',
      '#### What changes in the mesh',
      '',
      '```mermaid',
      '---',
      'title: mesh changes',
      '---',
      'flowchart LR',
      '  subgraph n1["namespace bookinfo · mTLS PERMISSIVE"]',
      '    subgraph n2["reviews"]',
      '      n3("host reviews.bookinfo<br/>not defined here")',
      '      n4[/"[changed] subset v1<br/>not defined by a DestinationRule"/]',
      '    end',
      '  end',
      '  n3 -->|"90%"| n4',
      '  linkStyle 0 stroke:#1565c0',
      '  classDef changed stroke:#ef6c00,stroke-width:3px',
      '  class n4 changed',
      '  classDef mtlsPERMISSIVE stroke:#ef6c00',
      '  class n1 mtlsPERMISSIVE',
      '```',
      '',
      '#### Resources',
      '',
      `🟡 **DestinationRule** \`bookinfo/reviews\` changed · \`${b}:1\``,
      '- ⚠️ **CIS7001** subset `v1` of reviews.bookinfo.svc.cluster.local is gone, but VirtualService bookinfo/reviews still routes to it: those requests fail (503)',
      '- subset `v1` (version=v1) removed',
      '',
      '',
    ].join('\n'));
  });

  test('a YAML parse error: exit 2 with file and line', async () => {
    const a = write('a.yaml', CANARY(90, 10));
    const b = write('b.yaml', `${CANARY(90, 10)}---\nkind: VirtualService\nspec:\n  hosts: [reviews\n  http: []\n`);
    const r = await run('diff', a, b);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^cdk8s-istio diff: ${b.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1[0-9]: `));
  });

  test('usage errors: exit 2', async () => {
    const a = write('a.yaml', CANARY(90, 10));
    for (const argv of [['diff'], ['diff', a], ['diff', a, a, a], ['diff', '--format', 'html', a, a], ['diff', '--colour', a, a]]) {
      const r = await run(...argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^cdk8s-istio diff: .*\n\nUsage: cdk8s-istio diff/);
    }
    const missing = await run('diff', a, path.join(dir, 'nope'));
    expect(missing).toEqual({ code: 2, stdout: '', stderr: `cdk8s-istio diff: ${path.join(dir, 'nope')}: no such file or folder\n` });
  });

  test('--help prints the usage and exits 0; the command is listed in the CLI usage', async () => {
    const r = await run('diff', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: cdk8s-istio diff [--format text|markdown|json] OLD NEW');
    expect((await run('--help')).stdout).toMatch(/\n {2}diff +explain the Istio changes/);
  });
});
