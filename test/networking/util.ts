import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';

/** Istio's samples, from data/istio (kept in data/ with Istio's license). */
export const SAMPLES_DIR = path.join(__dirname, '..', '..', 'data', 'istio', '1.30.3', 'valid-examples', 'samples');

/** The Istio objects of a sample file. */
export function readSample(file: string): any[] {
  const text = fs.readFileSync(path.join(SAMPLES_DIR, file), 'utf8');
  return parseAllDocuments(text).map((d) => d.toJS()).filter((o) => o && typeof o === 'object' && /\.istio\.io\//.test(o.apiVersion));
}

/** The objects a chart synthesizes. */
export function synth(chart: Chart): any[] {
  return Testing.synth(chart);
}

/** A chart in a fresh app, optionally with a namespace. */
export function newChart(namespace?: string): Chart {
  return new Chart(Testing.app(), 'test', namespace ? { namespace } : {});
}

/** The object of a chart with this kind and name. */
export function find(objects: any[], kind: string, name: string): any {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind}/${name} in ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return found;
}

/** An object without its apiVersion (the samples' version choice is not what we compare). */
export function withoutApiVersion(o: any): any {
  const { apiVersion: _apiVersion, ...rest } = o;
  return rest;
}
