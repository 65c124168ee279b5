/**
 * New-user trial 43: a hostNetwork DaemonSet (multus) was listed under Opened with no qualifier, the
 * HOST_NETWORK warning only among the folded warnings. A path with an end whose pods use hostNetwork carries
 * the caveat on its own line, in the same words in text and Markdown.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';

const apps =
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: web}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: net}\n---\n' +
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: web}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: i}]}\n---\n' +
  'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: multus, namespace: net}\nspec:\n  selector: {matchLabels: {app: multus}}\n  template:\n    metadata: {labels: {app: multus}}\n    spec: {hostNetwork: true, containers: [{name: c, image: i}]}\n';
const policy = (from: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api, namespace: web}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${from}}}}]\n      ports: [{port: 8080, protocol: TCP}]\n`;

describe('a path with a hostNetwork end', () => {
  const report = analyzeDiff(
    [{ path: 'apps.yaml', text: apps }, { path: 'netpol.yaml', text: policy('web') }],
    [{ path: 'apps.yaml', text: apps }, { path: 'netpol.yaml', text: policy('net') }],
  );

  it('text: the caveat beside the path', () => {
    const line = diffText(report).split('\n').find((l) => l.startsWith('  net/multus'));
    expect(line).toBe('  net/multus[DaemonSet] => web/api[Deployment] : TCP 8080  [src uses hostNetwork: policies may not apply to it]');
  });

  it('Markdown: the same words beside the end', () => {
    const row = renderDiffMarkdown(report).split('\n').find((l) => l.startsWith('|') && l.includes('multus'));
    expect(row).toContain('_(uses hostNetwork: policies may not apply to it)_ |');
  });
});
