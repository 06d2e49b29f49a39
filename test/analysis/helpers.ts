import { parseAllDocuments } from 'yaml';
import { analyze, AnalyzeOptions } from '../../lib/analysis';
import { Finding } from '../../lib/vocab/finding';
import { KubeObject } from '../../lib/vocab/object';

/** The objects of a multi-document YAML text. */
export function objects(yamlText: string): KubeObject[] {
  return parseAllDocuments(yamlText).map((d) => d.toJS() as KubeObject | null).filter((o): o is KubeObject => !!o);
}

/** `CODE Kind namespace/name` for each finding, the short form tests compare. */
export function summary(list: readonly Finding[]): string[] {
  return list.map((f) => `${f.code} ${f.resource?.kind} ${f.resource?.namespace ? `${f.resource.namespace}/` : ''}${f.resource?.name}`);
}

/** Analyzes a YAML text with one analyzer (by name) and returns the summary of its findings. */
export function run(analyzer: string, yamlText: string, options: AnalyzeOptions = {}): string[] {
  return summary(analyze(objects(yamlText), { ...options, analyzers: [analyzer] }));
}

/** Analyzes a YAML text with one analyzer and returns the findings. */
export function findings(analyzer: string, yamlText: string, options: AnalyzeOptions = {}): Finding[] {
  return analyze(objects(yamlText), { ...options, analyzers: [analyzer] });
}
