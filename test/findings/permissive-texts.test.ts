/**
 * PERMISSIVE_RULE's texts, pinned to the letter for each kind of policy that writes them (NetworkPolicy,
 * CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy, Calico NetworkPolicy and GlobalNetworkPolicy), each
 * direction and each case (no peer, every namespace, every address, every port of a sensitive workload):
 * one mechanism says them all in the policy's own fields (src/findings/permissive-rule.ts).
 */
import { deployment, namespace } from '../engine/fixtures.js';
import { findingsOf } from './support.js';

type Obj = Record<string, unknown>;

const np = (name: string, spec: Obj): Obj => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'api' } }, ...spec } });
const cnp = (name: string, spec: Obj): Obj => ({ apiVersion: 'cilium.io/v2', kind: 'CiliumNetworkPolicy', metadata: { name, namespace: 'shop' }, spec: { endpointSelector: { matchLabels: { app: 'api' } }, ...spec } });
const ccnp = (name: string, spec: Obj): Obj => ({ apiVersion: 'cilium.io/v2', kind: 'CiliumClusterwideNetworkPolicy', metadata: { name }, spec: { endpointSelector: { matchLabels: { app: 'api' } }, ...spec } });
const calico = (name: string, spec: Obj): Obj => ({ apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', metadata: { name, namespace: 'shop' }, spec: { selector: "app == 'api'", ...spec } });
const gnp = (name: string, spec: Obj): Obj => ({ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name }, spec: { selector: "app == 'api'", ...spec } });

const shop = [namespace('shop'), deployment('shop', 'api', { app: 'api', sensitive: 'true' }, [{ name: 'http', containerPort: 8080 }]), deployment('shop', 'web', { app: 'web' })];
const texts = (objects: Obj[]) =>
  findingsOf([...shop, ...objects], { sensitive: [{ podLabels: { sensitive: 'true' } }] })
    .filter((f) => f.code === 'PERMISSIVE_RULE')
    .map((f) => `${f.subject} ${f.object}\n${f.message}\n${f.fix ?? ''}`)
    .sort();

const port = [{ port: 80 }];
const ciliumPort = [{ ports: [{ port: '80', protocol: 'TCP' }] }];
const calicoPort = { ports: [80] };

describe('PERMISSIVE_RULE texts, to the letter', () => {
  it('NetworkPolicy', () => {
    const out = texts([
      np('all', { ingress: [{}], egress: [{}], policyTypes: ['Ingress', 'Egress'] }),
      np('ports', { ingress: [{ ports: port }], egress: [{ ports: port }], policyTypes: ['Ingress', 'Egress'] }),
      np('wide', { ingress: [{ from: [{ namespaceSelector: {} }, { namespaceSelector: {}, podSelector: { matchLabels: { app: 'web' } } }, { ipBlock: { cidr: '0.0.0.0/0' } }], ports: port }], egress: [{ to: [{ namespaceSelector: {} }, { ipBlock: { cidr: '::/0' } }], ports: port }], policyTypes: ['Ingress', 'Egress'] }),
    ]);
    expect(out).toEqual([
      "shop/all egress:allow-all\nNetworkPolicy shop/all egress rule 1 has no `to` and no `ports`: it allows traffic to every pod and every address on every port (allow-all).\nList the destinations that need it under `to` (podSelector, namespaceSelector or ipBlock).",
      "shop/all egress:every-port:shop/api[Deployment]\nNetworkPolicy shop/all egress rule 1 has no `ports`: it allows every port toward the sensitive workload shop/api[Deployment].\nList the ports shop/api[Deployment] serves under `ports`.",
      "shop/all ingress:allow-all\nNetworkPolicy shop/all ingress rule 1 has no `from` and no `ports`: it admits every pod and every address on every port (allow-all).\nList the sources that need it under `from` (podSelector, namespaceSelector or ipBlock).",
      "shop/all ingress:every-port:shop/api[Deployment]\nNetworkPolicy shop/all ingress rule 1 has no `ports`: it opens every port of the sensitive workload shop/api[Deployment].\nList the ports shop/api[Deployment] serves under `ports`.",
      "shop/ports egress:any-peer\nNetworkPolicy shop/ports egress rule 1 has no `to`: it allows traffic to every pod of every namespace and every address on its ports.\nList the destinations that need it under `to` (podSelector, namespaceSelector or ipBlock).",
      "shop/ports ingress:any-peer\nNetworkPolicy shop/ports ingress rule 1 has no `from`: it admits every pod of every namespace and every address on its ports.\nList the sources that need it under `from` (podSelector, namespaceSelector or ipBlock).",
      "shop/wide egress:every-address:::/0\nNetworkPolicy shop/wide egress rule 1 uses ipBlock ::/0: it allows traffic to every address outside the cluster.\nNarrow the ipBlock to the address ranges that need it, or add `except` for private ranges.",
      "shop/wide egress:every-namespace:namespaceSelector {} podSelector {}\nNetworkPolicy shop/wide egress rule 1 uses `namespaceSelector: {}`: it allows traffic to every pod of every namespace, including ones created later.\nName the namespaces that need it with a namespaceSelector on their labels (e.g. kubernetes.io/metadata.name).",
      "shop/wide ingress:every-address:0.0.0.0/0\nNetworkPolicy shop/wide ingress rule 1 uses ipBlock 0.0.0.0/0: it admits every address outside the cluster.\nNarrow the ipBlock to the address ranges that need it, or add `except` for private ranges.",
      "shop/wide ingress:every-namespace:namespaceSelector {} podSelector {app=web}\nNetworkPolicy shop/wide ingress rule 1 uses `namespaceSelector: {}`: it admits pods with {app=web} of every namespace, including ones created later.\nName the namespaces that need it with a namespaceSelector on their labels (e.g. kubernetes.io/metadata.name).",
      "shop/wide ingress:every-namespace:namespaceSelector {} podSelector {}\nNetworkPolicy shop/wide ingress rule 1 uses `namespaceSelector: {}`: it admits every pod of every namespace, including ones created later.\nName the namespaces that need it with a namespaceSelector on their labels (e.g. kubernetes.io/metadata.name).",
    ]);
  });
  it('NetworkPolicy: an empty namespaceSelector written otherwise than `{}` is quoted as written', () => {
    const out = texts([np('written', { ingress: [{ from: [{ namespaceSelector: { matchLabels: {} } }, { namespaceSelector: { matchExpressions: [] }, podSelector: { matchLabels: { app: 'web' } } }], ports: port }], policyTypes: ['Ingress'] })]);
    expect(out.map((t) => t.split('\n')[1])).toEqual([
      'NetworkPolicy shop/written ingress rule 1 uses `namespaceSelector: {matchExpressions: []}`: it admits pods with {app=web} of every namespace, including ones created later.',
      'NetworkPolicy shop/written ingress rule 1 uses `namespaceSelector: {matchLabels: {}}`: it admits every pod of every namespace, including ones created later.',
    ]);
  });
  it('Cilium', () => {
    const out = texts([
      cnp('ports', { ingress: [{ toPorts: ciliumPort }], egress: [{ toPorts: ciliumPort }] }),
      cnp('wide', { ingress: [{ fromEntities: ['cluster', 'world'], toPorts: ciliumPort }, { fromEndpoints: [{ matchLabels: { app: 'web', 'io.kubernetes.pod.namespace': 'shop' } }, { matchExpressions: [{ key: 'io.kubernetes.pod.namespace', operator: 'Exists' }] }] }], egress: [{ toEntities: ['cluster', 'world'], toPorts: ciliumPort }, { toCIDR: ['0.0.0.0/0'] }] }),
      ccnp('cw', { ingress: [{ fromEndpoints: [{ matchLabels: { app: 'web' } }], toPorts: ciliumPort }], egress: [{ toEndpoints: [{}] }] }),
    ]);
    expect(out).toEqual([
      "shop/cw[CiliumClusterwideNetworkPolicy] egress:every-namespace:namespaceSelector {} podSelector {}\nCiliumClusterwideNetworkPolicy cw (in shop) egress rule 1 selects every pod of every namespace (`toEntities: [cluster]`, or a selector with no `io.kubernetes.pod.namespace` in a CiliumClusterwideNetworkPolicy), including ones created later.\nName the namespaces that need it with the label k8s:io.kubernetes.pod.namespace in the selector.",
      "shop/cw[CiliumClusterwideNetworkPolicy] egress:every-port:shop/api[Deployment]\nCiliumClusterwideNetworkPolicy cw (in shop) egress rule 1 has no `toPorts`: it allows every port toward the sensitive workload shop/api[Deployment].\nList the ports shop/api[Deployment] serves under `toPorts`.",
      "shop/cw[CiliumClusterwideNetworkPolicy] ingress:every-namespace:namespaceSelector {} podSelector {app=web}\nCiliumClusterwideNetworkPolicy cw (in shop) ingress rule 1 selects pods with {app=web} of every namespace (`fromEntities: [cluster]`, or a selector with no `io.kubernetes.pod.namespace` in a CiliumClusterwideNetworkPolicy), including ones created later.\nName the namespaces that need it with the label k8s:io.kubernetes.pod.namespace in the selector.",
      "shop/ports[CiliumNetworkPolicy] egress:any-peer\nCiliumNetworkPolicy shop/ports egress rule 1 has no `toEndpoints`, `toCIDR` or `toEntities` (only `toPorts`): it allows traffic to every pod of every namespace and every address on its ports.\nList the destinations that need it under `toEndpoints`, `toCIDR` or `toEntities`.",
      "shop/ports[CiliumNetworkPolicy] ingress:any-peer\nCiliumNetworkPolicy shop/ports ingress rule 1 has no `fromEndpoints`, `fromCIDR` or `fromEntities` (only `toPorts`): it admits every pod of every namespace and every address on its ports.\nList the sources that need it under `fromEndpoints`, `fromCIDR` or `fromEntities`.",
      "shop/wide[CiliumNetworkPolicy] egress:every-address:0.0.0.0/0\nCiliumNetworkPolicy shop/wide egress rule 2 selects every address outside the cluster (0.0.0.0/0: `toEntities: [world]` or a /0 CIDR): it allows traffic to all of them.\nNarrow it to the ranges that need it (`toCIDRSet` with `except` for private ranges, or `toFQDNs`).",
      "shop/wide[CiliumNetworkPolicy] egress:every-address:0.0.0.0/0, ::/0\nCiliumNetworkPolicy shop/wide egress rule 1 selects every address outside the cluster (0.0.0.0/0, ::/0: `toEntities: [world]` or a /0 CIDR): it allows traffic to all of them.\nNarrow it to the ranges that need it (`toCIDRSet` with `except` for private ranges, or `toFQDNs`).",
      "shop/wide[CiliumNetworkPolicy] egress:every-namespace:namespaceSelector {} podSelector {}\nCiliumNetworkPolicy shop/wide egress rule 1 selects every pod of every namespace (`toEntities: [cluster]`, or a selector with no `io.kubernetes.pod.namespace` constraint), including ones created later.\nName the namespaces that need it with the label k8s:io.kubernetes.pod.namespace in the selector.",
      "shop/wide[CiliumNetworkPolicy] ingress:every-address:0.0.0.0/0, ::/0\nCiliumNetworkPolicy shop/wide ingress rule 1 selects every address outside the cluster (0.0.0.0/0, ::/0: `fromEntities: [world]` or a /0 CIDR): it admits all of them.\nNarrow it to the ranges that need it (`fromCIDRSet` with `except` for private ranges).",
      "shop/wide[CiliumNetworkPolicy] ingress:every-namespace:namespaceSelector {} podSelector {}\nCiliumNetworkPolicy shop/wide ingress rule 1 selects every pod of every namespace (`fromEntities: [cluster]`, or a selector with no `io.kubernetes.pod.namespace` constraint), including ones created later.\nName the namespaces that need it with the label k8s:io.kubernetes.pod.namespace in the selector.",
      "shop/wide[CiliumNetworkPolicy] ingress:every-namespace:namespaceSelector {} podSelector {}\nCiliumNetworkPolicy shop/wide ingress rule 2 selects every pod of every namespace (`fromEntities: [cluster]`, or a selector with no `io.kubernetes.pod.namespace` constraint), including ones created later.\nName the namespaces that need it with the label k8s:io.kubernetes.pod.namespace in the selector.",
      "shop/wide[CiliumNetworkPolicy] ingress:every-port:shop/api[Deployment]\nCiliumNetworkPolicy shop/wide ingress rule 2 has no `toPorts`: it opens every port of the sensitive workload shop/api[Deployment].\nList the ports shop/api[Deployment] serves under `toPorts`.",
    ]);
  });
  it('Calico', () => {
    const out = texts([
      calico('all', { types: ['Ingress', 'Egress'], ingress: [{ action: 'Allow' }], egress: [{ action: 'Allow' }] }),
      calico('ports', { types: ['Ingress', 'Egress'], ingress: [{ action: 'Allow', protocol: 'TCP', destination: calicoPort }], egress: [{ action: 'Allow', protocol: 'TCP', destination: calicoPort }] }),
      calico('wide', { types: ['Ingress', 'Egress'], ingress: [{ action: 'Allow', source: { namespaceSelector: 'all()', selector: "app == 'web'" } }, { action: 'Allow', source: { nets: ['0.0.0.0/0', '10.0.0.0/8'] } }], egress: [{ action: 'Allow', destination: { namespaceSelector: 'all()' } }, { action: 'Allow', destination: { nets: ['::/0'] } }] }),
      gnp('g', { types: ['Ingress'], ingress: [{ action: 'Allow', source: { selector: "app == 'web'" } }] }),
    ]);
    expect(out).toEqual([
      "shop/all[CalicoNetworkPolicy] egress:allow-all\nCalico NetworkPolicy shop/all egress rule 1 names no peer in `destination` (no selector, namespaceSelector or nets): it allows traffic to every pod and every address on every port (allow-all).\nList the destinations that need it under `destination` (selector, namespaceSelector or nets).",
      "shop/all[CalicoNetworkPolicy] egress:every-port:shop/api[Deployment]\nCalico NetworkPolicy shop/all egress rule 1 has no `destination.ports`: it allows every port toward the sensitive workload shop/api[Deployment].\nList the ports shop/api[Deployment] serves under `destination.ports`.",
      "shop/all[CalicoNetworkPolicy] ingress:allow-all\nCalico NetworkPolicy shop/all ingress rule 1 names no peer in `source` (no selector, namespaceSelector or nets): it admits every pod and every address on every port (allow-all).\nList the sources that need it under `source` (selector, namespaceSelector or nets).",
      "shop/all[CalicoNetworkPolicy] ingress:every-port:shop/api[Deployment]\nCalico NetworkPolicy shop/all ingress rule 1 has no `destination.ports`: it opens every port of the sensitive workload shop/api[Deployment].\nList the ports shop/api[Deployment] serves under `destination.ports`.",
      "shop/g[CalicoGlobalNetworkPolicy] ingress:every-namespace:namespaceSelector {} podSelector {app=web}\nCalico GlobalNetworkPolicy g ingress rule 1 selects pods with {app=web} of every namespace (`namespaceSelector: all()`, or a GlobalNetworkPolicy selector without namespaceSelector), including ones created later.\nName the namespaces that need it with a namespaceSelector (e.g. projectcalico.org/name == 'web').",
      "shop/g[CalicoGlobalNetworkPolicy] ingress:every-port:shop/api[Deployment]\nCalico GlobalNetworkPolicy g ingress rule 1 has no `destination.ports`: it opens every port of the sensitive workload shop/api[Deployment].\nList the ports shop/api[Deployment] serves under `destination.ports`.",
      "shop/ports[CalicoNetworkPolicy] egress:any-peer\nCalico NetworkPolicy shop/ports egress rule 1 names no peer in `destination` (no selector, namespaceSelector or nets): it allows traffic to every pod and every address on its ports.\nList the destinations that need it under `destination` (selector, namespaceSelector or nets).",
      "shop/ports[CalicoNetworkPolicy] ingress:any-peer\nCalico NetworkPolicy shop/ports ingress rule 1 names no peer in `source` (no selector, namespaceSelector or nets): it admits every pod and every address on its ports.\nList the sources that need it under `source` (selector, namespaceSelector or nets).",
      "shop/wide[CalicoNetworkPolicy] egress:every-address:::/0\nCalico NetworkPolicy shop/wide egress rule 2 matches every address outside the cluster (nets ::/0): it allows traffic to all of them.\nNarrow `nets` to the ranges that need it, or add `notNets` for private ranges.",
      "shop/wide[CalicoNetworkPolicy] egress:every-namespace:namespaceSelector {} podSelector {}\nCalico NetworkPolicy shop/wide egress rule 1 selects every pod of every namespace (`namespaceSelector: all()`, or a GlobalNetworkPolicy selector without namespaceSelector), including ones created later.\nName the namespaces that need it with a namespaceSelector (e.g. projectcalico.org/name == 'web').",
      "shop/wide[CalicoNetworkPolicy] egress:every-port:shop/api[Deployment]\nCalico NetworkPolicy shop/wide egress rule 1 has no `destination.ports`: it allows every port toward the sensitive workload shop/api[Deployment].\nList the ports shop/api[Deployment] serves under `destination.ports`.",
      "shop/wide[CalicoNetworkPolicy] ingress:every-address:0.0.0.0/0, 10.0.0.0/8\nCalico NetworkPolicy shop/wide ingress rule 2 matches every address outside the cluster (nets 0.0.0.0/0, 10.0.0.0/8): it admits all of them.\nNarrow `nets` to the ranges that need it, or add `notNets` for private ranges.",
      "shop/wide[CalicoNetworkPolicy] ingress:every-namespace:namespaceSelector {} podSelector {app=web}\nCalico NetworkPolicy shop/wide ingress rule 1 selects pods with {app=web} of every namespace (`namespaceSelector: all()`, or a GlobalNetworkPolicy selector without namespaceSelector), including ones created later.\nName the namespaces that need it with a namespaceSelector (e.g. projectcalico.org/name == 'web').",
      "shop/wide[CalicoNetworkPolicy] ingress:every-port:shop/api[Deployment]\nCalico NetworkPolicy shop/wide ingress rule 1 has no `destination.ports`: it opens every port of the sensitive workload shop/api[Deployment].\nList the ports shop/api[Deployment] serves under `destination.ports`.",
      "shop/wide[CalicoNetworkPolicy] ingress:every-port:shop/api[Deployment]\nCalico NetworkPolicy shop/wide ingress rule 2 has no `destination.ports`: it opens every port of the sensitive workload shop/api[Deployment].\nList the ports shop/api[Deployment] serves under `destination.ports`.",
    ]);
  });
});
