import { Chart, Testing } from 'cdk8s';
import { KubeObject } from '../../lib/validation/object';
import { schemaErrors } from '../networking/validate';

/** The synthesized objects of a chart. */
export function synth(chart: Chart): KubeObject[] {
  return Testing.synth(chart) as KubeObject[];
}

/** The one object of a kind and name; fails the test when missing. */
export function find(objects: readonly KubeObject[], kind: string, name: string): Record<string, any> {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} ${name} among ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return found;
}

/** `kind/name` of every object, in order. */
export function ids(objects: readonly KubeObject[]): string[] {
  return objects.map((o) => `${o.kind}/${o.metadata?.name}`);
}

/** Asserts that no synthesized object has an error (interim: the CRD schema check of the networking tests). */
export function expectValid(objects: readonly KubeObject[]): void {
  expect(objects.filter((o) => o.apiVersion.includes('istio.io')).flatMap(schemaErrors)).toEqual([]);
}
