/**
 * The verdict line of each direction of `explain` / `diff --explain` credits each part of the asked traffic
 * to the tier that decided it, naming the Admin or Baseline rule with file:line (report/tier-deciders.ts).
 * Before, it named one tier for the whole (the denied part's, else the allowed part's): an AdminNetworkPolicy
 * Allow of TCP 8443 beside a NetworkPolicy that denies the rest read "allows TCP 8443 only (NetworkPolicy
 * tier)" (fresh-user trial), and the rule that decided was not in the line.
 */
import { explainDiffFiles, explainFiles } from '../../src/analysis/explain-run.js';
import { explainDiffText, explainText } from '../../src/report/explain-text.js';
import { peerLabels } from '../../src/report/peer-label.js';

/** shop/api (isolated for ingress by a NetworkPolicy admitting team=commerce only) and payments/ledger. */
const CLUSTER = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: commerce}}
---
apiVersion: v1
kind: Namespace
metadata: {name: payments, labels: {team: pay}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8443}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ledger, namespace: payments}
spec:
  template:
    metadata: {labels: {app: ledger}}
    spec: {containers: [{name: c, image: x}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-ingress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
  ingress:
  - from: [{namespaceSelector: {matchLabels: {team: commerce}}}]
`;

/** A cluster-wide policy of `kind` (named `p`, a baseline `default`) over `namespace`'s pods for ingress, its rules on lines 8, 9, … of tiers.yaml. */
const tierPolicy = (kind: string, namespace: string, rules: string[]) =>
  `apiVersion: policy.networking.k8s.io/v1alpha1
kind: ${kind}
metadata: {name: ${kind === 'AdminNetworkPolicy' ? 'p' : 'default'}}
spec:
${kind === 'AdminNetworkPolicy' ? '  priority: 10' : '  # baseline'}
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: ${namespace}}}}
  ingress:
