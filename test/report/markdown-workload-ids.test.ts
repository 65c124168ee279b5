/**
 * The comment's tables name a workload as its why lines do, by the contract's id (`web/homepage[Deployment]`,
 * as the text output and the JSON): a row read `web/homepage` beside a why naming `web/homepage[Deployment]`
 * (new-user trial 41, finding 4). The headline keeps the short name.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';

const app = (label: string) => ({
  path: 'app.yaml',
  text: `apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: homepage, namespace: web}\nspec:\n  selector: {matchLabels: {app: homepage}}\n  template:\n    metadata:\n      labels:\n        app: homepage\n        ${label}: "true"\n    spec: {containers: [{name: c, image: x}]}\n`,
});
const policies = {
  path: 'pol.yaml',
  text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny-egress, namespace: web}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-world, namespace: web}\nspec:\n  podSelector: {matchLabels: {allow-world: "true"}}\n  policyTypes: [Egress]\n  egress:\n    - to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n',
};

describe('a workload in the comment\'s table and in its why', () => {
  const md = renderDiffMarkdown(analyzeDiff([app('allow-world'), policies], [app('custom-egress'), policies]));
  const rows = md.split('\n').filter((l) => l.startsWith('| `'));

  it('the row names it by its id, as the why in the same row does', () => {
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toMatch(/^\| `web\/homepage\[Deployment\]` \| /);
      expect(row).toContain('web/homepage[Deployment] no longer carries allow-world=true');
    }
  });

  it('the headline keeps the short name', () => {
    expect(md.split('\n').find((l) => l.startsWith('Closes'))).toMatch(/^Closes web\/homepage => /);
  });
});
