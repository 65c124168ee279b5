/**
 * A rule whose only peers are ones reachdiff reads as matching nothing (a Cilium entity the manifests do not
 * hold, `fromEntities: [kube-apiserver]`; DNS names, `toFQDNs`) is no near miss, whatever its ports. It was
 * listed with its ports alone ("port TCP 12321 not in [TCP 18789]"), telling the reader that adding the port
 * would admit the peer, and it vanished when the "missing" port was asked (new-user trial 42, finding 3). A
 * rule with a peer of the other kind stays one (test/explain/far-misses.test.ts: adding the peer is its edit).
 */
import { explainFiles } from '../../src/analysis/explain-run.js';
import { explainText } from '../../src/report/explain-text.js';
import { peerLabels } from '../../src/report/peer-label.js';

const deploy = (ns: string, name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;

const POLICIES = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web-from-nodes, namespace: ai}
spec:
  endpointSelector: {matchLabels: {app: web}}
  ingress:
    - fromEntities: [kube-apiserver]
      toPorts:
        - ports: [{port: "18789", protocol: TCP}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: client-dns-names, namespace: ai}
spec:
  endpointSelector: {matchLabels: {app: client}}
  egress:
    - toFQDNs: [{matchName: api.example.com}]
      toPorts:
        - ports: [{port: "8443", protocol: TCP}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: client-out, namespace: ai}
spec:
  podSelector: {matchLabels: {app: client}}
  policyTypes: [Egress]
  egress:
    - to: [{podSelector: {matchLabels: {app: db}}}]
      ports: [{port: 443}]
`;

const files = [
  { path: 'apps.yaml', text: [deploy('ai', 'web'), deploy('ai', 'client'), deploy('ai', 'db')].join('---\n') },
  { path: 'policies.yaml', text: POLICIES },
];

function explain(from: string, to: string, port: string, direction: 'ingress' | 'egress') {
  const r = explainFiles(files, { from, to, ports: [port] });
  if (!r.ok) throw new Error(r.message);
  if (r.value.answer.kind !== 'explained') throw new Error('not explained');
  const d = r.value.answer.explanation.directions.find((x) => x.direction === direction)!;
  return { misses: d.nearMisses.map((m) => m.policy), text: explainText(r.value, peerLabels(r.value.workloads)) };
}

describe('rules whose peers match nothing', () => {
  it.each(['12321', '18789'])('an entity rule is no near miss for a pod, on port %s', (port) => {
    const { misses, text } = explain('ai/client', 'ai/web', port, 'ingress');
    expect(misses).toEqual([]);
    expect(text).not.toContain('near miss: CiliumNetworkPolicy ai/web-from-nodes');
    expect(text).toContain('no rule of these policies comes close');
  });

  it.each(['ai/web', '10.0.0.5'])('a DNS name rule is no near miss toward %s; a rule whose peer could be edited to match stays one', (to) => {
    const { misses, text } = explain('ai/client', to, '443', 'egress');
    expect(misses).toEqual(['ai/client-out']);
    expect(text).not.toContain('near miss: CiliumNetworkPolicy ai/client-dns-names');
  });
});