${rules.map((r) => `  - ${r}`).join('\n')}
`;
const fromPay = 'from: [{namespaces: {matchLabels: {team: pay}}}]';
const on8443 = 'ports: [{portNumber: {port: 8443, protocol: TCP}}]';

/** The verdict line of the destination's ingress in `explain`'s text of from → to with `tiers` beside the cluster. */
function verdictLine(tiers: string, from: string, to: string, ports: string[], style: 'text' | 'md' = 'text'): string {
  const r = explainFiles([{ path: 'k8s.yaml', text: CLUSTER }, { path: 'tiers.yaml', text: tiers }], { from, to, ports });
  if (!r.ok) throw new Error(r.message);
  return explainText(r.value, peerLabels(r.value.workloads), style).split('\n').find((l) => l.startsWith(style === 'md' ? '#### ingress of ' : 'ingress of '))!;
}

describe('the Admin tier', () => {
  it('an AdminNetworkPolicy Allow of one port beside a NetworkPolicy that denies the rest: each part its own tier, the Allow named', () => {
    const line = verdictLine(tierPolicy('AdminNetworkPolicy', 'shop', [`{name: allow-ledger, action: Allow, ${fromPay}, ${on8443}}`]), 'payments/ledger', 'shop/api', []);
    expect(line).toBe('ingress of shop/api: allows TCP 8443 only (Admin tier allows TCP 8443: AdminNetworkPolicy p ingress rule 1 "allow-ledger", tiers.yaml:8; NetworkPolicy tier denies any port but TCP 8443)');
    // Markdown alike, its file:line as code.
    expect(verdictLine(tierPolicy('AdminNetworkPolicy', 'shop', [`{name: allow-ledger, action: Allow, ${fromPay}, ${on8443}}`]), 'payments/ledger', 'shop/api', [], 'md')).toBe(
      '#### ingress of `shop/api`: allows TCP 8443 only (Admin tier allows TCP 8443: AdminNetworkPolicy p ingress rule 1 "allow-ledger", `tiers.yaml:8`; NetworkPolicy tier denies any port but TCP 8443)',
    );
  });

  it('an AdminNetworkPolicy Allow of everything asked, where the NetworkPolicy would deny: the Admin tier and its rule', () => {
    const line = verdictLine(tierPolicy('AdminNetworkPolicy', 'shop', [`{name: allow-ledger, action: Allow, ${fromPay}}`]), 'payments/ledger', 'shop/api', ['8443']);
    expect(line).toBe('ingress of shop/api: allows it (Admin tier: AdminNetworkPolicy p ingress rule 1 "allow-ledger", tiers.yaml:8)');
  });

  it('an Admin Deny of one port, the NetworkPolicy denying the rest', () => {
    const line = verdictLine(tierPolicy('AdminNetworkPolicy', 'shop', [`{name: no, action: Deny, ${fromPay}, ${on8443}}`]), 'payments/ledger', 'shop/api', []);
    expect(line).toBe('ingress of shop/api: denies it (Admin tier denies TCP 8443: AdminNetworkPolicy p ingress rule 1 "no", tiers.yaml:8; NetworkPolicy tier denies any port but TCP 8443)');
  });

  it('an Admin Pass: the NetworkPolicy tier decides, and the Pass that handed it on is named', () => {
    const line = verdictLine(tierPolicy('AdminNetworkPolicy', 'shop', [`{name: hand-on, action: Pass, ${fromPay}}`]), 'payments/ledger', 'shop/api', ['8443']);
    expect(line).toBe('ingress of shop/api: denies it (NetworkPolicy tier, passed on by AdminNetworkPolicy p ingress rule 1 "hand-on", tiers.yaml:8)');
  });
});

describe('the Baseline tier (payments/ledger: no NetworkPolicy selects it)', () => {
  it('a Baseline Deny of one port: the rest is the default’s, not the Baseline tier’s', () => {
    const line = verdictLine(tierPolicy('BaselineAdminNetworkPolicy', 'payments', [`{name: no, action: Deny, from: [{namespaces: {}}], ${on8443}}`]), 'shop/api', 'payments/ledger', []);
    expect(line).toBe('ingress of payments/ledger: allows any port but TCP 8443 only (Baseline tier denies TCP 8443: BaselineAdminNetworkPolicy default ingress rule 1 "no", tiers.yaml:8; default (allow) allows any port but TCP 8443)');
  });

  it('an Admin Pass to a Baseline Deny: both named', () => {
    const tiers = `${tierPolicy('AdminNetworkPolicy', 'payments', [`{name: hand-on, action: Pass, from: [{namespaces: {}}]}`])}---\n${tierPolicy('BaselineAdminNetworkPolicy', 'payments', ['{name: no, action: Deny, from: [{namespaces: {}}]}'])}`;
    const line = verdictLine(tiers, 'shop/api', 'payments/ledger', ['8443']);
    expect(line).toBe('ingress of payments/ledger: denies it (Baseline tier: BaselineAdminNetworkPolicy default ingress rule 1 "no", tiers.yaml:17, passed on by AdminNetworkPolicy p ingress rule 1 "hand-on", tiers.yaml:8)');
  });
});

it('the NetworkPolicy tier alone keeps its line', () => {
  expect(verdictLine('', 'payments/ledger', 'shop/api', ['8443'])).toBe('ingress of shop/api: denies it (NetworkPolicy tier)');
});

it('the NetworkPolicy tier alone deciding both parts is named once (new-user trial 39: "allows TCP 8443 only (NetworkPolicy tier allows TCP 8443; NetworkPolicy tier denies any port but TCP 8443)")', () => {
  const pay8443 = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api-pay, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {team: pay}}}]\n    ports: [{port: 8443}]\n';
  expect(verdictLine(pay8443, 'payments/ledger', 'shop/api', [])).toBe('ingress of shop/api: allows TCP 8443 only (NetworkPolicy tier)');
  expect(verdictLine(pay8443, 'payments/ledger', 'shop/api', [], 'md')).toBe('#### ingress of `shop/api`: allows TCP 8443 only (NetworkPolicy tier)');
});

it('diff --explain: head’s line credits the AdminNetworkPolicy Allow the change added', () => {
  const tiers = tierPolicy('AdminNetworkPolicy', 'shop', [`{name: allow-ledger, action: Allow, ${fromPay}, ${on8443}}`]);
  const r = explainDiffFiles([{ path: 'k8s.yaml', text: CLUSTER }], [{ path: 'k8s.yaml', text: CLUSTER }, { path: 'tiers.yaml', text: tiers }], { from: 'payments/ledger', to: 'shop/api', ports: [] });
  if (!r.ok) throw new Error(r.message);
  const lines = explainDiffText(r.value, peerLabels(r.value.workloads)).split('\n');
  expect(lines.filter((l) => l.startsWith('ingress of '))).toEqual([
    'ingress of shop/api: denies it (NetworkPolicy tier)',
    'ingress of shop/api: allows TCP 8443 only (Admin tier allows TCP 8443: AdminNetworkPolicy p ingress rule 1 "allow-ledger", tiers.yaml:8; NetworkPolicy tier denies any port but TCP 8443)',
  ]);
});
