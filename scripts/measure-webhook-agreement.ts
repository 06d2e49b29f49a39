/**
 * Scores our webhook rules against cases built from Istio's own validation table tests.
 *
 *   npx ts-node --transpile-only scripts/measure-webhook-agreement.ts CASES.json [--all] [--version 1.30]
 *
 * CASES.json is a list of `{test?, name?, kind, apiVersion, metadata?, spec, istioVerdict, warningsChecked?}` where
 * istioVerdict is `error`, `warning` or `clean` (what istiod's webhook answers). When `warningsChecked` is false the
 * Istio test only said whether the object is rejected, so only error / not-error is compared.
 * Prints the agreement of `checkWebhookRules` alone and, when the schema/CEL layer is present
 * (`lib/validation/validate.ts` exporting `validateObject`), of the combined verdict; then the mismatches
 * (all of them with --all, else the first 40), false rejections first.
 */
import * as fs from 'fs';
import * as path from 'path';
import { IstioVersion, parseIstioVersion } from '../lib/core/istio-version';
import { checkWebhookRules } from '../lib/validation/webhook';
import { Finding, Severity } from '../lib/vocab/finding';
import { KubeObject } from '../lib/vocab/object';

type Verdict = 'error' | 'warning' | 'clean';

interface Case {
  readonly test?: string;
  readonly name?: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly metadata?: Record<string, unknown>;
  readonly spec: unknown;
  readonly istioVerdict: Verdict;
  readonly warningsChecked?: boolean;
}

type Checker = (object: KubeObject, version: IstioVersion) => readonly Finding[];

function verdictOf(findings: readonly Finding[]): Verdict {
  if (findings.some((f) => f.severity === Severity.ERROR)) return 'error';
  if (findings.some((f) => f.severity === Severity.WARNING)) return 'warning';
  return 'clean';
}

function agrees(c: Case, ours: Verdict): boolean {
  if (c.warningsChecked === false) return (ours === 'error') === (c.istioVerdict === 'error');
  return ours === c.istioVerdict;
}

function score(label: string, cases: readonly Case[], check: Checker, version: IstioVersion, showAll: boolean): void {
  const mismatches: Array<{ c: Case; ours: Verdict; findings: readonly Finding[] }> = [];
  for (const c of cases) {
    const object: KubeObject = { apiVersion: c.apiVersion, kind: c.kind, metadata: c.metadata ?? { name: 'foo', namespace: 'bar' }, spec: c.spec };
    const findings = check(object, version);
    const ours = verdictOf(findings);
    if (!agrees(c, ours)) mismatches.push({ c, ours, findings });
  }
  const falseRejections = mismatches.filter((m) => m.ours === 'error');
  const matched = cases.length - mismatches.length;
  console.log(`${label}: ${matched}/${cases.length} verdicts agree (${(100 * matched / Math.max(cases.length, 1)).toFixed(1)}%), `
    + `${falseRejections.length} objects Istio accepts are rejected, ${mismatches.length - falseRejections.length} other mismatches`);
  const ordered = [...falseRejections, ...mismatches.filter((m) => m.ours !== 'error')];
  for (const m of showAll ? ordered : ordered.slice(0, 40)) {
    console.log(`  [${m.c.test ?? ''}] ${m.c.name ?? ''} (${m.c.kind}): istio=${m.c.istioVerdict}${m.c.warningsChecked === false ? ' (errors only)' : ''} ours=${m.ours}`);
    for (const f of m.findings) console.log(`      ${f.severity} ${f.code} ${f.path}: ${f.message}`);
    if (m.findings.length === 0) console.log(`      spec: ${JSON.stringify(m.c.spec).slice(0, 300)}`);
  }
  if (!showAll && ordered.length > 40) console.log(`  ... ${ordered.length - 40} more (use --all)`);
}

function loadCombined(): Checker | undefined {
  const file = path.join(__dirname, '..', 'lib', 'validation', 'validate.ts');
  if (!fs.existsSync(file)) return undefined;
  // Loaded by path: the schema/CEL layer is built on another branch and may not be here.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as { validateObject?: (o: KubeObject, opts?: { istioVersion?: IstioVersion }) => readonly Finding[] };
  if (typeof mod.validateObject !== 'function') return undefined;
  return (o, v) => mod.validateObject!(o, { istioVersion: v });
}

function main(argv: readonly string[]): number {
  const file = argv.find((a) => !a.startsWith('--'));
  if (!file) {
    console.error('usage: measure-webhook-agreement CASES.json [--all] [--version 1.30]');
    return 2;
  }
  const vi = argv.indexOf('--version');
  const version = vi >= 0 ? parseIstioVersion(argv[vi + 1]) : IstioVersion.V1_30;
  const cases = JSON.parse(fs.readFileSync(file, 'utf8')) as Case[];
  const showAll = argv.includes('--all');
  score('webhook rules alone', cases, (o, v) => checkWebhookRules(o, { istioVersion: v }), version, showAll);
  const combined = loadCombined();
  if (combined) score('schema + CEL + webhook (validateObject)', cases, combined, version, showAll);
  else console.log('validateObject (lib/validation/validate.ts) is not on this branch: combined verdict not scored');
  return 0;
}

process.exitCode = main(process.argv.slice(2));
