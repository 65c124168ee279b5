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

/** shop/web and its NetworkPolicy web-out, whose one egress rule (line 17) allows TCP 443 to `ipBlock`. */
const webOut = (ipBlock: string) => `${appDeployment('web', 'shop')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-out, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
    - to: [{ipBlock: ${ipBlock}}]
      ports: [{port: 443}]
`;

/**
 * web's egress: a NetworkPolicy allowing TCP 443 to 11.0.0.0/8 only; an AdminNetworkPolicy passing TCP 443 to
 * 10.0.0.0/8 on to it (its rule at line 8), which the NetworkPolicy then denies.
 */
const FILES = [
  { path: 'k8s.yaml', text: webOut('{cidr: 11.0.0.0/8}') },
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
    // 11.0.0.0/8, which the NetworkPolicy's ipBlock covers, is allowed: a part of its own (was "denies it" whole, since cite55).
    expect(line).toBe(
      'egress of shop/web: allows it to some of the addresses only (NetworkPolicy tier allows TCP 443 to 11.0.0.0/8; NetworkPolicy tier denies TCP 443 to 10.0.0.0/8, passed on by AdminNetworkPolicy delegate egress rule 1 "private", anp.yaml:8)',
    );
    expect(text).toContain('  AdminNetworkPolicy delegate egress rule 1 "private" (anp.yaml:8): Pass TCP 443 for 10.0.0.0/8\n');
    // JSON: each part and decision with the addresses it is of (added fields).
    const json = JSON.parse(explainJson(report, peerLabels(report.workloads))) as { explain: { directions: { parts: { cidrs?: string[] }[]; decisions: { cidrs?: string[] }[] }[] } };
    const egress = json.explain.directions[0];
    // Two parts of the NetworkPolicy tier: its ipBlock allows 11.0.0.0/8 and leaves out 10.0.0.0/8.
    expect(egress.parts.map((p) => p.cidrs)).toEqual([['11.0.0.0/8'], ['10.0.0.0/8']]);
    expect(egress.decisions.map((d) => d.cidrs)).toEqual([['10.0.0.0/8']]);
  });

  it('addresses the Pass matches whole: told as before, without addresses', () => {
    const report = explained('10.1.0.0/16');
    const line = explainText(report, peerLabels(report.workloads)).split('\n').find((l) => l.startsWith('egress of '))!;
    expect(line).toBe('egress of shop/web: denies it (NetworkPolicy tier, passed on by AdminNetworkPolicy delegate egress rule 1 "private", anp.yaml:8)');
  });
});

/** web's egress: one NetworkPolicy rule allowing TCP 443 to 10.0.0.0/8 except 10.1.0.0/16 (line 17); no cluster-wide policy. */
const NP_ONLY = [{ path: 'k8s.yaml', text: webOut('{cidr: 10.0.0.0/8, except: [10.1.0.0/16]}') }];

describe('explain toward addresses a NetworkPolicy ipBlock covers in part', () => {
  function npExplained(to: string) {
    const r = explainFiles(NP_ONLY, { from: 'shop/web', to, ports: ['443'] });
    if (!r.ok) throw new Error(r.message);
    return r.value;
  }

  it('each part of the NetworkPolicy tier is said of its addresses, and the rule allows for the ones it covers (was "denies it (NetworkPolicy tier)")', () => {
    const report = npExplained('10.0.0.0/7');
    const text = explainText(report, peerLabels(report.workloads));
    const lines = text.split('\n');
    expect(lines.find((l) => l.startsWith('egress of '))).toBe(
      'egress of shop/web: allows it to some of the addresses only (NetworkPolicy tier allows TCP 443 to 10.0.0.0/8 (except 10.1.0.0/16); NetworkPolicy tier denies TCP 443 to 10.1.0.0/16, 11.0.0.0/8)',
    );
    expect(lines).toContain('  allowed by NetworkPolicy shop/web-out egress rule 1 (k8s.yaml:17): TCP 443 for 10.0.0.0/8 (except 10.1.0.0/16)');
    const json = JSON.parse(explainJson(report, peerLabels(report.workloads))) as {
      explain: { directions: { parts: { verdict: string; cidrs?: string[] }[]; allowing: { rule: number; cidrs?: string[] }[] }[] };
    };
    const egress = json.explain.directions[0];
    expect(egress.parts.map((p) => [p.verdict, p.cidrs])).toEqual([
      ['allowed', ['10.0.0.0/16', '10.2.0.0/15', '10.4.0.0/14', '10.8.0.0/13', '10.16.0.0/12', '10.32.0.0/11', '10.64.0.0/10', '10.128.0.0/9']],
      ['denied', ['10.1.0.0/16', '11.0.0.0/8']],
    ]);
    expect(egress.allowing.map((r) => [r.rule, r.cidrs?.length])).toEqual([[0, 8]]);
  });

  it('addresses the ipBlock covers whole, or misses whole: one part, said without addresses', () => {
    const inside = npExplained('10.2.0.0/16');
    const insideText = explainText(inside, peerLabels(inside.workloads));
    expect(insideText.split('\n').find((l) => l.startsWith('egress of '))).toBe('egress of shop/web: allows it (NetworkPolicy tier)');
    expect(insideText).toContain('  allowed by NetworkPolicy shop/web-out egress rule 1 (k8s.yaml:17): TCP 443\n');
    const outside = npExplained('10.1.2.0/24');
    expect(explainText(outside, peerLabels(outside.workloads)).split('\n').find((l) => l.startsWith('egress of '))).toBe('egress of shop/web: denies it (NetworkPolicy tier)');
  });
});
