import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { Severity, validateIstioOperator, validateObject } from '../../lib';

/**
 * The Istio guide our users learned from. It has no license we could keep it under, so it is read
 * from ../shared when that is beside the checkout (as in CI); a clone without it skips these tests.
 */
export const GUIDE = path.join(__dirname, '..', '..', '..', 'shared', 'seed', '000_c54c821e0a8f42e6.txt');

/** `test`, or `test.skip` when the guide is not beside the checkout. */
export const guideTest = fs.existsSync(GUIDE) ? test : test.skip;

/** The guide's YAML documents whose text contains `marker` (e.g. `kind: IstioOperator`). */
export function guideDocuments(marker: string): any[] {
  if (!fs.existsSync(GUIDE)) return [];
  const text = fs.readFileSync(GUIDE, 'utf8');
  return [...text.matchAll(/```yaml\n([\s\S]*?)```/g)]
    .flatMap((m) => parseAllDocuments(m[1]).map((d) => d.toJS()))
    .filter((d) => d && JSON.stringify(d).includes(marker));
}

/** The fixtures' throwaway CA. */
export const CA_FIXTURES = path.join(__dirname, 'fixtures', 'ca');

/** The message `app.synthYaml()` throws, or fails the test when it does not throw. */
export function synthError(app: App): string {
  try {
    app.synthYaml();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected synth to fail');
}

/** The synthesized object of that kind (and name). */
export function findObject(objects: any[], kind: string, name?: string): any {
  return objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
}

/**
 * The error findings of the project's Istio checks (`validateObject`: CRD schema, CEL rules,
 * webhook rules) on synthesized objects; IstioOperator gets its own checks. Non-Istio objects pass.
 */
export function istioErrors(objects: readonly any[]): string[] {
  return objects.flatMap((o) => (o.kind === 'IstioOperator' ? validateIstioOperator(o) : validateObject(o)))
    .filter((f) => f.severity === Severity.ERROR)
    .map((f) => `${f.code} ${f.resource?.kind}/${f.resource?.name} ${f.path}: ${f.message}`);
}
