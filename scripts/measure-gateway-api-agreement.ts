/**
 * Measures how often our checks agree with the Kubernetes Gateway API project's own examples:
 * every Gateway API object of `examples/` (and of the conformance manifests `conformance/tests/`,
 * `conformance/base/`) must be accepted, and every file of `hack/invalid-examples/` rejected (the
 * project applies each such file and expects the API server to refuse it). Objects under
 * `standard/` are checked against the standard channel, the others against the experimental one.
 *
 * Usage: npx ts-node --transpile-only scripts/measure-gateway-api-agreement.ts GATEWAY_API_CHECKOUT
 *   e.g. /work/ref/gateway-api-v1.5.1 (kubernetes-sigs/gateway-api at v1.5.1)
 * Prints each mismatch and the scores; the files are read where they are, never copied.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { GatewayApiChannel, isGatewayApiGroup } from '../lib/core/gateway-api';
import { validateObject } from '../lib/validation';
import { Severity } from '../lib/vocab/finding';
import { isKubeObject } from '../lib/vocab/object';

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? yamlFiles(p) : /\.ya?ml$/.test(e.name) ? [p] : [];
  }).sort();
}

/** Conformance manifests whose addresses the test harness substitutes are not objects yet. */
const TEMPLATE_ONLY = /PLACEHOLDER_/;

function gatewayObjects(file: string): unknown[] {
  // Conformance manifests are templates: give their placeholder a real controller name.
  const text = fs.readFileSync(file, 'utf8').replace(/\{GATEWAY_CONTROLLER_NAME\}/g, 'istio.io/gateway-controller');
  return parseAllDocuments(text).map((d) => d.toJS() as unknown)
    .filter((o) => isKubeObject(o) && isGatewayApiGroup(o.apiVersion.split('/')[0]) && !TEMPLATE_ONLY.test(JSON.stringify(o)));
}

function channelOf(file: string): GatewayApiChannel {
  return file.split(path.sep).includes('standard') ? GatewayApiChannel.STANDARD : GatewayApiChannel.EXPERIMENTAL;
}

function errorsOf(object: unknown, channel: GatewayApiChannel): string[] {
  return validateObject(object, { gatewayApiChannel: channel }).filter((f) => f.severity === Severity.ERROR)
    .map((f) => `${f.path}: ${f.message} (${f.code})`);
}

function main(): void {
  const root = process.argv[2];
  if (!root || !fs.existsSync(path.join(root, 'examples'))) {
    process.stderr.write('usage: measure-gateway-api-agreement.ts GATEWAY_API_CHECKOUT (a folder with examples/ and hack/invalid-examples/)\n');
    process.exitCode = 2;
    return;
  }
  const rel = (f: string) => path.relative(root, f);
  const scores: string[] = [];
  for (const dir of ['examples', 'conformance/tests', 'conformance/base']) {
    let total = 0;
    let agreed = 0;
    for (const file of yamlFiles(path.join(root, dir))) {
      gatewayObjects(file).forEach((o) => {
        total++;
        const errors = errorsOf(o, channelOf(file));
        if (errors.length === 0) {
          agreed++;
          return;
        }
        const m = (o as { kind: string; metadata?: { name?: string } });
        process.stdout.write(`MISMATCH ${rel(file)} ${m.kind}/${m.metadata?.name ?? '?'}: valid, we reject: ${errors.join('; ')}\n`);
      });
    }
    scores.push(`${dir} (valid objects accepted): ${agreed}/${total}`);
  }
  let total = 0;
  let agreed = 0;
  for (const file of yamlFiles(path.join(root, 'hack', 'invalid-examples'))) {
    total++;
    const rejected = gatewayObjects(file).some((o) => errorsOf(o, channelOf(file)).length > 0);
    if (rejected) agreed++;
    else process.stdout.write(`MISMATCH ${rel(file)}: invalid, we accept\n`);
  }
  scores.push(`hack/invalid-examples (invalid files rejected): ${agreed}/${total}`);
  process.stdout.write(`${scores.join('\n')}\n`);
}

main();
