import { generateKeyPairSync } from 'crypto';
import { stringify } from 'yaml';
import { diffObjects } from '../../lib/gitops';
import { DIFF_FORMATS, renderDiff } from '../../lib/gitops/render';
import { run, writeFiles } from '../cli/helpers';

/** A fresh EC private key as PEM, and its base64 (as a Secret's `data` holds it). */
function key(): { pem: string; b64: string } {
  const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  return { pem, b64: Buffer.from(pem).toString('base64') };
}

const secret = (data: Record<string, string>, stringData: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'cacerts', namespace: 'istio-system' },
  type: 'Opaque',
  data,
  stringData,
});

/** Every 12-character piece of a secret value: none may appear in the output. */
function pieces(value: string): string[] {
  const body = value.replace(/-----[A-Z ]+-----/g, '').replace(/\s/g, '');
  const out: string[] = [];
  for (let i = 0; i + 12 <= body.length; i += 6) out.push(body.slice(i, i + 12));
  return out;
}

describe('diff never shows a Secret\'s values', () => {
  const [a, b] = [key(), key()];
  const before = secret({ 'ca-key.pem': a.b64, 'same.pem': a.b64 }, { token: a.pem });
  const after = secret({ 'ca-key.pem': b.b64, 'same.pem': a.b64, 'new.pem': b.b64 }, { token: b.pem });

  test.each(DIFF_FORMATS)('GIVEN changed, added and removed key values WHEN rendered as %s THEN no piece of any value, "changed" with a short hash', (format) => {
    const report = diffObjects([{ object: before }], [{ object: after }]);
    const out = renderDiff(report, format);
    for (const value of [a.b64, b.b64, a.pem, b.pem]) {
      for (const piece of pieces(value)) expect(out).not.toContain(piece);
    }
    expect(out).toMatch(/data\[\\?"ca-key\.pem\\?"\]: changed \(redacted sha256:[0-9a-f]{8}\) → \(redacted sha256:[0-9a-f]{8}\)/);
    expect(out).not.toContain('same.pem');
  });

  test('GIVEN a Secret removed WHEN diffed by the CLI in JSON THEN its values are not in the output', async () => {
    const dir = writeFiles({ 'old/s.yaml': stringify(before), 'new/other.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' });
    const r = await run('diff', '--format', 'json', `${dir}/old`, `${dir}/new`);
    expect(r.code).toBe(1);
    for (const piece of pieces(a.b64)) expect(r.stdout).not.toContain(piece);
  });
});
