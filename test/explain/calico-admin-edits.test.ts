/**
 * The closing "what to edit" of a denial the Admin tier made, by the deciding rules' kinds (edits-withheld.ts
 * `adminEdits`): its Calico branch, where a Calico tier ordered before the NetworkPolicies and an
 * AdminNetworkPolicy deny parts of the asked traffic together. A Calico rule's Deny: an Allow rule ahead of it; a
 * Calico tier's end (no rule of the tier's policies decided): an Allow (or a Pass) in a policy of that tier that
 * selects the pod, not "an Allow rule ahead of the end of the tier … above". Fixtures written here.
 */
import { explainFiles } from '../../src/analysis/explain-run.js';
import { explainText } from '../../src/report/explain-text.js';
import { peerLabels } from '../../src/report/peer-label.js';
import { appDeployment } from '../helpers/deployment-yaml.js';

const WORLD = `${appDeployment('web', 'shop')}---
${appDeployment('db', 'data')}`;
/** data's ingress from shop denied on TCP 5432 (its rule at line 8). */
const ANP = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: no-pg}
spec:
  priority: 10
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: data}}}
  ingress:
    - name: no-shop
      action: Deny
      from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}}]
      ports: [{portNumber: {port: 5432, protocol: TCP}}]
`;
/** A Calico tier ordered before the NetworkPolicies, and its policy over db's ingress; `rules`: its ingress entries. */
const calico = (rules: string) => `apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 100}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: security.db}
spec:
  tier: security
  order: 10
  selector: app == 'db'
  ingress:
${rules}`;

/** The line that says what to edit for the denial of db's ingress from web on TCP 5432 and 6379. */
function editLine(rules: string): string {
  const r = explainFiles([{ path: 'k8s.yaml', text: WORLD }, { path: 'tiers.yaml', text: `${ANP}---\n${calico(rules)}` }], { from: 'shop/web', to: 'data/db', ports: ['5432', '6379'] });
  if (!r.ok) throw new Error(r.message);
  return explainText(r.value, peerLabels(r.value.workloads)).split('\n').find((l) => l.includes('which no NetworkPolicy edit can change'))!.trim();
}

describe('what to edit where a Calico tier and an AdminNetworkPolicy deny together', () => {
  it('a Calico rule\'s Deny: an Allow rule ahead of it, and the AdminNetworkPolicy edited', () => {
    // Rule 1 denies TCP 6379 from web; rule 2 passes the rest on to the AdminNetworkPolicy, which denies TCP 5432.
    const rules = `    - action: Deny\n      source: {selector: app == 'web'}\n      protocol: TCP\n      destination: {ports: [6379]}\n    - action: Pass\n`;
    expect(editLine(rules)).toBe(
      'TCP 5432 and 6379 is denied in the Calico tier security (order 100) and Admin tier, which no NetworkPolicy edit can change: add an `action: Allow` rule ahead of Calico GlobalNetworkPolicy security.db ingress rule 1 above and edit AdminNetworkPolicy no-pg above',
    );
  });

  it('the Calico tier\'s end: an Allow (or a Pass) in a policy of that tier that selects the pod', () => {
    // Rule 1 passes TCP 5432 on to the AdminNetworkPolicy; nothing decides TCP 6379, which the tier's end denies.
    const rules = `    - action: Pass\n      protocol: TCP\n      destination: {ports: [5432]}\n`;
    expect(editLine(rules)).toBe(
      'TCP 5432 and 6379 is denied in the Calico tier security (order 100) and Admin tier, which no NetworkPolicy edit can change: add an `action: Allow` rule for it (or a `Pass` to the next tier) to a policy of Calico tier security (order 100) that selects data/db (`ingress:`) and edit AdminNetworkPolicy no-pg above',
    );
  });
});
