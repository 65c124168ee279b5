/**
 * Pods an operator makes from a custom resource (a CloudNativePG `Cluster`, a `Dragonfly`, a Prometheus
 * Operator `Prometheus`) are not in the manifests, so a policy or a peer written for them selects no workload
 * the loader reads. In a namespace holding such a resource, POLICY_SELECTS_NOTHING and PEER_SELECTS_NOTHING
 * do not judge a selector that may mean those pods (the resource's name as a value, or a key of the
 * operator's domain), as in a namespace where an unread Helm release installs pods (real-eval 26: a
 * CloudNativePG cluster's and a Dragonfly's policies read eleven warnings in one commit). Another selector
 * there is still judged; a resource that only configures (a `ServiceMonitor`) changes nothing.
 */
import { computeConnectivity } from '../../src/engine/index.js';
import { DEFAULT_FINDINGS_CONFIG, commitFindings } from '../../src/findings/index.js';
import { loadManifests } from '../../src/manifests/load.js';

const codes = (files: Record<string, string>): string[] => {
  const loaded = loadManifests(Object.entries(files).map(([path, text]) => ({ path, text })));
  return commitFindings({ conn: computeConnectivity(loaded.cluster), diagnostics: loaded.diagnostics, config: DEFAULT_FINDINGS_CONFIG })
    .map((f) => f.code)
    .filter((c) => c.endsWith('SELECTS_NOTHING'))
    .sort();
};

