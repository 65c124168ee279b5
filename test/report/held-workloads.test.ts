/**
 * A line naming a workload beside pods that hold it (`p/ss[StatefulSet] and p/[pod with {app=pc}] may now
 * send to …`) reads as if they were apart: the workload is told as held today by the pods' name
 * (HomeLab b70f21ae, prometheus-ceph). A workload outside the pods' selector stays apart.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';

const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: p}\n';
const ss = (name: string, labels: string) =>
  `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: ${name}, namespace: p}\nspec:\n  template:\n    metadata: {labels: ${labels}}\n    spec: {containers: [{name: c, image: x}]}\n`;
const np = (name: string, spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: p}\nspec:\n${spec}`;
// Another policy reads `role`, so ss's pods ({app: pc, role: db}) are a region of their own inside app=pc.
const db = np('db', '  podSelector: {matchLabels: {role: db}}\n  policyTypes: [Ingress]\n');
const egress = (to: string) => np('out', `  podSelector: {matchLabels: {app: pc}}\n  policyTypes: [Egress]\n  egress:\n  - to: ${to}\n`);

it('the workload folds into the pods end that holds it', () => {
  const common = [{ path: 'ns.yaml', text: ns }, { path: 'ss.yaml', text: ss('ss', '{app: pc, role: db}') }, { path: 'db.yaml', text: db }];
  const base = [...common, { path: 'out.yaml', text: egress('[{ipBlock: {cidr: 10.9.9.9/32}}]') }];
  const head = [...common, { path: 'out.yaml', text: egress('[{namespaceSelector: {matchLabels: {team: x}}}]') }];
  const lines = diffText(analyzeDiff(base, head)).split('\n').filter((l) => l.includes('may now send to'));
  expect(lines).toEqual(['  p/[pod with {app=pc}] (p/ss[StatefulSet] today) may now send to [namespace with {team=x}]/[all pods] on all ports, out.yaml:8']);
});
