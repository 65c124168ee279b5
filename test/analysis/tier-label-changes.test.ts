/**
 * `labels-changed` reasons for cluster-wide tier policies (AdminNetworkPolicy here; BaselineAdminNetworkPolicy,
 * ClusterNetworkPolicy and Calico tiers read their subjects and peers the same way): a workload's pod label
 * change that takes it out of a tier policy's subject, and a namespace's label change that stops a tier
 * rule's namespace peer from matching, name the label line first, in `diff` and in `diff --explain`. Before,
 * the why lines said only "no policy isolates …" (the `tier-rule` reasons were not read).
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { explainDiffFiles } from '../../src/analysis/explain-run.js';
import { explainDiffText } from '../../src/report/explain-text.js';
import { peerLabels } from '../../src/report/peer-label.js';
import { reasonText } from '../../src/report/reason-text.js';

// The team label of shop is line 10 of ns.yaml.
const namespaces = (team: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: data}\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    team: ${team}\n`;
// An extra pod label is line 10 of apps.yaml.
const deployment = (name: string, ns: string, extra = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata:\n      labels:\n        app: ${name}\n${extra}    spec: {containers: [{name: c, image: i}]}\n`;
const denyWeb = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: deny-web}\nspec:\n  priority: 10\n  subject:\n    namespaces: {matchLabels: {kubernetes.io/metadata.name: data}}\n  ingress:\n  - name: web\n    action: Deny\n    from:\n    - namespaces: {matchLabels: {team: web}}\n';
const guard = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: guard}\nspec:\n  priority: 10\n  subject:\n    pods:\n      namespaceSelector: {}\n      podSelector: {matchLabels: {guarded: "true"}}\n  ingress:\n  - name: all\n    action: Deny\n    from:\n    - namespaces: {}\n';

type Files = { path: string; text: string }[];
const files = (team: string, dbLabels: string, anp: string): Files => [{ path: 'ns.yaml', text: namespaces(team) }, { path: 'apps.yaml', text: `${deployment('db', 'data', dbLabels)}---\n${deployment('web', 'shop')}` }, { path: 'anp.yaml', text: anp }];
const firstWhy = (report: ReturnType<typeof analyzeDiff>) => report.pairs.filter((p) => p.opened).map((p) => reasonText(p.whyOpened[0]));

describe('labels-changed for cluster-wide tier policies', () => {
  it('a pod label that took the workload out of an AdminNetworkPolicy\'s subject', () => {
    const report = analyzeDiff(files('web', '        guarded: "true"\n', guard), files('web', '', guard));
    expect(report.counts.opened).toBeGreaterThan(0);
    for (const line of firstWhy(report)) expect(line).toBe('data/db[Deployment] no longer carries guarded=true (apps.yaml:10), so AdminNetworkPolicy guard no longer selects it');
    expect(report.pairs.find((p) => p.opened)?.whyOpened[0]).toMatchObject({ kind: 'labels-changed', policy: 'AdminNetworkPolicy/guard', role: 'subject', holds: false });
  });

  it('a namespace label that a tier rule\'s namespace peer no longer matches, in diff and diff --explain', () => {
    const report = analyzeDiff(files('web', '', denyWeb), files('shop', '', denyWeb));
    const line = 'namespace shop no longer carries team=web and now carries team=shop (ns.yaml:10), so AdminNetworkPolicy deny-web ingress rule 1 "web" no longer matches shop/web[Deployment] as a peer';
    expect(firstWhy(report)).toEqual([line]);
    // The rule's `name` travels with the reason (JSON `ruleName`), as the tier-rule reason's `name`.
    expect(report.pairs.find((p) => p.opened)?.whyOpened[0]).toMatchObject({ kind: 'labels-changed', policy: 'AdminNetworkPolicy/deny-web', role: 'peer', rule: 0, ruleName: 'web' });
    const r = explainDiffFiles(files('web', '', denyWeb), files('shop', '', denyWeb), { from: 'shop/web', to: 'data/db', ports: [] });
    if (!r.ok) throw new Error(r.message);
    expect(explainDiffText(r.value, peerLabels(r.value.workloads)).split('\n')[1]).toBe(`  why: ${line}`);
  });

  it('no label changed: no such reason', () => {
    const report = analyzeDiff(files('web', '', denyWeb), files('web', '', ''));
    expect(report.pairs.flatMap((p) => [...p.whyOpened, ...p.whyClosed]).some((r) => r.kind === 'labels-changed')).toBe(false);
  });
});
