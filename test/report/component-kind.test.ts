/**
 * A Kustomize component's file is named as the kind it is: a rollback that reverts a `kind: Component`
 * kustomization file says `Component <file>`, never `Kustomization <file>`, in text, Markdown, JSON
 * and the review's suggestions; a Kustomization's file stays `Kustomization <file>`.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffReport } from '../../src/analysis/types.js';
import { diffJson } from '../../src/report/diff-json.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';
import { rollbackReview } from '../../src/report/suggestions.js';

const app = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: main, image: registry.example/api:1}]}\n';
const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-ingress}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
const component = (resources: string) => `apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:${resources}\n`;
const overlay = (components: string) => `namespace: prod\nresources:\n  - ../../app\n${components}`;

function report(base: { component: string; overlay: string }, head: { component: string; overlay: string }): DiffReport {
  const files = (side: { component: string; overlay: string }) =>
    Object.entries({
      'app/kustomization.yaml': 'resources:\n  - app.yaml\n',
      'app/app.yaml': app,
      'components/lockdown/deny-ingress.yaml': deny,
      'components/lockdown/kustomization.yaml': side.component,
      'overlays/prod/kustomization.yaml': side.overlay,
    }).map(([path, text]) => ({ path, text }));
  return analyzeDiff(files(base), files(head));
}

const listed = overlay('components:\n  - ../../components/lockdown\n');

describe('a component\'s kustomization file in the rollback', () => {
  // Head empties the component's resources: its policy is gone, paths into prod/api open.
  const r = report({ component: component('\n  - deny-ingress.yaml'), overlay: listed }, { component: component(' []'), overlay: listed });

  it('is keyed and reverted as a Component', () => {
    expect(r.counts.opened).toBeGreaterThan(0);
    expect(r.rollback.documents.map((d) => `${d.change} ${d.key}`)).toEqual(['edited Component components/lockdown/kustomization.yaml']);
  });

  it('text and Markdown name it Component, and never Kustomization', () => {
    expect(diffText(r)).toContain('revert the Component (components/lockdown/kustomization.yaml:1)');
    expect(renderDiffMarkdown(r)).toContain('- revert the Component (`components/lockdown/kustomization.yaml:1`)');
    for (const out of [diffText(r), renderDiffMarkdown(r), diffJson(r)]) expect(out).not.toContain('Kustomization components/');
  });

  it('the review\'s suggestion names it Component', () => {
    const patch = '@@ -1,3 +1,3 @@\n apiVersion: kustomize.config.k8s.io/v1alpha1\n kind: Component\n-resources:\n-  - deny-ingress.yaml\n+resources: []';
    const review = rollbackReview(r.rollback, [{ filename: 'components/lockdown/kustomization.yaml', status: 'modified', patch }], 'the patch');
    const said = [review.body, ...review.comments.map((c) => c.body)].join('\n');
    // The suggestion sits on the file: `the Component`, its file left to the comment's anchor.
    expect(said).toContain('Reverts the Component to its base version');
    expect(review.comments.map((c) => c.path)).toEqual(['components/lockdown/kustomization.yaml']);
    expect(said).not.toContain('Kustomization components/');
  });

  it('an overlay\'s kustomization file stays a Kustomization', () => {
    const dropped = report({ component: component('\n  - deny-ingress.yaml'), overlay: listed }, { component: component('\n  - deny-ingress.yaml'), overlay: overlay('') });
    expect(dropped.rollback.documents.map((d) => `${d.change} ${d.key}`)).toEqual(['edited Kustomization overlays/prod/kustomization.yaml']);
  });
});
