/**
 * A side deployed by several builds (a Kustomize component used by two Flux Kustomizations splits the load
 * into builds): the blind-spot warnings are said on the builds' cluster as one. They used to be computed per
 * build, on that build's objects only: a hostNetwork DaemonSet of one build that a policy of another admits
 * had no HOST_NETWORK warning, and an EgressFirewall of one build "selected no workload" of the other
 * (new-user trial 42, finding 2).
 */
import { loadManifests } from '../../src/manifests/load.js';
import type { ManifestFile } from '../../src/manifests/load.js';

const multus = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: multus, namespace: networking}
spec:
  selector: {matchLabels: {app: multus}}
  template:
    metadata: {labels: {app: multus}}
    spec:
      hostNetwork: true
      containers: [{name: multus, image: multus}]
`;

const web = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: ai}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-from-networking, namespace: ai}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: networking}}}]
---
apiVersion: k8s.ovn.org/v1
kind: EgressFirewall
metadata: {name: default, namespace: networking}
spec:
  egress:
    - type: Deny
      to: {cidrSelector: 0.0.0.0/0}
`;

const files = (builds: boolean): ManifestFile[] => [
  { path: 'apps/networking/multus.yaml', text: multus, ...(builds ? { build: '1' } : {}) },
  { path: 'apps/ai/web.yaml', text: web, ...(builds ? { build: '2' } : {}) },
];

const messages = (builds: boolean, code: string): string[] =>
  loadManifests(files(builds))
    .diagnostics.filter((d) => d.code === code)
    .map((d) => d.message);

describe('blind spots of a side of several builds', () => {
  it.each([false, true])('a hostNetwork workload of one build, a peer of a policy of another, is warned about once (builds: %s)', (builds) => {
    const found = messages(builds, 'HOST_NETWORK');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^networking\/multus\[DaemonSet\] uses hostNetwork and is a peer of NetworkPolicy ai\/web-from-networking/);
  });

  it.each([false, true])('an unmodelled object of one build names the workloads of another it selects, once (builds: %s)', (builds) => {
    const found = messages(builds, 'UNMODELLED_POLICY');
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('It selects networking/multus[DaemonSet].');
  });
});
