/**
 * New-user trial 46, finding 10: a rollback step names its document's file once. A kustomization's source
 * document is keyed by its file (`NetworkPolicy/shop/api in k/policy.yaml`, `Kustomization k/kustomization.yaml`,
 * `Patch k/port.yaml`); the step's position names the file right after, and a review comment sits on it.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { Rollback } from '../../src/analysis/types.js';
import { rollbackStepName } from '../../src/report/document-step.js';
import { diffText } from '../../src/report/diff-text.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { rollbackReview } from '../../src/report/suggestions.js';

const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: i, ports: [{containerPort: 8080}, {containerPort: 9090}]}]}\n';
const policy = (port: number) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Ingress]\n  ingress:\n    - ports: [{port: ${port}}]\n`;
const kustomization = 'resources:\n  - app.yaml\n  - policy.yaml\n';

describe('a rollback step names its file once', () => {
  const report = analyzeDiff(
    [{ path: 'k/kustomization.yaml', text: kustomization }, { path: 'k/app.yaml', text: deployment }, { path: 'k/policy.yaml', text: policy(8080) }],
    [{ path: 'k/kustomization.yaml', text: kustomization }, { path: 'k/app.yaml', text: deployment }, { path: 'k/policy.yaml', text: policy(9090) }],
  );

  it('text and Markdown: the source document by its name, the file in its position', () => {
    expect(report.rollback.documents.map((d) => d.key)).toEqual(['NetworkPolicy/shop/api in k/policy.yaml']);
    const text = diffText(report);
    expect(text).toContain('  revert NetworkPolicy/shop/api (k/policy.yaml:1)\n');
    expect(text).not.toContain('in k/policy.yaml (k/policy.yaml:1)');
    const md = renderDiffMarkdown(report);
    expect(md).toMatch(/- revert NetworkPolicy\/shop\/api \(\S*k\/policy\.yaml:1\S*\)/);
    expect(md).not.toContain('api in k/policy.yaml');
  });

  it('every key form that names its file: the file left out where it is shown, kept where it is not', () => {
    const cases: [Parameters<typeof rollbackStepName>[0], string, string][] = [
      [{ key: 'NetworkPolicy/shop/api in k/policy.yaml' }, 'NetworkPolicy/shop/api', 'NetworkPolicy/shop/api in k/policy.yaml'],
      [{ key: 'NetworkPolicy/shop/a in k/policy.yaml + NetworkPolicy/shop/b in k/policy.yaml' }, 'NetworkPolicy/shop/a + NetworkPolicy/shop/b', 'NetworkPolicy/shop/a in k/policy.yaml + NetworkPolicy/shop/b in k/policy.yaml'],
      [{ key: 'Kustomization k/policy.yaml' }, 'the Kustomization', 'Kustomization k/policy.yaml'],
      [{ key: 'Component k/policy.yaml' }, 'the Component', 'Component k/policy.yaml'],
      [{ key: 'Patch k/policy.yaml' }, 'the patch', 'Patch k/policy.yaml'],
      [{ key: 'Document k/policy.yaml' }, 'the document', 'Document k/policy.yaml'],
      [{ key: 'NetworkPolicy/api in k/policy.yaml', patchOf: ['NetworkPolicy/shop/api'] }, 'the patch of NetworkPolicy/shop/api', 'Patch k/policy.yaml (of NetworkPolicy/shop/api)'],
      [{ key: 'NetworkPolicy/api in k/policy.yaml', rendered: ['NetworkPolicy/shop/p-api'] }, 'NetworkPolicy/shop/p-api, written as NetworkPolicy/api', 'NetworkPolicy/shop/p-api, written as NetworkPolicy/api in k/policy.yaml'],
    ];
    for (const [d, shown, elsewhere] of cases) {
      expect(rollbackStepName(d, undefined, 'k/policy.yaml')).toBe(shown);
      expect(rollbackStepName(d, undefined, ['other.yaml', 'k/policy.yaml'])).toBe(shown);
      expect(rollbackStepName(d, undefined, 'other.yaml')).toBe(elsewhere);
      expect(rollbackStepName(d)).toBe(elsewhere);
    }
  });

  it('the review: a suggestion on the file and a note naming its lines leave the file out of the name; a deleted document keeps it', () => {
    const patch = '@@ -1,3 +1,3 @@\n a\n-b\n+B\n c';
    const doc = (key: string, change: 'edited' | 'removed') => ({ key, change, objects: [key] });
    const rollback: Rollback = {
      documents: [doc('NetworkPolicy/shop/api in k/policy.yaml', 'edited'), doc('Kustomization k/kustomization.yaml', 'edited'), doc('NetworkPolicy/shop/gone in k/gone.yaml', 'removed')],
      hunks: [
        { file: 'k/policy.yaml', startLine: 2, endLine: 2, replacement: 'b', documentKey: 'NetworkPolicy/shop/api in k/policy.yaml' },
        { file: 'k/kustomization.yaml', startLine: 9, endLine: 9, replacement: 'x', documentKey: 'Kustomization k/kustomization.yaml' },
      ],
      minimality: 'proven',
      remainingOpened: 0,
      patch: '',
      notes: [],
    };
    const review = rollbackReview(rollback, [{ filename: 'k/policy.yaml', patch }, { filename: 'k/kustomization.yaml', patch }], 'the patch');
    expect(review.comments.map((c) => [c.path, c.body.split('\n')[0]])).toEqual([['k/policy.yaml', 'Reverts `NetworkPolicy/shop/api` to its base version:']]);
    expect(review.body).toContain("- the Kustomization: lines k/kustomization.yaml:9 are outside the PR's diff");
    expect(review.body).toContain('- `NetworkPolicy/shop/gone in k/gone.yaml` was deleted in this PR');
  });
});
