/**
 * The subject of a policy over every pod of a namespace (`podSelector: {}`) is told as the namespace's pods
 * with its workloads in brackets whichever direction its changed rule has, and also when the other end is
 * a wider region too (a rule peer holding a workload): `tenant-a/[all pods] (tenant-a/web today) no longer
 * admits tenant-b/[all pods] (tenant-b/client today)`. Before, the abstract section told such a pair once
 * per wider end, each beside the other end's workload: `tenant-a/web no longer admits tenant-b/[all pods]
 * …`, as if the policy were about the namespace's one workload (fresh-user trial). A narrower subject
 * (`podSelector: {app: web}`) keeps the workload's name. The JSON keeps the workload pair only.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';

const deployment = (namespace: string, name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: x}]}\n`;
/** A policy of tenant-a over `podSelector`, with one rule of `direction` toward `peers`. */
const policy = (podSelector: string, direction: 'ingress' | 'egress', peers: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default, namespace: tenant-a}\nspec:\n  podSelector: ${podSelector}\n  policyTypes: [${direction === 'ingress' ? 'Ingress' : 'Egress'}]\n  ${direction}:\n  - ${direction === 'ingress' ? 'from' : 'to'}: [${peers}]\n`;
const files = (podSelector: string, direction: 'ingress' | 'egress', peers: string) => [
  { path: 'ns.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: tenant-a}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: tenant-b}\n' },
  { path: 'app.yaml', text: `${deployment('tenant-a', 'web')}---\n${deployment('tenant-b', 'client')}` },
  { path: 'np.yaml', text: policy(podSelector, direction, peers) },
];
const narrow = '{ipBlock: {cidr: 10.1.1.1/32}}';
const wide = `${narrow}, {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: tenant-b}}}`;
/** The report of `podSelector`'s rule going from `from` to `to`. */
const report = (podSelector: string, direction: 'ingress' | 'egress', from: string, to: string) => analyzeDiff(files(podSelector, direction, from), files(podSelector, direction, to));
/** The lines of the "… with pods the manifests do not hold" section of `text`. */
const abstractLines = (text: string) => text.split('\n').filter((l) => /^ {2}\S.* (now admits|no longer admits|may now send to|may no longer send to) /.test(l)).map((l) => l.trim());

describe('podSelector {}: the subject is the namespace’s pods, the other end the rule peer, in one line', () => {
  it('ingress opened', () => {
    const r = report('{}', 'ingress', narrow, wide);
    expect(abstractLines(diffText(r))).toEqual(['tenant-a/[all pods] (tenant-a/web[Deployment] today) now admits tenant-b/[all pods] (tenant-b/client[Deployment] today) on all ports, np.yaml:8']);
    expect(renderDiffMarkdown(r)).toContain('- `tenant-a/[all pods]` (tenant-a/web[Deployment] today) now admits `tenant-b/[all pods]` (tenant-b/client[Deployment] today) on all ports, `np.yaml:8`');
    expect(renderDiffMarkdown(r)).not.toContain('- `tenant-a/web` now admits');
    // The JSON keeps the workload pair only.
    expect(r.pairs.map((p) => [p.src.type, p.dst.type])).toEqual([['workload', 'workload']]);
  });

  it('ingress closed', () => {
    const lines = abstractLines(diffText(report('{}', 'ingress', wide, narrow)));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^tenant-a\/\[all pods\] \(tenant-a\/web\[Deployment\] today\) no longer admits tenant-b\/\[all pods\] \(tenant-b\/client\[Deployment\] today\) on all ports, base:np\.yaml:8/);
  });

  it('egress, alike', () => {
    expect(abstractLines(diffText(report('{}', 'egress', narrow, wide)))).toEqual(['tenant-a/[all pods] (tenant-a/web[Deployment] today) may now send to tenant-b/[all pods] (tenant-b/client[Deployment] today) on all ports, np.yaml:8']);
  });
});

it('a subject that names the app (podSelector {app: web}) keeps the workload’s name', () => {
  const text = diffText(report('{matchLabels: {app: web}}', 'ingress', wide, narrow));
  expect(abstractLines(text)).toEqual([expect.stringMatching(/^tenant-a\/web\[Deployment\] no longer admits tenant-b\/\[all pods\] \(tenant-b\/client\[Deployment\] today\) on all ports/)]);
  expect(text).not.toContain('tenant-a/[all pods]');
});
