/**
 * `labels-changed` reasons (87d9c4b) from the label sources it did not read: a namespace's labels that change
 * what a rule's namespaceSelector peer matches (the reason names the namespace and cites its Namespace's label
 * line), labels a kustomization sets (`labels:` pairs, `commonLabels:`: the kustomization's line, not the
 * workload's), and `diff --explain`, which says the same reason before its sides.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { explainDiffFiles } from '../../src/analysis/explain-run.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { explainDiffJson } from '../../src/report/explain-json.js';
import { explainDiffText } from '../../src/report/explain-text.js';
import { peerLabels } from '../../src/report/peer-label.js';
import { reasonText } from '../../src/report/reason-text.js';

type Files = { path: string; text: string }[];
const firstWhy = (report: ReturnType<typeof analyzeDiff>) => report.pairs.filter((p) => p.opened || p.closed).map((p) => reasonText([...p.whyClosed, ...p.whyOpened][0]));

const deployment = (name: string, ns: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;

describe('a namespace\'s label change that changes what a namespaceSelector peer matches', () => {
  // The team label is line 6 of ns.yaml.
  const namespaces = (team: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: data\n  labels:\n    team: ${team}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n`;
  const webIn = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-in, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - namespaceSelector: {matchLabels: {team: db}}\n';
  const files = (team: string): Files => [{ path: 'ns.yaml', text: namespaces(team) }, { path: 'apps.yaml', text: `${deployment('db', 'data')}---\n${deployment('web', 'shop')}` }, { path: 'pol.yaml', text: webIn }];
  const report = analyzeDiff(files('db'), files('dba'));

  it('the first why names the namespace, its label line and the rule that no longer matches the workload', () => {
    expect(report.counts.closed).toBeGreaterThan(0);
    expect(firstWhy(report)).toContain('namespace data no longer carries team=db and now carries team=dba (ns.yaml:6), so NetworkPolicy shop/web-in ingress rule 1 no longer matches data/db[Deployment] as a peer');
  });

  it('in the JSON: the namespace field, head\'s and base\'s label lines', () => {
    const json = diffJsonObject(report) as { pairs: { why: { closed: Record<string, unknown>[] } }[] };
    const reasons = json.pairs.flatMap((p) => p.why.closed).filter((r) => r.kind === 'labels-changed');
    expect(reasons[0]).toMatchObject({ workload: 'data/db[Deployment]', namespace: 'data', policy: 'shop/web-in', role: 'peer', rule: 0, holds: false, removed: ['team=db'], added: ['team=dba'], ref: { file: 'ns.yaml', line: 6 }, baseRef: { file: 'ns.yaml', line: 6 } });
  });

  it('diff --explain says it first, in text and JSON', () => {
    const r = explainDiffFiles(files('db'), files('dba'), { from: 'data/db', to: 'shop/web', ports: [] });
    if (!r.ok) throw new Error(r.message);
    expect(explainDiffText(r.value, peerLabels(r.value.workloads)).split('\n')[1]).toBe('  why: namespace data no longer carries team=db and now carries team=dba (ns.yaml:6), so NetworkPolicy shop/web-in ingress rule 1 no longer matches data/db[Deployment] as a peer');
    const json = JSON.parse(explainDiffJson(r.value, peerLabels(r.value.workloads))) as { explain: { why?: Record<string, unknown>[] } };
    expect(json.explain.why?.[0]).toMatchObject({ kind: 'labels-changed', namespace: 'data', ref: { file: 'ns.yaml', line: 6 } });
  });
});

describe('labels a kustomization sets: the kustomization\'s line', () => {
  const policies = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-out, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-world, namespace: shop}\nspec:\n  podSelector: {matchLabels: {allow-world: "true"}}\n  policyTypes: [Egress]\n  egress:\n    - to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n';
  const app = (kustomization: string): Files => [
    { path: 'app/kustomization.yaml', text: `resources:\n  - deploy.yaml\n  - pol.yaml\n${kustomization}` },
    { path: 'app/deploy.yaml', text: deployment('web', 'shop') },
    { path: 'app/pol.yaml', text: policies },
  ];

  it('a `labels:` entry\'s pairs (with includeTemplates): the pair\'s line, in text and in diff --explain', () => {
    const labels = (key: string) => `labels:\n  - pairs:\n      ${key}: "true"\n    includeTemplates: true\n`;
    const report = analyzeDiff(app(labels('allow-world')), app(labels('custom-egress')));
    expect(report.counts.closed).toBeGreaterThan(0);
    for (const line of firstWhy(report)) expect(line).toBe('shop/web[Deployment] no longer carries allow-world=true (app/kustomization.yaml:6), so NetworkPolicy shop/allow-world no longer selects it');
    const r = explainDiffFiles(app(labels('allow-world')), app(labels('custom-egress')), { from: 'shop/web', to: '0.0.0.0/0', ports: [] });
    if (!r.ok) throw new Error(r.message);
    expect(explainDiffText(r.value, peerLabels(r.value.workloads))).toContain('why: shop/web[Deployment] no longer carries allow-world=true (app/kustomization.yaml:6)');
  });

  it('a `commonLabels:` entry removed: head\'s line that the change edited there, base\'s line of the label', () => {
    const report = analyzeDiff(app('commonLabels:\n  allow-world: "true"\n'), app('commonLabels:\n  tier: web\n'));
    const json = diffJsonObject(report) as { pairs: { why: { closed: Record<string, unknown>[] } }[] };
    const reason = json.pairs.flatMap((p) => p.why.closed).find((r) => r.kind === 'labels-changed');
    expect(reason).toMatchObject({ removed: ['allow-world=true'], ref: { file: 'app/kustomization.yaml', line: 5 }, baseRef: { file: 'app/kustomization.yaml', line: 5 } });
  });
});
