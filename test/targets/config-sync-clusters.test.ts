/**
 * Config Sync cluster selection: objects annotated with `configsync.gke.io/cluster-name-selector` or
 * `configmanagement.gke.io/cluster-selector` apply only on the clusters they select, so a repository
 * that names clusters is analysed once per cluster (`plain manifests (cluster NAME)`), each with what
 * Config Sync applies there. Before, every annotated object was applied everywhere: a policy meant for
 * one cluster "opened" paths on all of them, and one cluster's deny hid another's opening.
 */
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const cluster = (name: string, env: string) => `apiVersion: clusterregistry.k8s.io/v1alpha1\nkind: Cluster\nmetadata:\n  name: ${name}\n  labels:\n    env: ${env}\n`;
const clusterSelector = (name: string, env: string) => `apiVersion: configmanagement.gke.io/v1\nkind: ClusterSelector\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels:\n      env: ${env}\n`;
const annotations = (a: Record<string, string>) => (Object.keys(a).length ? `  annotations:\n${Object.entries(a).map(([k, v]) => `    ${k}: ${v}\n`).join('')}` : '');
const namespace = (name: string, a: Record<string, string> = {}) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n${annotations(a)}`;
const web = (ns: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: ${ns}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: x}]}\n`;
const deny = (ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: ${ns}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`;
const allowAll = (ns: string, a: Record<string, string> = {}) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-all\n  namespace: ${ns}\n${annotations(a)}spec:\n  podSelector: {}\n  ingress: [{}]\n`;

const CLUSTERS = {
  'clusterregistry/cluster-1.yaml': cluster('cluster-1', 'prod'),
  'clusterregistry/cluster-2.yaml': cluster('cluster-2', 'dev'),
  'clusterregistry/selectors.yaml': clusterSelector('prod-only', 'prod'),
};
const shop = { 'shop/namespace.yaml': namespace('shop'), 'shop/web.yaml': web('shop'), 'shop/deny.yaml': deny('shop') };

interface Json {
  targets: { name: string; cluster?: string; pairs: { src: { id: string }; dst: { id: string }; opened: unknown; closed: unknown }[] }[];
  notices: { code: string; message: string }[];
}
const diff = async (base: Record<string, string>, head: Record<string, string>) => {
  const out = await main(['diff', await tempFolder(base), await tempFolder(head), '--format', 'json']);
  return { exitCode: out.exitCode, json: JSON.parse(out.stdout) as Json };
};
const openedByTarget = (j: Json) => Object.fromEntries(j.targets.map((t) => [t.name, [...new Set(t.pairs.filter((p) => p.opened).map((p) => p.dst.id))].sort()]));

it('a ClusterSelector narrows an object to the clusters whose Cluster labels match', async () => {
  const { exitCode, json } = await diff({ ...CLUSTERS, ...shop }, { ...CLUSTERS, ...shop, 'shop/allow.yaml': allowAll('shop', { 'configmanagement.gke.io/cluster-selector': 'prod-only' }) });
  expect(exitCode).toBe(1);
  expect(openedByTarget(json)).toEqual({ 'plain manifests (cluster cluster-1)': ['shop/web[Deployment]'], 'plain manifests (cluster cluster-2)': [] });
  expect(json.targets.map((t) => t.cluster)).toEqual(['cluster-1', 'cluster-2']);
  expect(json.notices.find((n) => n.code === 'CONFIG_SYNC')?.message).toContain('once per cluster the repository names (cluster-1, cluster-2)');
});

it('a cluster-name-selector names the clusters, including one no Cluster object declares', async () => {
  const allow = allowAll('shop', { 'configsync.gke.io/cluster-name-selector': '"cluster-2, cluster-3"' });
  const { json } = await diff({ ...CLUSTERS, ...shop }, { ...CLUSTERS, ...shop, 'shop/allow.yaml': allow });
  const opened = openedByTarget(json);
  expect(opened['plain manifests (cluster cluster-1)']).toEqual([]);
  expect(opened['plain manifests (cluster cluster-2)']).toContain('shop/web[Deployment]');
  expect(opened['plain manifests (cluster cluster-3)']).toContain('shop/web[Deployment]');
});

it('the objects of a Namespace a cluster does not get are not applied there', async () => {
  const lab = { 'lab/namespace.yaml': namespace('lab', { 'configsync.gke.io/cluster-name-selector': 'cluster-1' }), 'lab/web.yaml': web('lab'), 'lab/deny.yaml': deny('lab') };
  const { json } = await diff({ ...CLUSTERS, ...shop, ...lab }, { ...CLUSTERS, ...shop, ...lab, 'lab/allow.yaml': allowAll('lab') });
  expect(openedByTarget(json)).toEqual({ 'plain manifests (cluster cluster-1)': ['lab/web[Deployment]'], 'plain manifests (cluster cluster-2)': [] });
});

it('one cluster deny does not hide what another cluster opens', async () => {
  // base: allow-all on cluster-1 only; head moves it to every cluster. cluster-2 opens, cluster-1 is unchanged.
  const onOne = allowAll('shop', { 'configsync.gke.io/cluster-name-selector': 'cluster-1' });
  const { json } = await diff({ ...CLUSTERS, ...shop, 'shop/allow.yaml': onOne }, { ...CLUSTERS, ...shop, 'shop/allow.yaml': allowAll('shop') });
  expect(openedByTarget(json)).toEqual({ 'plain manifests (cluster cluster-1)': [], 'plain manifests (cluster cluster-2)': ['shop/web[Deployment]'] });
});

it('the change that adds the first cluster annotation compares each cluster with the unsplit base', async () => {
  const { exitCode, json } = await diff({ ...CLUSTERS, ...shop }, { ...CLUSTERS, ...shop, 'shop/allow.yaml': allowAll('shop', { 'configsync.gke.io/cluster-name-selector': 'cluster-2' }) });
  expect(exitCode).toBe(1);
  expect(json.targets.map((t) => t.name)).toEqual(['plain manifests (cluster cluster-1)', 'plain manifests (cluster cluster-2)']);
  expect(openedByTarget(json)['plain manifests (cluster cluster-1)']).toEqual([]);
  expect(json.targets.flatMap((t) => t.pairs.filter((p) => p.closed))).toEqual([]);
});

it('a selector that names no defined ClusterSelector, or a repository naming no cluster: applied nowhere, with a notice', async () => {
  const allow = allowAll('shop', { 'configmanagement.gke.io/cluster-selector': 'missing' });
  const { json } = await diff({ ...CLUSTERS, ...shop }, { ...CLUSTERS, ...shop, 'shop/allow.yaml': allow });
  expect(json.targets.every((t) => t.pairs.length === 0)).toBe(true);
  expect(json.notices.map((n) => n.message)).toContainEqual(expect.stringContaining('names ClusterSelector missing, which this repository does not define'));
  const bare = await diff(shop, { ...shop, 'shop/allow.yaml': allowAll('shop', { 'configmanagement.gke.io/cluster-selector': 'prod-only' }) });
  expect(bare.json.targets.every((t) => t.pairs.length === 0)).toBe(true);
  expect(bare.json.notices.map((n) => n.message)).toContainEqual(expect.stringContaining('names no cluster'));
});

describe('cluster selection scoped to its Config Sync source (real-eval 9, C2)', () => {
  // A samples repository: one sample's hierarchical source (`locality/`) names clusters; two other
  // samples are independent kustomizations that hold no cluster selection.
  const kustomization = (ns: string, ...resources: string[]) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ${ns}\nresources:\n${resources.map((r) => `- ${r}\n`).join('')}`;
  const app = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: x}]}\n`;
  const locality = {
    'locality/clusterregistry/east.yaml': cluster('east', 'prod'),
    'locality/clusterregistry/west.yaml': cluster('west', 'dev'),
    'locality/clusterregistry/selector.yaml': clusterSelector('prod-only', 'prod'),
    'locality/namespaces/audit/namespace.yaml': namespace('audit', { 'configmanagement.gke.io/cluster-selector': 'prod-only' }),
  };
  const samples = {
    ...locality,
    'shop/kustomization.yaml': kustomization('web', 'app.yaml'),
    'shop/app.yaml': app('shop'),
    'blog/kustomization.yaml': kustomization('web', 'app.yaml'),
    'blog/app.yaml': app('blog'),
  };

  it('kustomizations outside the source that names clusters are analysed alone, not once per cluster', async () => {
    const { exitCode, json } = await diff(samples, { ...samples, 'shop/kustomization.yaml': kustomization('web', 'app.yaml', 'deny.yaml'), 'shop/deny.yaml': deny('web') });
    expect(exitCode).toBe(0);
    expect(json.targets.map((t) => t.name).sort()).toEqual(['blog', 'locality (cluster east)', 'locality (cluster west)', 'shop']);
    // shop alone: blog is another sample, never a peer of shop's pods.
    const shop = json.targets.find((t) => t.name === 'shop')!;
    expect(shop.pairs.some((p) => p.closed)).toBe(true);
    expect(shop.pairs.map((p) => p.src.id)).not.toContain('web/blog[Deployment]');
    expect(json.targets.find((t) => t.name === 'blog')!.pairs).toEqual([]);
    expect(json.notices.find((n) => n.code === 'CONFIG_SYNC')?.message).toContain('the Config Sync source locality is analysed once per cluster it names (east, west)');
  });

  it('each hierarchical source is split by its own clusters, not by another source\'s', async () => {
    const other = {
      'lab/clusterregistry/lab-1.yaml': cluster('lab-1', 'lab'),
      'lab/namespaces/lab/namespace.yaml': namespace('lab'),
      'lab/namespaces/lab/web.yaml': web('lab'),
      'lab/namespaces/lab/deny.yaml': deny('lab'),
    };
    const allow = allowAll('lab', { 'configsync.gke.io/cluster-name-selector': 'lab-1' });
    const { json } = await diff({ ...locality, ...other }, { ...locality, ...other, 'lab/namespaces/lab/allow.yaml': allow });
    expect(json.targets.map((t) => t.name).sort()).toEqual(['lab (cluster lab-1)', 'locality (cluster east)', 'locality (cluster west)']);
    expect(openedByTarget(json)['lab (cluster lab-1)']).toEqual(['lab/web[Deployment]']);
  });
});
