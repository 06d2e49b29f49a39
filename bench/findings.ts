/**
 * A million findings through the CLI's report path (issue 16): `sortFindings`, then text and JSON
 * output as `validate` and `analyze` print them (`writeFindings`), into a sink that counts bytes.
 * Reports time and peak RSS per step; the line of each finding is given (finding it reads its
 * document's syntax tree, which is not what this measures).
 *
 * Usage: npx ts-node --transpile-only bench/findings.ts [FINDINGS]   (default 1000000)
 */
import { performance } from 'perf_hooks';
import { sortFindings, writeFindings } from '../lib/cli/report';
import { Finding, Severity } from '../lib/vocab/finding';

const SEVERITIES = [Severity.ERROR, Severity.WARNING, Severity.INFO];

/** Findings spread over 1,000 files, out of order, with the fields the formatters print. */
function findings(count: number): Finding[] {
  const out: Finding[] = [];
  for (let i = 0; i < count; i++) {
    // A multiplicative step visits every index once, in an order far from sorted.
    const n = (i * 7919) % count;
    out.push({
      severity: SEVERITIES[n % 3],
      code: `IST0${100 + (n % 50)}`,
      path: `spec.http[${n % 7}].route[${n % 3}].destination.host`,
      message: `The host reviews-${n % 997}.shop.svc.cluster.local is not defined in the mesh`,
      hint: 'define the Service, or fix the host',
      resource: { apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', namespace: `team-${n % 100}`, name: `vs-${n}` },
      file: `mesh/part-${String(n % 1000).padStart(4, '0')}.yaml`,
      index: Math.floor(n / 1000),
    });
  }
  return out;
}

function main(): void {
  const count = Number(process.argv[2] ?? 1_000_000);
  const lines: string[] = [];
  let t = performance.now();
  const lap = (name: string, extra = '') => {
    const now = performance.now();
    const mb = (process.resourceUsage().maxRSS / 1024).toFixed(0);
    lines.push(`  ${name}: ${Math.round(now - t)} ms, peak RSS ${mb} MB${extra}`);
    t = now;
  };
  const all = findings(count);
  lap(`${count} findings made`);
  const lineOf = (f: Finding) => (f.index ?? 0) * 20 + 1;
  const ordered = sortFindings(all, lineOf);
  lap('sorted (file, line, severity)');
  for (const format of ['text', 'json'] as const) {
    let bytes = 0;
    let writes = 0;
    writeFindings(ordered, format, lineOf, { stdout: (s) => { bytes += s.length; writes++; }, stderr: () => {} });
    lap(`${format} written`, ` (${(bytes / 1e6).toFixed(0)} MB in ${writes} writes)`);
  }
  process.stdout.write(`${[`findings through sort and the text and JSON formatters (Node ${process.version}):`, ...lines].join('\n')}\n`);
}

main();
