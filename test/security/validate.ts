import { Chart, Testing } from 'cdk8s';
import { IstioSettings, Severity, validateObjects } from '../../lib';

/**
 * Synthesizes a chart and asserts that our validator (schema, CEL rules, Istio's webhook rules) finds no error
 * in its output, for the Istio release the chart targets. Returns the objects.
 */
export function synthValid(chart: Chart): any[] {
  const objects = Testing.synth(chart);
  const errors = validateObjects(objects, { istioVersion: IstioSettings.of(chart).istioVersion })
    .filter((f) => f.severity === Severity.ERROR)
    .map((f) => `${f.resource?.kind}/${f.resource?.name} ${f.code} ${f.path}: ${f.message}`);
  expect(errors).toEqual([]);
  return objects;
}
