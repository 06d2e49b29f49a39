import { run, writeFiles } from './helpers';

// Namespace `pay` is not in the files (the platform creates it): its data plane comes from the flags, as
// IstioSettings' `dataplane` / `namespaceDataplanes` give it at synth. The ALLOW rule has an L7 attribute
// (`methods`), which ztunnel drops in ambient mode without a waypoint
// (pilot/pkg/serviceregistry/ambient/authorization.go convertAuthorizationPolicy), leaving an ALLOW with no rule.
const PAY = `apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: pay }
spec:
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec: { serviceAccountName: api, containers: [{ name: app, image: example/api, ports: [{ containerPort: 8080 }] }] }
---
apiVersion: v1
kind: Service
metadata: { name: api, namespace: pay }
spec: { selector: { app: api }, ports: [{ name: http, port: 8080 }] }
---
apiVersion: v1
kind: ServiceAccount
metadata: { name: web, namespace: pay }
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: api-get, namespace: pay }
spec:
  selector: { matchLabels: { app: api } }
  rules: [{ from: [{ source: { principals: [cluster.local/ns/pay/sa/web] } }], to: [{ operation: { methods: [GET] } }] }]
`;

const access = ['explain', 'access', '--from', 'pay/web', '--to', 'pay/api:8080', '--method', 'GET', '--format', 'json'];

describe('--dataplane and --namespace-dataplane: namespaces the files do not define', () => {
  test('explain: sidecar by default (the L7 rule allows GET); ambient by either flag (ztunnel drops the rule: denied)', async () => {
    const dir = writeFiles({ 'pay.yaml': PAY });
    expect(JSON.parse((await run(...access, dir)).stdout)).toMatchObject({ decision: 'ALLOW', policy: 'pay/api-get' });
    expect(JSON.parse((await run(...access, '--dataplane', 'sidecar', dir)).stdout)).toMatchObject({ decision: 'ALLOW' });
    expect(JSON.parse((await run(...access, '--dataplane', 'ambient', dir)).stdout)).toMatchObject({ decision: 'DENY' });
    expect(JSON.parse((await run(...access, '--namespace-dataplane', 'pay=ambient', dir)).stdout)).toMatchObject({ decision: 'DENY' });
    // The namespace's own setting wins over the default.
    expect(JSON.parse((await run(...access, '--dataplane', 'ambient', '--namespace-dataplane', 'pay=sidecar', dir)).stdout)).toMatchObject({ decision: 'ALLOW' });
    expect(JSON.parse((await run(...access, '--namespace-dataplane', 'other=ambient', dir)).stdout)).toMatchObject({ decision: 'ALLOW' });
  });

  test('a Namespace object in the files wins over the flags', async () => {
    const dir = writeFiles({ 'pay.yaml': PAY, 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: { name: pay, labels: { istio-injection: enabled } }\n' });
    expect(JSON.parse((await run(...access, '--dataplane', 'ambient', dir)).stdout)).toMatchObject({ decision: 'ALLOW' });
  });

  test('analyze: CIS5013 (L7 rule dropped by ztunnel) only when the namespace is taken as ambient', async () => {
    const dir = writeFiles({ 'pay.yaml': PAY });
    const codes = async (...flags: string[]) => (await run('analyze', '--format', 'json', ...flags, dir)).stdout.trim().split('\n')
      .filter((l) => l !== '').map((l) => JSON.parse(l)).filter((f) => f.code === 'CIS5013').map((f) => [f.severity, f.name]);
    expect(await codes()).toEqual([]);
    expect(await codes('--dataplane', 'ambient')).toEqual([['error', 'api-get']]);
    expect(await codes('--namespace-dataplane', 'pay=ambient')).toEqual([['error', 'api-get']]);
  });

  test('graph: the namespace is drawn as ambient', async () => {
    const dir = writeFiles({ 'pay.yaml': PAY });
    expect((await run('graph', dir)).stdout).not.toMatch(/namespace pay · mTLS \S+ · ambient/);
    expect((await run('graph', '--namespace-dataplane', 'pay=ambient', dir)).stdout).toMatch(/namespace pay · mTLS \S+ · ambient/);
  });

  test.each([
    [['analyze', '--dataplane', 'gvisor'], /--dataplane must be sidecar or ambient, got 'gvisor'/],
    [['explain', 'access', '--from', 'pay/web', '--to', 'pay/api:8080', '--namespace-dataplane', 'pay'], /--namespace-dataplane must be NAMESPACE=sidecar\|ambient, got 'pay'/],
    [['graph', '--namespace-dataplane', 'pay=none'], /--namespace-dataplane pay must be sidecar or ambient, got 'none'/],
  ])('%j: a usage error (exit 2) naming the flag', async (args, message) => {
    const dir = writeFiles({ 'pay.yaml': PAY });
    const r = await run(...args, dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  test('validate does not take them (the per-object checks do not depend on the data plane); --help lists them', async () => {
    const dir = writeFiles({ 'pay.yaml': PAY });
    expect((await run('validate', '--dataplane', 'ambient', dir)).code).toBe(2);
    for (const command of ['analyze', 'explain', 'graph']) expect((await run(command, '--help')).stdout).toMatch(/--namespace-dataplane NS=MODE/);
  });
});