const deployment = (name: string, ns: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i}]}\n`;
const namespaces = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: db}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n';
// The database's own policy, and the shop's egress toward it: both name the operator's pod label.
const dbPolicy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: orders-db, namespace: db}\nspec:\n  podSelector: {matchLabels: {cnpg.io/cluster: orders}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}}]\n';
const shopPolicy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: to-db, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: db}}, podSelector: {matchLabels: {cnpg.io/cluster: orders}}}]\n';
const base = { 'ns.yaml': namespaces, 'backup.yaml': deployment('backup', 'db'), 'api.yaml': deployment('api', 'shop'), 'db-policy.yaml': dbPolicy, 'shop-policy.yaml': shopPolicy };

describe('pods an operator makes from a custom resource', () => {
  it('a CloudNativePG Cluster in the namespace: neither the policy nor the peer is said to select nothing', () => {
    expect(codes(base)).toEqual(['PEER_SELECTS_NOTHING', 'POLICY_SELECTS_NOTHING']);
    const cluster = 'apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: orders, namespace: db}\nspec:\n  instances: 2\n';
    expect(codes({ ...base, 'cluster.yaml': cluster })).toEqual([]);
  });

  it('a resource without a namespace of its own is placed as the build places it (a kustomization namespace, the default)', () => {
    const defaults = {
      'backup.yaml': deployment('backup', 'default'),
      'p.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: cache}\nspec:\n  podSelector: {matchLabels: {app: cache}}\n  policyTypes: [Ingress]\n',
    };
    expect(codes(defaults)).toEqual(['POLICY_SELECTS_NOTHING']);
    expect(codes({ ...defaults, 'cache.yaml': 'apiVersion: dragonflydb.io/v1alpha1\nkind: Dragonfly\nmetadata: {name: cache}\nspec:\n  replicas: 1\n' })).toEqual([]);
  });

  it("a selector the operator's pods cannot carry (neither the resource's name nor a key of its domain) is still reported", () => {
    const cluster = 'apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: {name: orders, namespace: db}\nspec:\n  instances: 2\n';
    const stray = dbPolicy.replace('{cnpg.io/cluster: orders}', '{app: llm-server}').replace('orders-db', 'llm');
    expect(codes({ ...base, 'cluster.yaml': cluster, 'db-policy.yaml': stray })).toEqual(['POLICY_SELECTS_NOTHING']);
    // A key of the operator's domain (cnpg.io of postgresql.cnpg.io) may be its pods'.
    const role = dbPolicy.replace('{cnpg.io/cluster: orders}', '{cnpg.io/podRole: pooler}');
    expect(codes({ ...base, 'cluster.yaml': cluster, 'db-policy.yaml': role })).toEqual([]);
  });

  it("a component named after the resource (Rook's app: rook-ceph-mgr of a CephCluster rook-ceph) may be the operator's pods", () => {
    const ceph = 'apiVersion: ceph.rook.io/v1\nkind: CephCluster\nmetadata: {name: rook-ceph, namespace: db}\nspec: {}\n';
    const mgr = dbPolicy.replace('{cnpg.io/cluster: orders}', '{app: rook-ceph-mgr}').replace('orders-db', 'mgr');
    expect(codes({ ...base, 'ceph.yaml': ceph, 'db-policy.yaml': mgr })).toEqual(['PEER_SELECTS_NOTHING']);
    // Not a value that merely begins with the name's letters.
    const other = dbPolicy.replace('{cnpg.io/cluster: orders}', '{app: rook-cephfs}').replace('orders-db', 'fs');
    expect(codes({ ...base, 'ceph.yaml': ceph, 'db-policy.yaml': other })).toEqual(['PEER_SELECTS_NOTHING', 'POLICY_SELECTS_NOTHING']);
  });

  it("a value naming a resource type of the operator's API group (Rook's component cephobjectstores.ceph.rook.io) may be the operator's pods", () => {
    const store = 'apiVersion: ceph.rook.io/v1\nkind: CephObjectStore\nmetadata: {name: objects, namespace: db}\nspec: {}\n';
    const rgw = dbPolicy.replace('{cnpg.io/cluster: orders}', '{app.kubernetes.io/component: cephobjectstores.ceph.rook.io}').replace('orders-db', 'rgw');
    expect(codes({ ...base, 'store.yaml': store, 'db-policy.yaml': rgw })).toEqual(['PEER_SELECTS_NOTHING']);
    // Another group's resource type, or a value that only ends in the group's letters, is still judged.
    const other = dbPolicy.replace('{cnpg.io/cluster: orders}', '{app.kubernetes.io/component: clusters.postgresql.cnpg.io}').replace('orders-db', 'pg');
    expect(codes({ ...base, 'store.yaml': store, 'db-policy.yaml': other })).toEqual(['PEER_SELECTS_NOTHING', 'POLICY_SELECTS_NOTHING']);
    const near = dbPolicy.replace('{cnpg.io/cluster: orders}', '{app.kubernetes.io/component: notceph.rook.io}').replace('orders-db', 'near');
    expect(codes({ ...base, 'store.yaml': store, 'db-policy.yaml': near })).toEqual(['PEER_SELECTS_NOTHING', 'POLICY_SELECTS_NOTHING']);
  });

  it("ToolHive's MCP servers (toolhive-name: <name>, one of an In's values) may be the operator's pods; an MCPGroup makes none", () => {
    const server = (kind: string, name: string) => `apiVersion: toolhive.stacklok.dev/v1beta1\nkind: ${kind}\nmetadata: {name: ${name}, namespace: db}\nspec: {}\n`;
    // The policy of the proxies of two MCP servers, by an In of their names (the shop's egress still names cnpg.io/cluster: orders).
    const proxies = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: mcp, namespace: db}\nspec:\n  podSelector:\n    matchLabels: {app.kubernetes.io/name: mcpserver}\n    matchExpressions: [{key: toolhive-name, operator: In, values: [github, grafana]}]\n  policyTypes: [Ingress]\n';
    const files = { ...base, 'db-policy.yaml': proxies };
    expect(codes(files)).toEqual(['PEER_SELECTS_NOTHING', 'POLICY_SELECTS_NOTHING']);
    expect(codes({ ...files, 'mcp.yaml': server('MCPServer', 'github') })).toEqual(['PEER_SELECTS_NOTHING']);
    expect(codes({ ...files, 'mcp.yaml': server('MCPGroup', 'github') })).toEqual(['PEER_SELECTS_NOTHING', 'POLICY_SELECTS_NOTHING']);
    const gateway = dbPolicy.replace('{cnpg.io/cluster: orders}', '{app.kubernetes.io/name: virtualmcpserver, toolhive-name: gateway}').replace('orders-db', 'vmcp');
    expect(codes({ ...base, 'db-policy.yaml': gateway, 'vmcp.yaml': server('VirtualMCPServer', 'gateway') })).toEqual(['PEER_SELECTS_NOTHING']);
  });

  it('a resource that only configures (a ServiceMonitor) or another namespace\'s operator resource leaves the findings', () => {
    const monitor = 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: orders, namespace: db}\nspec:\n  selector: {matchLabels: {cnpg.io/cluster: orders}}\n  endpoints: [{port: metrics}]\n';
    expect(codes({ ...base, 'monitor.yaml': monitor })).toEqual(['PEER_SELECTS_NOTHING', 'POLICY_SELECTS_NOTHING']);
    const elsewhere = 'apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: k8s, namespace: shop}\nspec:\n  replicas: 1\n';
    expect(codes({ ...base, 'prometheus.yaml': elsewhere })).toEqual(['PEER_SELECTS_NOTHING', 'POLICY_SELECTS_NOTHING']);
  });
});
