import { Severity, SUPPORTED_ISTIO_VERSIONS, validateObjects } from '../../lib';

/**
 * The error findings of our checks (schema, CEL rules, webhook rules) on synthesized objects, for
 * every supported Istio release, as readable lines.
 */
export function errorFindings(objects: any[]): string[] {
  return SUPPORTED_ISTIO_VERSIONS.flatMap((istioVersion) => validateObjects(objects, { istioVersion })
    .filter((f) => f.severity === Severity.ERROR)
    .map((f) => `Istio ${istioVersion}: ${f.resource?.kind}/${f.resource?.name} [${f.code}] ${f.path}: ${f.message}`));
}

/** Asserts that our checks find no error in the objects (non-Istio objects such as cdk8s-plus Deployments are skipped). */
export function expectNoErrors(objects: any[]): void {
  expect(errorFindings(objects)).toEqual([]);
}
