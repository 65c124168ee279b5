/**
 * The HOST_NETWORK warning names the policies touching a host-network workload with their kinds, as the
 * rest of the report does (engine/policy-terms.ts `policyName`): homelab-tesg 72ceef57 said
 * "selected by NetworkPolicy home-assistant/home-assistant-access[CiliumNetworkPolicy]".
 */
import { loadManifests } from '../../src/manifests/load.js';

const YAML = `apiVersion: v1
kind: Namespace
metadata: {name: home}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: hass, namespace: home}
spec:
  template:
    metadata: {labels: {app: hass}}
    spec:
      hostNetwork: true
      containers: [{name: hass, image: hass}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: hass-access, namespace: home}
spec:
  endpointSelector: {matchLabels: {app: hass}}
  ingress:
    - fromEndpoints: [{matchLabels: {app: hass}}]
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: audit}
spec:
  endpointSelector: {}
  egress:
    - toEntities: [world]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: home}
spec:
  podSelector: {}
  policyTypes: [Ingress]
`;

describe('HOST_NETWORK names policies with their kinds', () => {
  it('a CiliumNetworkPolicy, a clusterwide policy\'s copy and a NetworkPolicy, each as the report names it', () => {
    const loaded = loadManifests([{ path: 'home.yaml', text: YAML }]);
    const host = loaded.diagnostics.filter((d) => d.code === 'HOST_NETWORK');
    expect(host).toHaveLength(1);
    const m = host[0].message;
    expect(m).toContain('CiliumNetworkPolicy home/hass-access');
    expect(m).toContain('CiliumClusterwideNetworkPolicy audit (in home)');
    expect(m).toContain('NetworkPolicy home/deny');
    expect(m).not.toMatch(/\[Cilium/);
  });
});
