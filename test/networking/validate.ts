import { Severity, validateObjects } from '../../lib';

/** The error findings of our checks (schema, CEL rules, webhook rules) on synthesized objects, as readable lines. */
export function errorFindings(objects: any[]): string[] {
  return validateObjects(objects)
    .filter((f) => f.severity === Severity.ERROR)
    .map((f) => `${f.resource?.kind}/${f.resource?.name} [${f.code}] ${f.path}: ${f.message}`);
}

/** Asserts that our checks find no error in the objects (non-Istio objects such as cdk8s-plus Deployments are skipped). */
export function expectNoErrors(objects: any[]): void {
  expect(errorFindings(objects)).toEqual([]);
}
