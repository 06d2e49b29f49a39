import { ApiObject, Chart, Testing } from 'cdk8s';
import { Dataplane, IstioChecks, JwksSource, JwtProtectedApp, StrictMtlsNamespace, Waypoint, useWaypoint, WorkloadSelector } from '../../lib';
import { diffObjects, renderDiffText } from '../../lib/gitops';
import { MeshModel } from '../../lib/model';

/**
 * The shop app of the migration guide (lib/ambient/README.md): orders behind a JWT, in a locked-down namespace,
 * the frontend allowed in. `dataplane` is the only input that changes; in ambient the app adds its waypoint.
 */
function shop(dataplane: Dataplane) {
  const app = Testing.app();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const ambient = dataplane === Dataplane.AMBIENT;
  const waypoint = ambient ? new Waypoint(chart, 'waypoint') : undefined;
  const ns = new StrictMtlsNamespace(chart, 'ns', { name: 'shop', dataplane, waypoint });
  ns.allow('frontend', { from: { serviceAccounts: [{ name: 'frontend', metadata: { namespace: 'web' } }] }, to: { selector: WorkloadSelector.labels({ app: 'orders' }), ports: [8080] } });
  const service = new ApiObject(chart, 'svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'orders' }, spec: { selector: { app: 'orders' }, ports: [{ name: 'http', port: 8080 }] } });
  new ApiObject(chart, 'deploy', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'orders' },
    spec: { selector: { matchLabels: { app: 'orders' } }, template: { metadata: { labels: { app: 'orders' } }, spec: { serviceAccountName: 'orders', containers: [{ name: 'o', image: 'o' }] } } },
  });
  if (waypoint) useWaypoint(service, waypoint);
  new JwtProtectedApp(chart, 'orders', {
    selector: WorkloadSelector.labels({ app: 'orders' }), issuers: [{ issuer: 'https://idp.example.com', jwks: JwksSource.fromUri('https://idp.example.com/jwks.json') }], waypoint,
  });
  return { app, objects: Testing.synth(chart) };
}

describe('migrating a namespace from sidecars to ambient', () => {
  const before = shop(Dataplane.SIDECAR);
  const after = shop(Dataplane.AMBIENT);

  test('both sides analyze clean, but for the widened ALLOW the app keeps in both data planes', () => {
    // JwtProtectedApp's "any valid token" ALLOW widens the namespace's narrower allow (CIS5011) until the pattern
    // narrows its allow side to named callers (issue 15); the migration must not add any other finding. (After it,
    // the policies sit on the waypoint, where CIS5011 does not look yet, so it is silent there.)
    const open = (app: typeof before.app) => IstioChecks.findings(app).filter((f) => !f.suppressedBy && f.code !== 'CIS5011');
    expect(open(before.app)).toEqual([]);
    expect(open(after.app)).toEqual([]);
  });

  test('cdk8s-istio diff shows what changes: the namespace label, the waypoint, policies moved to targetRefs, the L4 allows', () => {
    const report = diffObjects(before.objects.map((object) => ({ object })), after.objects.map((object) => ({ object })));
    const changes = report.changes.map((c) => `${c.change} ${c.kind}/${c.name}`);
    expect(changes).toEqual(expect.arrayContaining([
      'added Gateway/waypoint',
      'changed Namespace/shop',
      'changed RequestAuthentication/orders',
      'changed AuthorizationPolicy/orders-require-jwt',
      'changed AuthorizationPolicy/orders-allow',
      'added AuthorizationPolicy/orders-via-waypoint',
      'added AuthorizationPolicy/allow-waypoint',
      'changed Service/orders',
    ]));
    const text = renderDiffText(report);
    expect(text).toContain('istio.io/dataplane-mode');
    expect(text).toMatch(/targetRefs/);
  });

  /**
   * The behaviour model before and after: the same answers for the app's promises when the callers move with it.
   * In ambient the JWT and the L7 policy sit on the waypoint (targetRefs), which a ztunnel caller traverses; the
   * pods admit the waypoint's identity (tests/integration/ambient/baseline_test.go TestAuthorizationServiceAttached,
   * TestL7JWT). A caller that keeps its sidecar bypasses the waypoint (waypoint_test.go TestIngressToWaypoint):
   * orders' L4 allow-list then admits the frontend without a token — migrate the callers' namespaces too.
   */
  test('the behaviour model answers the same for the app\'s promises before and after', () => {
    const withCallers = (dataplane: Dataplane, callers: Dataplane) => {
      const { app } = shop(dataplane);
      const web = new Chart(app, 'web', { namespace: 'web' });
      const labels: Record<string, string> = callers === Dataplane.AMBIENT ? { 'istio.io/dataplane-mode': 'ambient' } : { 'istio-injection': 'enabled' };
      new ApiObject(web, 'ns', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web', namespace: undefined, labels } });
      for (const sa of ['frontend', 'batch']) {
        new ApiObject(web, sa, {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: sa },
          spec: { selector: { matchLabels: { app: sa } }, template: { metadata: { labels: { app: sa } }, spec: { serviceAccountName: sa, containers: [{ name: 'c', image: 'c' }] } } },
        });
      }
      return MeshModel.fromApp(app);
    };
    const token = { iss: 'https://idp.example.com', sub: 'user-1' };
    const questions = [
      { from: 'web/frontend', to: 'shop/orders:8080', path: '/api/orders', jwt: token },
      { from: 'web/frontend', to: 'shop/orders:8080', path: '/api/orders' },
      { from: 'web/batch', to: 'shop/orders:8080', path: '/api/orders' },
      { from: 'anonymous', to: 'shop/orders:8080', path: '/api/orders' },
    ];
    const answers = (m: MeshModel) => questions.map((q) => m.access(q).decision);
    const sidecars = answers(withCallers(Dataplane.SIDECAR, Dataplane.SIDECAR));
    expect(sidecars).toEqual(['ALLOW', 'DENY', 'DENY', 'DENY']);
    expect(answers(withCallers(Dataplane.AMBIENT, Dataplane.AMBIENT))).toEqual(sidecars);
    // Callers left on sidecars skip the waypoint's JWT check: the token is no longer required.
    expect(answers(withCallers(Dataplane.AMBIENT, Dataplane.SIDECAR))).toEqual(['ALLOW', 'ALLOW', 'DENY', 'DENY']);
  });
});
