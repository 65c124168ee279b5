/**
 * Toward addresses the cluster-wide rules cut apart (one rule's range here, none there), each part of explain's
 * story carries the addresses it is of (engine/explain-pair.ts `storyByParts`), so nothing is said of addresses a
 * rule did not match: an AdminNetworkPolicy Pass over 10.0.0.0/8 read "passed on by" for the whole asked
 * 10.0.0.0/7, 11.0.0.0/8 included, once the parts' stories were merged. Fixtures written here.
 */
import { explainFiles } from '../../src/analysis/explain-run.js';
import { explainText } from '../../src/report/explain-text.js';
import { explainJson } from '../../src/report/explain-json.js';
import { peerLabels } from '../../src/report/peer-label.js';
import { appDeployment } from '../helpers/deployment-yaml.js';

/**
 * web's egress: a NetworkPolicy allowing TCP 443 to 11.0.0.0/8 only; an AdminNetworkPolicy passing TCP 443 to
 * 10.0.0.0/8 on to it (its rule at line 8), which the NetworkPolicy then denies.
 */
const FILES = [
  {
    path: 'k8s.yaml',
    text: `${appDeployment('web', 'shop')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-out, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
    - to: [{ipBlock: {cidr: 11.0.0.0/8}}]
      ports: [{port: 443}]
`,
  },
  {
    path: 'anp.yaml',
    text: `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: delegate}
spec:
  priority: 10
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}}
  egress:
    - name: private
      action: Pass
      to: [{networks: [10.0.0.0/8]}]
      ports: [{portNumber: {port: 443, protocol: TCP}}]
`,
  },
];

function explained(to: string) {
  const r = explainFiles(FILES, { from: 'shop/web', to, ports: ['443'] });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

describe('explain toward addresses a Pass rule matches only in part', () => {
  it('the Pass is said of the addresses it matched, not of 11.0.0.0/8 (the asked 10.0.0.0/7)', () => {
    const report = explained('10.0.0.0/7');
    const text = explainText(report, peerLabels(report.workloads));
    const line = text.split('\n').find((l) => l.startsWith('egress of '))!;
    expect(line).toBe(
      'egress of shop/web: denies it (NetworkPolicy tier, passed on by AdminNetworkPolicy delegate egress rule 1 "private", anp.yaml:8 for 10.0.0.0/8)',
    );
    expect(text).toContain('  AdminNetworkPolicy delegate egress rule 1 "private" (anp.yaml:8): Pass TCP 443 for 10.0.0.0/8\n');
    // JSON: each part and decision with the addresses it is of (added fields).
    const json = JSON.parse(explainJson(report, peerLabels(report.workloads))) as { explain: { directions: { parts: { cidrs?: string[] }[]; decisions: { cidrs?: string[] }[] }[] } };
    const egress = json.explain.directions[0];
    // The one part (the NetworkPolicy tier denies all of it: its ipBlock leaves out 10.0.0.0/8) is of every asked address.
    expect(egress.parts.map((p) => p.cidrs)).toEqual([undefined]);
    expect(egress.decisions.map((d) => d.cidrs)).toEqual([['10.0.0.0/8']]);
  });

  it('addresses the Pass matches whole: told as before, without addresses', () => {
    const report = explained('10.1.0.0/16');
    const line = explainText(report, peerLabels(report.workloads)).split('\n').find((l) => l.startsWith('egress of '))!;
    expect(line).toBe('egress of shop/web: denies it (NetworkPolicy tier, passed on by AdminNetworkPolicy delegate egress rule 1 "private", anp.yaml:8)');
  });
});
