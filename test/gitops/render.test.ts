import { Doc, ap, canary, docs, pa } from './fixtures';
import { diffObjects, renderDiff, renderDiffMarkdown, renderDiffText } from '../../lib/gitops';
import { escapeMarkdown } from '../../lib/gitops/render/markdown';

describe('renderers', () => {
  const report = diffObjects(
    docs([canary(10), pa('default', 'payments', 'STRICT')], 'old.yaml'),
    docs([canary(25), ap('allow-all', 'payments', { rules: [{}] })], 'new.yaml'),
  );

  test('text: one block per resource with its marks, details and warnings, then a summary', () => {
    expect(renderDiffText(report)).toBe([
      '~ VirtualService bookinfo/reviews (networking.istio.io/v1, changed)  new.yaml:1',
      '    http[0]: reviews v1 90% → 75%',
      '    http[0]: reviews v2 10% → 25%',
      '+ AuthorizationPolicy payments/allow-all (security.istio.io/v1, added)  new.yaml:11',
      '    ALLOW policy for namespace payments',
      '    rules[0]: allows every request',
      '    warning CIS7003: the policy now allows every request to namespace payments: a rule without from, to or when matches everything [spec.rules]',
      '- PeerAuthentication payments/default (security.istio.io/v1, removed)  old.yaml:11',
      '    set mTLS STRICT for namespace payments',
      '    warning CIS7002: STRICT mTLS no longer enforced for namespace payments: it falls back to PERMISSIVE, so plaintext traffic is accepted [spec.mtls.mode]',
      '',
      '1 changed, 1 added, 1 removed, 2 warnings (0 unchanged)',
      '',
    ].join('\n'));
  });

  test('markdown: warnings listed first with their resources; values outside code spans escaped', () => {
    const md = renderDiffMarkdown(report);
    expect(md).toContain([
      '#### ⚠️ Warnings',
      '',
      '- **AuthorizationPolicy** `payments/allow-all`: the policy now allows every request to namespace payments: a rule without from, to or when matches everything (`CIS7003`)',
      '- **PeerAuthentication** `payments/default`: STRICT mTLS no longer enforced for namespace payments: it falls back to PERMISSIVE, so plaintext traffic is accepted (`CIS7002`)',
    ].join('\n'));
    expect(md).toContain('🟢 **AuthorizationPolicy** `payments/allow-all` added · `new.yaml:11`\n');
    expect(md).toContain('🔴 **PeerAuthentication** `payments/default` removed\n');
    expect(escapeMarkdown('paths /api/* and `/a_b/*` for *.example.com')).toBe('paths /api/\\* and `/a_b/*` for \\*.example.com');
  });

  test('markdown: a long report is cut to fit a comment, saying how much was left out', () => {
    const many: Doc[] = Array.from({ length: 300 }, (_, i) => ({ ...canary(10), metadata: { name: `reviews-${i}`, namespace: 'bookinfo' } }));
    const changed = many.map((o) => ({ ...o, spec: { ...o.spec, http: canary(25).spec.http } }));
    const md = renderDiffMarkdown(diffObjects(docs(many), docs(changed)), { maxLength: 5000 });
    expect(md.length).toBeLessThanOrEqual(5000);
    expect(md).toMatch(/_…and \d+ more changed resources, left out to fit a comment: run `npx cdk8s-istio diff` to see them all._\n$/);
  });

  test('json: the documented shape', () => {
    const json = JSON.parse(renderDiff(report, 'json'));
    expect(Object.keys(json)).toEqual(['changes', 'summary', 'notes']);
    expect(json.changes.map((c: any) => Object.keys(c))).toEqual([
      ['change', 'apiVersion', 'kind', 'namespace', 'name', 'oldSource', 'newSource', 'details', 'warnings'],
      ['change', 'apiVersion', 'kind', 'namespace', 'name', 'newSource', 'details', 'warnings'],
      ['change', 'apiVersion', 'kind', 'namespace', 'name', 'oldSource', 'details', 'warnings'],
    ]);
    expect(json.summary).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 0, warnings: 2, skipped: 0 });
  });

  test('no change', () => {
    const same = diffObjects(docs([canary(10)]), docs([canary(10)]));
    expect(renderDiffText(same)).toBe('No changes: 1 resource compared, all equal.\n');
    expect(renderDiffMarkdown(same)).toBe('<!-- cdk8s-istio diff -->\n### Istio changes\n\nNo changes: 1 resource compared, all equal.\n');
  });
});
