import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { Cdk8sValidationContext, IstioValidation } from '../../lib/checks';

function context(yamlText: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plugin-'));
  const file = path.join(dir, 'app.k8s.yaml');
  fs.writeFileSync(file, yamlText);
  const violations: any[] = [];
  const logs: string[] = [];
  let submitted: { status: string; metadata?: Record<string, string> } | undefined;
  const ctx: Cdk8sValidationContext = {
    manifests: [file],
    parseManifest: (p) => parseAllDocuments(fs.readFileSync(p, 'utf8')).map((d) => d.toJS()),
    report: {
      addViolation: (v) => violations.push(v),
      submit: (status, metadata) => {
        submitted = { status, metadata: metadata as Record<string, string> };
      },
    },
    logger: { log: (m) => logs.push(m) },
  };
  return { ctx, file, violations, logs, submitted: () => submitted };
}

const GOOD = `apiVersion: v1
kind: Service
metadata: {name: reviews}
spec:
  ports: [{name: http, port: 9080}]
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews}
spec:
  hosts: [reviews]
  http:
  - route: [{destination: {host: reviews}}]
`;

describe('IstioValidation (cdk8s CLI validation plugin)', () => {
  test('passes clean manifests and logs what it checked', async () => {
    const c = context(GOOD);
    await new IstioValidation().validate(c.ctx);
    expect(c.submitted()).toEqual({ status: 'success', metadata: { istioVersion: '1.30', checked: '1', skipped: '1', errors: '0', warnings: '0' } });
    expect(c.violations).toEqual([]);
    expect(c.logs).toEqual(['Istio 1.30 checks: 1 Istio objects checked, 1 other skipped, 0 errors, 0 warnings']);
  });

  test('fails with one violation per error, naming the resource, field and fix', async () => {
    const c = context(`${GOOD}    timeout: 10 s\n    retrys: {attempts: 3}\n`);
    await new IstioValidation({ istioVersion: '1.29' }).validate(c.ctx);
    expect(c.submitted()?.status).toBe('failure');
    expect(c.violations).toEqual([
      {
        ruleName: 'CIS1002 (error)',
        recommendation: 'VirtualService reviews: spec.http[0].retrys: unknown field "retrys"',
        fix: 'did you mean "retries"?',
        violatingResources: [{ resourceName: 'reviews', locations: ['spec.http[0].retrys'], manifestPath: c.file }],
      },
      expect.objectContaining({ ruleName: 'CIS1011 (error)', recommendation: expect.stringContaining('spec.http[0].timeout: must be a valid duration greater than 1ms') }),
    ]);
  });

  test('the app is part of a mesh unless assumeCompleteMesh: a route to a Gateway it does not define fails only then', async () => {
    const bound = GOOD.replace('  hosts: [reviews]\n', '  hosts: [reviews]\n  gateways: [istio-system/public]\n');
    const open = context(bound);
    await new IstioValidation().validate(open.ctx);
    expect(open.submitted()?.status).toBe('success');
    const closed = context(bound);
    await new IstioValidation({ assumeCompleteMesh: true }).validate(closed.ctx);
    expect(closed.submitted()?.status).toBe('failure');
    expect(closed.violations.map((v) => v.ruleName)).toContain('IST0101 (error)');
  });

  test('disabledChecks from its properties', async () => {
    const c = context(`${GOOD}  bogus: 1\n`);
    await new IstioValidation({ disabledChecks: ['CIS1002'] }).validate(c.ctx);
    expect(c.submitted()?.status).toBe('success');
  });
});
