/**
 * A namespace selector that picks only namespaces the repository does not define — by the older `name: X`
 * convention for an X defined nowhere, or by the labels OpenShift puts on its own namespaces
 * (`network.openshift.io/policy-group`, `policy-group.network.openshift.io/*`) — is not said to "match no
 * namespace defined in the manifests": their labels are unknown here (real-eval 26, an OpenShift repository's
 * policies toward the router and monitoring). `name:` for a namespace the manifests define, or for
 * kube-system, which carries no such label, is still reported, and a near miss of a defined name reads as a typo.
 */
import { computeConnectivity } from '../../src/engine/index.js';
import { DEFAULT_FINDINGS_CONFIG, commitFindings } from '../../src/findings/index.js';
import { loadManifests } from '../../src/manifests/load.js';

const app = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: i}]}\n';
const egressTo = (namespaceSelector: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: out, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to: [{namespaceSelector: ${namespaceSelector}}]\n`;
const peerMessages = (namespaceSelector: string): string[] => {
  const loaded = loadManifests([
    { path: 'app.yaml', text: app },
    { path: 'policy.yaml', text: egressTo(namespaceSelector) },
  ]);
  return commitFindings({ conn: computeConnectivity(loaded.cluster), diagnostics: loaded.diagnostics, config: DEFAULT_FINDINGS_CONFIG })
    .filter((f) => f.code === 'PEER_SELECTS_NOTHING')
    .map((f) => f.message);
};

describe('PEER_SELECTS_NOTHING: namespaces defined outside the repository', () => {
  it.each([
    ['the name label of a namespace defined nowhere', '{matchLabels: {name: openshift-monitoring}}'],
    ['the name label In namespaces defined nowhere', '{matchExpressions: [{key: name, operator: In, values: [openshift-monitoring, openshift-user-workload-monitoring]}]}'],
    ["OpenShift's policy-group label", '{matchLabels: {network.openshift.io/policy-group: ingress}}'],
    ["OpenShift's host-network policy group", '{matchLabels: {policy-group.network.openshift.io/host-network: ""}}'],
  ])('%s: not reported', (_what, selector) => {
    expect(peerMessages(selector)).toEqual([]);
  });

  it.each([
    ['the name label of a namespace the manifests define without it', '{matchLabels: {name: shop}}'],
    ['the name label of kube-system, which carries only its metadata name', '{matchLabels: {name: kube-system}}'],
    ['another label', '{matchLabels: {team: payments}}'],
    ["OpenShift's label beside another", '{matchLabels: {network.openshift.io/policy-group: ingress, team: payments}}'],
  ])('%s: still reported', (_what, selector) => {
    expect(peerMessages(selector)).toEqual([expect.stringContaining('matches no namespace defined in the manifests')]);
  });

  it('a name label one edit from a namespace the manifests define reads as a typo', () => {
    expect(peerMessages('{matchLabels: {name: shpo}}')).toEqual([expect.stringContaining('matches no namespace: shpo is defined nowhere in the manifests, while shop is (misspelt?)')]);
  });
});
