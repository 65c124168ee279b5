/**
 * The rollback's steps read the same in text and Markdown: one verb per kind of change (delete an added
 * document, restore a removed one, revert an edited one), and a cluster-scoped object named
 * `Kind/name` (its key keeps an empty namespace: `Kind//name`).
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';

const apps = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: db, labels: {team: db}}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ops, labels: {team: ops}}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: pg, namespace: db}\nspec:\n  template:\n    metadata: {labels: {app: pg}}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: tool, namespace: ops}\nspec:\n  template:\n    metadata: {labels: {app: tool}}\n';
const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: pg-in, namespace: db}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
const anp = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: allow-ops}\nspec:\n  priority: 10\n  subject:\n    namespaces: {matchLabels: {team: db}}\n  ingress:\n  - name: ops\n    action: Allow\n    from:\n    - namespaces: {matchLabels: {team: ops}}\n';

function both(base: string[], head: string[]): string[] {
  const files = (p: string[]) => [{ path: 'apps.yaml', text: apps }, ...p.map((text, i) => ({ path: `p${i}.yaml`, text }))];
  const report = analyzeDiff(files(base), files(head));
  return [diffText(report), renderDiffMarkdown(report)];
}

describe('rollback steps', () => {
  it('a cluster-scoped object is named Kind/name, in text and Markdown', () => {
    for (const out of both([deny], [deny, anp])) {
      expect(out).toContain('delete AdminNetworkPolicy/allow-ops');
      expect(out).not.toContain('AdminNetworkPolicy//allow-ops');
    }
  });

  it('an edited document is reverted in text as in Markdown', () => {
    for (const out of both([deny], [deny.replace('policyTypes: [Ingress]', 'policyTypes: [Ingress]\n  ingress: [{}]')])) {
      expect(out).toContain('revert NetworkPolicy/db/pg-in');
      expect(out).not.toContain('restore NetworkPolicy/db/pg-in');
    }
  });
});
