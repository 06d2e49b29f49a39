/**
 * Measures how far `analyze()` agrees with Istio's own analyzers on Istio's analyzer test corpus.
 *
 *   ts-node --transpile-only scripts/measure-analyze-agreement.ts EXPECTATIONS.json [--testdata DIR | --mirror GIT_DIR] [--verbose]
 *
 * EXPECTATIONS.json transcribes the test table of Istio 1.30.3's `pkg/config/analysis/analyzers/analyzers_test.go`:
 * `{ cases: [{ name, analyzer, inputFiles, meshConfigFile?, skip?, expected: [{ code, kind, namespace?, name }] }] }`,
 * file paths relative to the Istio repository. The input files are read from DIR (a checkout of Istio) or, by
 * default, with `git show 1.30.3:PATH` from the mirror of istio/istio; they are never copied into this repository.
 *
 * Each case runs the analyzer Istio's test runs (by name) and compares (code, kind, namespace, name):
 * recall = Istio's findings we report too; precision = our IST-coded findings Istio reports too.
 * Cases marked `skip` need a live cluster (injected images, webhooks, multicluster, CRD versions) and are not scored.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { analyze, MeshConfigLike } from '../lib/analysis';
import { Finding, Severity } from '../lib/vocab/finding';
import { KubeObject } from '../lib/vocab/object';

interface Expected { readonly code: string; readonly kind: string; readonly namespace?: string; readonly name: string }
interface Case {
  readonly name: string;
  readonly analyzer: string;
  readonly inputFiles: readonly string[];
  readonly meshConfigFile?: string;
  readonly skip?: string;
  readonly expected: readonly Expected[];
}

const CLUSTER_SCOPED = new Set(['Namespace', 'Node', 'CustomResourceDefinition', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration']);

function main(argv: string[]): number {
  const args = [...argv];
  const verbose = args.includes('--verbose');
  const option = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const file = args.find((a, i) => !a.startsWith('--') && !['--testdata', '--mirror'].includes(args[i - 1]));
  if (!file) {
    process.stderr.write('usage: measure-analyze-agreement EXPECTATIONS.json [--testdata ISTIO_CHECKOUT | --mirror GIT_DIR] [--verbose]\n');
    return 2;
  }
  const testdata = option('--testdata');
  const mirror = option('--mirror') ?? process.env.ISTIO_MIRROR ?? path.resolve(__dirname, '../../.mirror/istio+istio/repo');
  const read = (p: string): string => (testdata
    ? fs.readFileSync(path.join(testdata, p), 'utf8')
    : execFileSync('git', ['-C', mirror, 'show', `1.30.3:${p}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));

  const cases = (JSON.parse(fs.readFileSync(file, 'utf8')) as { cases: Case[] }).cases;
  let expectedTotal = 0; let matchedExpected = 0; let oursTotal = 0; let matchedOurs = 0;
  let cleanCases = 0; let cleanWithError = 0; let skipped = 0;
  const missed: string[] = []; const extra: string[] = [];
  const perAnalyzer = new Map<string, { expected: number; matched: number; ours: number; oursMatched: number }>();

  for (const c of cases) {
    if (c.skip) { skipped++; continue; }
    const objects: KubeObject[] = [];
    for (const f of c.inputFiles) {
      for (const doc of parseAllDocuments(read(f))) {
        const o = doc.toJS() as KubeObject | null;
        if (o && typeof o === 'object') objects.push(o);
      }
    }
    const meshConfig = c.meshConfigFile ? parseMeshConfig(read(c.meshConfigFile)) : undefined;
    const findings = analyze(objects, { analyzers: [c.analyzer], meshConfig });
    const expectedKeys = new Set(c.expected.map((e) => key(e.code, e.kind, e.namespace, e.name)));
    const ourKeys = new Set(findings.filter((f) => f.code.startsWith('IST')).map(findingKey));
    const stats = perAnalyzer.get(c.analyzer) ?? { expected: 0, matched: 0, ours: 0, oursMatched: 0 };
    for (const k of expectedKeys) {
      expectedTotal++; stats.expected++;
      if (ourKeys.has(k)) { matchedExpected++; stats.matched++; } else {missed.push(`${c.name}: ${k}`);}
    }
    for (const k of ourKeys) {
      oursTotal++; stats.ours++;
      if (expectedKeys.has(k)) { matchedOurs++; stats.oursMatched++; } else {extra.push(`${c.name}: ${k}`);}
    }
    perAnalyzer.set(c.analyzer, stats);
    if (c.expected.length === 0) {
      cleanCases++;
      if (findings.some((f) => f.severity === Severity.ERROR)) cleanWithError++;
    }
    if (verbose) {
      process.stdout.write(`${c.name} [${c.analyzer}]\n${findings.map((f) => `  ${f.code} ${findingKey(f)} ${f.path}: ${f.message}\n`).join('')}`);
    }
  }

  const pct = (a: number, b: number): string => (b === 0 ? 'n/a' : `${(100 * a / b).toFixed(1)}%`);
  process.stdout.write(`Cases scored: ${cases.length - skipped} (skipped, need a live cluster: ${skipped})\n`);
  process.stdout.write(`Recall    (Istio's findings we report, same code and resource): ${matchedExpected}/${expectedTotal} = ${pct(matchedExpected, expectedTotal)}\n`);
  process.stdout.write(`Precision (our IST findings Istio reports too):                  ${matchedOurs}/${oursTotal} = ${pct(matchedOurs, oursTotal)}\n`);
  process.stdout.write(`Clean cases (Istio expects nothing) where we report an error:     ${cleanWithError}/${cleanCases}\n\n`);
  process.stdout.write('Per analyzer: recall / precision\n');
  for (const [name, s] of [...perAnalyzer].sort()) {
    process.stdout.write(`  ${name.padEnd(55)} ${pct(s.matched, s.expected).padStart(7)} (${s.matched}/${s.expected})  ${pct(s.oursMatched, s.ours).padStart(7)} (${s.oursMatched}/${s.ours})\n`);
  }
  if (missed.length) process.stdout.write(`\nMissed (Istio reports, we do not):\n${missed.map((m) => `  ${m}\n`).join('')}`);
  if (extra.length) process.stdout.write(`\nExtra (we report, Istio does not):\n${extra.map((m) => `  ${m}\n`).join('')}`);
  return 0;
}

/** Mesh config test files are MeshConfig YAML, possibly wrapped in a ConfigMap's `data.mesh`. */
function parseMeshConfig(text: string): MeshConfigLike {
  const doc = parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown> | null).find((d) => d) ?? {};
  const data = doc.data as Record<string, unknown> | undefined;
  if (data && typeof data.mesh === 'string') return parseMeshConfig(data.mesh);
  return doc as MeshConfigLike;
}

function key(code: string, kind: string, namespace: string | undefined, name: string | undefined): string {
  const ns = CLUSTER_SCOPED.has(kind) ? '' : namespace || 'default';
  return `${code} ${kind} ${ns ? `${ns}/` : ''}${name ?? ''}`;
}

function findingKey(f: Finding): string {
  return key(f.code, f.resource?.kind ?? '', f.resource?.namespace, f.resource?.name);
}

process.exitCode = main(process.argv.slice(2));
