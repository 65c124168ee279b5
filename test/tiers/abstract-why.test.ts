/**
 * Why for paths a cluster-wide tier rule decides, with abstract ends too: the text and Markdown lines of
 * pairs with pods the manifests do not hold, and the JSON why of every pair, name the deciding
 * AdminNetworkPolicy / BaselineAdminNetworkPolicy / ClusterNetworkPolicy rule with its file:line on the
 * side where the tier decided (tryout case D: a new ANP Deny closes `entire-cluster → db/pg`).
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { ManifestFile } from '../../src/manifests/load.js';
import { diffText } from '../../src/report/diff-text.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { reasonText } from '../../src/report/reason-text.js';
import { peerId } from '../../src/engine/index.js';

const APPS = `apiVersion: v1
kind: Namespace
metadata: {name: web, labels: {team: web}}
---
apiVersion: v1
kind: Namespace
metadata: {name: db, labels: {team: data}}
---
apiVersion: v1
kind: Namespace
metadata: {name: ops, labels: {team: ops}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: front, namespace: web}
spec:
  template:
    metadata: {labels: {app: front}}
    spec: {containers: [{name: c, image: x}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: pg, namespace: db}
spec:
  template:
    metadata: {labels: {app: pg}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 5432, name: pg}]}]}
`;

const ANP = (first: 'Pass' | 'Deny') => `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny-ops-to-db}
spec:
  priority: 10
  subject:
    namespaces: {matchLabels: {team: data}}
  ingress:
  - name: web
    action: ${first}
    from:
    - namespaces: {matchLabels: {team: web}}
  - name: deny-all
    action: Deny
    from:
    - namespaces: {}
`;

const NP = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: pg-in, namespace: db}
spec:
  podSelector: {}
  ingress:
  - from:
    - namespaceSelector: {}
    ports: [{port: 5432}]
`;

const files = (...more: [string, string][]): ManifestFile[] => [{ path: 'apps.yaml', text: APPS }, ...more.map(([path, text]) => ({ path, text }))];
// The namespaces the manifests do not know, other than team=data/web ones: named exactly (region-names.ts).
const OTHER_NAMESPACES = '[namespace with {kubernetes.io/metadata.name NotIn (ops),team NotIn (data,web)}]/[all pods]';
// Text and Markdown read the name label by name (report/pods-text.ts).
const OTHER_NAMESPACES_TEXT = '[namespace with {team NotIn (data,web)} other than ops]/[all pods]';
const WEB_OTHERS_TEXT = '[namespace with {team=web} other than web]/[all pods]';
const DENY_RULE_2 = 'denied by AdminNetworkPolicy deny-ops-to-db ingress rule 2 "deny-all" (Admin tier, anp.yaml:13)';

describe('why of paths a tier rule decides, abstract ends included', () => {
  const report = analyzeDiff(files(), files(['anp.yaml', ANP('Pass')], ['np.yaml', NP]));

  it('JSON why: every closed pair into db/pg from an abstract peer names the deciding Admin rule', () => {
    const fromEntire = report.pairs.find((p) => p.closed && peerId(p.src) === OTHER_NAMESPACES && p.dst.type === 'workload' && p.dst.workload.id === 'db/pg[Deployment]');
    expect(fromEntire).toBeDefined();
    expect(fromEntire!.whyClosed.map((r) => reasonText(r))).toContain(DENY_RULE_2);
    const abstractClosed = report.pairs.filter((p) => p.closed && (p.src.type === 'pods' || p.dst.type === 'pods'));
    for (const p of abstractClosed) expect(p.whyClosed.some((r) => r.kind === 'tier-rule' && r.side === 'head')).toBe(true);
  });

  it('text: the abstract line names the Deny rule, not a bare line number', () => {
    const text = diffText(report);
    const line = text.split('\n').find((l) => l.startsWith('  db/pg[Deployment] no longer admits') && l.includes(OTHER_NAMESPACES_TEXT));
    expect(line).toContain(DENY_RULE_2);
    const web = text.split('\n').find((l) => l.startsWith('  db/pg[Deployment] no longer admits') && l.includes(WEB_OTHERS_TEXT));
    expect(web).toContain('passed to the next tier by AdminNetworkPolicy deny-ops-to-db ingress rule 1 "web" (Admin tier, anp.yaml:9)');
  });

  it('Markdown: the same rule named', () => {
    const md = renderDiffMarkdown(report);
    const line = md.split('\n').find((l) => l.includes('no longer admits') && l.includes(OTHER_NAMESPACES_TEXT) && l.includes('db/pg'));
    expect(line).toMatch(/denied by AdminNetworkPolicy deny-ops-to-db ingress rule 2 "deny-all" \(Admin tier, .*anp\.yaml.*13/);
  });

  it('opened: a Deny turned into a Pass names the Pass in head and the Deny in base', () => {
    const opened = analyzeDiff(files(['anp.yaml', ANP('Deny')]), files(['anp.yaml', ANP('Pass')]));
    const text = diffText(opened);
    const line = text.split('\n').find((l) => l.includes('db/pg[Deployment] now admits') && l.includes(WEB_OTHERS_TEXT));
    expect(line).toBeDefined();
    expect(line).toContain('passed to the next tier by AdminNetworkPolicy deny-ops-to-db ingress rule 1 "web" (Admin tier, anp.yaml:9)');
    expect(line).toContain('in base, denied by AdminNetworkPolicy deny-ops-to-db ingress rule 1 "web" (Admin tier, base:anp.yaml:9)');
  });
});
