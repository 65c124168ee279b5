/**
 * A Cilium endpoint selector key written as a namespace label under another prefix than Cilium's
 * `io.cilium.k8s.namespace.labels.` is a RESERVED_LABEL_NEAR_MISS at the key's line, naming the label meant
 * (for the namespace's name label, Cilium's `io.kubernetes.pod.namespace`). Real-eval 23: a
 * CiliumNetworkPolicy admitted Prometheus with `io.kubernetes.pod.namespace.labels.kubernetes.io/metadata.name:
 * monitoring`, a label no endpoint carries, so Prometheus lost its way in; reachdiff said only what closed.
 * The key is still read as written, as Cilium reads it.
 */
import { loadManifests } from '../../src/manifests/load.js';
import { ciliumNamespaceLabelMeant } from '../../src/manifests/reserved-labels.js';

const policy = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: manager
  namespace: storage
spec:
  endpointSelector:
    matchLabels:
      app: manager
  ingress:
    - fromEndpoints:
        - matchLabels:
            app.kubernetes.io/name: prometheus
            io.kubernetes.pod.namespace.labels.kubernetes.io/metadata.name: monitoring
    - fromEndpoints:
        - matchLabels:
            k8s:io.cilium.k8s.namespace.label.team: data
    - fromEndpoints:
        - matchLabels:
            io.kubernetes.pod.namespace: monitoring
            app.kubernetes.io/name: grafana
`;

it('warns at the key, with the label meant and the source prefix as written; a right key passes', () => {
  const loaded = loadManifests([{ path: 'netpol.yaml', text: policy }]);
  const near = loaded.diagnostics.filter((d) => d.code === 'RESERVED_LABEL_NEAR_MISS');
  expect(near.map((d) => [d.severity, d.ref.line, /did you mean "([^"]+)"/.exec(d.message)?.[1]])).toEqual([
    ['warning', 14, 'io.kubernetes.pod.namespace'],
    ['warning', 17, 'k8s:io.cilium.k8s.namespace.labels.team'],
  ]);
  expect(near[0].message).toContain('label "io.kubernetes.pod.namespace.labels.kubernetes.io');
  expect(near[0].message).toContain('is not one Cilium sets (did you mean "io.kubernetes.pod.namespace"?)');
  // Read as written: the rule stays, requiring a pod label no endpoint carries.
  const p = loaded.cluster.policies.find((x) => x.name === 'manager');
  expect(p?.ingress?.length).toBe(3);
});

it.each([
  ['io.kubernetes.pod.namespace.labels.kubernetes.io/metadata.name', 'io.kubernetes.pod.namespace'],
  ['io.kubernetes.pod.namespace.labels.team', 'io.cilium.k8s.namespace.labels.team'],
  ['io.cilium.namespace.labels.team', 'io.cilium.k8s.namespace.labels.team'],
  ['io.cilium.k8s.namespace.labels.team', undefined],
  ['io.kubernetes.pod.namespace', undefined],
  ['app.kubernetes.io/name', undefined],
])('%s → %s', (key, meant) => {
  expect(ciliumNamespaceLabelMeant(key)).toBe(meant);
});
