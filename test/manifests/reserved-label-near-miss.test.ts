/**
 * A selector key one slip away from a label the platform sets by itself is a warning at the key's line
 * naming the label meant. Real case (a homelab's Cilium audit policies, many files): every
 * `fromEndpoints`/`toEndpoints` used `k8s:io.kubernetes.podNamespace` for Cilium's
 * `io.kubernetes.pod.namespace`, so every rule matched nothing, DNS egress included; reachdiff said only
 * "matches no pod" without the reason. test/fixtures/reserved-label-near-miss: a CiliumNetworkPolicy and
 * a NetworkPolicy with near misses beside the labels written right.
 */
import { readFileSync } from 'node:fs';
import { loadManifests } from '../../src/manifests/load.js';
import { CILIUM_ENDPOINT_LABELS, NAMESPACE_SELECTOR_LABELS, reservedLabelMeant } from '../../src/manifests/reserved-labels.js';
import { keyLineParses } from '../../src/manifests/key-lines.js';

const FIXTURE = 'test/fixtures/reserved-label-near-miss';

it('warns at each near miss, with the label meant and the source prefix as written; the right labels pass', () => {
  const loaded = loadManifests([{ path: 'policies.yaml', text: readFileSync(`${FIXTURE}/policies.yaml`, 'utf8') }]);
  const near = loaded.diagnostics.filter((d) => d.code === 'RESERVED_LABEL_NEAR_MISS');
  expect(near.map((d) => [d.severity, d.ref.line, /did you mean "([^"]+)"/.exec(d.message)?.[1]])).toEqual([
    ['warning', 34, 'k8s:io.kubernetes.pod.namespace'],
    ['warning', 37, 'io.cilium.k8s.policy.serviceaccount'],
    ['warning', 57, 'kubernetes.io/metadata.name'],
    ['warning', 60, 'kubernetes.io/metadata.name'],
  ]);
  expect(near[0].message).toContain('label "k8s:io.kubernetes.podNamespace" is not one Cilium sets');
  expect(near[2].message).toContain('label "kubernetes.io/metadata-name" is not one Kubernetes sets');
  // Read as written (what Cilium and the API server do): the rules stay, matching what carries the label.
  const cilium = loaded.cluster.policies.find((p) => p.name === 'web-from-gateway');
  expect(cilium?.ingress?.length).toBe(3);
  // A podSelector is not a namespace selector: a pod may carry any label, none is reserved there.
  expect(loaded.diagnostics.some((d) => d.ref.line === 65)).toBe(false);
});

it.each([
  ['io.kubernetes.podNamespace', 'io.kubernetes.pod.namespace', CILIUM_ENDPOINT_LABELS],
  ['io.kubernetes.pod_namespace', 'io.kubernetes.pod.namespace', CILIUM_ENDPOINT_LABELS],
  ['io.kubernetes.pod.namespaces', 'io.kubernetes.pod.namespace', CILIUM_ENDPOINT_LABELS],
  ['io.kubernetes.pod.namespace', undefined, CILIUM_ENDPOINT_LABELS],
  ['io.kubernetes.pod.name', undefined, CILIUM_ENDPOINT_LABELS],
  ['app.kubernetes.io/name', undefined, CILIUM_ENDPOINT_LABELS],
  ['kubernetes.io/metadata.name', undefined, NAMESPACE_SELECTOR_LABELS],
  ['kubernetes.io/metadata_name', 'kubernetes.io/metadata.name', NAMESPACE_SELECTOR_LABELS],
  ['kubernetes.io/metadata.namespace', undefined, NAMESPACE_SELECTOR_LABELS],
  ['name', undefined, NAMESPACE_SELECTOR_LABELS],
])('%s → %s', (key, meant, reserved) => {
  expect(reservedLabelMeant(key, reserved)).toBe(meant);
});

it('parses a NetworkPolicy a second time for a key line only when it warns (a namespaceSelector read right costs nothing more)', () => {
  const policy = (key: string) =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  podSelector: {}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              ${key}: ops\n              team: a\n`;
  const before = keyLineParses();
  const right = loadManifests([{ path: 'right.yaml', text: policy('kubernetes.io/metadata.name') }]);
  expect(right.diagnostics.filter((d) => d.code === 'RESERVED_LABEL_NEAR_MISS')).toEqual([]);
  expect(keyLineParses()).toBe(before);
  const wrong = loadManifests([{ path: 'wrong.yaml', text: policy('kubernetes.io/metadata-name') }]);
  expect(wrong.diagnostics.filter((d) => d.code === 'RESERVED_LABEL_NEAR_MISS').map((d) => d.ref.line)).toEqual([10]);
  expect(keyLineParses()).toBe(before + 1);
});
