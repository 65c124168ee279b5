/**
 * `list --namespace NS`, as `kubectl -n NS`: objects that name no namespace land in NS, and the listing
 * is narrowed to rows with at least one end in NS (a workload of NS as source or destination). The
 * count before any row exists is exact for the narrowed listing; groups, exposure and JSON follow.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { ConnectionRow, PeerRef } from '../../src/engine/index.js';
import { computeConnectivity, listConnections, peerId } from '../../src/engine/index.js';
import { countConnections, groupConnections, streamConnections } from '../../src/engine/list-stream.js';
import { loadManifests } from '../../src/manifests/load.js';
import { readManifestFolder } from '../../src/manifests/read-folder.js';
import { tempFolder } from '../helpers/git.js';

const deployment = (name: string, ns: string | undefined, labels: string, extra = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}${ns ? `, namespace: ${ns}` : ''}}\nspec:\n  replicas: 2\n  template:\n    metadata:\n      labels: ${labels}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080, name: http}]}]}\n${extra}`;

/** Three namespaces with policies of every kind of peer: pods, namespaces, ipBlocks, the ingress controller, self traffic. */
const MIXED = [
  ['a', 'b', 'c'].map((ns) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}, labels: {team: ${ns === 'c' ? 'x' : 'y'}}}\n`).join('---\n'),
  deployment('web', 'a', '{app: web}'),
  deployment('api', 'a', '{app: api}'),
  deployment('db', 'a', '{app: db}'),
  deployment('web', 'b', '{app: web}'),
  deployment('worker', 'b', '{app: worker}'),
  deployment('job', 'c', '{app: job}'),
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: a}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{podSelector: {matchLabels: {app: api}}}, {namespaceSelector: {matchLabels: {team: x}}}]}]\n`,
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: worker, namespace: b}\nspec:\n  podSelector: {matchLabels: {app: worker}}\n  policyTypes: [Egress]\n  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8}}, {namespaceSelector: {matchLabels: {team: y}}, podSelector: {matchLabels: {app: web}}}], ports: [{port: 8080}]}]\n`,
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: c}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`,
  `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: b}\nspec:\n  selector: {app: web}\n  ports: [{port: 80, targetPort: http}]\n`,
  `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: b}\nspec:\n  rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]\n`,
].join('---\n');

const rowKey = (r: { src: PeerRef; dst: PeerRef; conn: { key: string } }) => `${peerId(r.src)} => ${peerId(r.dst)} : ${r.conn.key}`;
const nsOf = (p: PeerRef) => (p.type === 'workload' ? p.workload.namespace : undefined);
/** The rule, spelt out on the full list: at least one end is a workload of `ns`. */
const narrowed = (rows: readonly ConnectionRow[], ns: string) => rows.filter((r) => nsOf(r.src) === ns || nsOf(r.dst) === ns);

async function connectivityOf(folder: string) {
  const read = await readManifestFolder(folder);
  return computeConnectivity(loadManifests(read.files).cluster);
}

let mixed: string;
beforeAll(async () => {
  mixed = await tempFolder({ 'all.yaml': MIXED });
});

describe('the narrowed count, stream and groups are the full list filtered by the rule', () => {
  it.each([['examples/base'], ['examples/head'], ['mixed']])('%s, every namespace and one without workloads', async (name) => {
    const conn = await connectivityOf(name === 'mixed' ? mixed : join(process.cwd(), name));
    const namespaces = [...new Set(conn.cluster.workloads.map((w) => w.namespace)), 'nowhere'];
    let checked = 0;
    for (const self of [false, true]) {
      const all = listConnections(conn, { self });
      for (const namespace of namespaces) {
        const expected = narrowed(all, namespace).map(rowKey);
        expect(countConnections(conn, { self, namespace })).toBe(expected.length);
        expect([...streamConnections(conn, { self, namespace })].map(rowKey)).toEqual(expected);
        checked += expected.length;
      }
    }
    expect(checked).toBeGreaterThan(0);
    for (const namespace of namespaces) {
      const expanded: string[] = [];
      for (const g of groupConnections(conn, { namespace })) for (const s of g.src) for (const d of g.dst) if (peerId(s) !== peerId(d)) expanded.push(rowKey({ src: s, dst: d, conn: g.conn }));
      const expected = narrowed(listConnections(conn), namespace).map(rowKey);
      expect(expanded.sort()).toEqual(expected.sort());
    }
  });

  it('the mixed cluster has every kind of row the rule must judge', async () => {
    const rows = listConnections(await connectivityOf(mixed));
    const types = new Set(rows.map((r) => `${r.src.type}->${r.dst.type}`));
    expect([...types].sort()).toEqual(['external->workload', 'ingress-controller->workload', 'workload->external', 'workload->workload']);
  });
});

describe('reachdiff list --namespace', () => {
  it('objects that name no namespace land in NS, as with kubectl apply -n', async () => {
    const root = await tempFolder([
      { path: 'app.yaml', text: deployment('api', undefined, '{app: api}') + '---\n' + deployment('web', 'front', '{app: web}') },
      { path: 'deny.yaml', text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n' },
    ]);
    const lines = async (...args: string[]) => (await main(['list', root, ...args])).stdout.split('\n').filter((l) => l && !l.includes('0.0.0.0/0'));
    expect(await lines('--namespace', 'team')).toEqual(['team/api[Deployment] => front/web[Deployment] : All Connections']);
    // Without it they land in `default`, which the deny then isolates.
    expect(await lines()).toEqual(['default/api[Deployment] => front/web[Deployment] : All Connections']);
    // With front, api and the deny land beside web: the deny isolates both.
    expect(await lines('--namespace', 'front')).toEqual([]);
  });

  it('JSON: the contract\'s connections narrowed, and a top-level "namespace"', async () => {
    const out = await main(['list', mixed, '--namespace', 'c', '--format', 'json']);
    const json = JSON.parse(out.stdout) as { schemaVersion: number; namespace: string; connections: { src: { id: string }; dst: { id: string } }[] };
    expect([out.exitCode, json.schemaVersion, json.namespace]).toEqual([0, 1, 'c']);
    expect(json.connections.length).toBeGreaterThan(0);
    for (const r of json.connections) expect([r.src.id, r.dst.id].some((id) => id.startsWith('c/'))).toBe(true);
    expect(JSON.parse((await main(['list', mixed, '--format', 'json'])).stdout)).not.toHaveProperty('namespace');
  });

  it('--group splits groups at the namespace: sources in it to all, the others to it only', async () => {
    const out = await main(['list', mixed, '--namespace', 'c', '--group', '--format', 'json']);
    const json = JSON.parse(out.stdout) as { groups: { src: { id: string }[]; dst: { id: string }[] }[] };
    for (const g of json.groups) {
      if (!g.src.every((p) => p.id.startsWith('c/'))) expect(g.dst.every((p) => p.id.startsWith('c/'))).toBe(true);
    }
    expect(json.groups.some((g) => g.src.every((p) => p.id.startsWith('c/')))).toBe(true);
  });

  it('--exposure keeps the rows of workloads in NS and of abstract peers named in NS', async () => {
    const root = await tempFolder([
      { path: 'app.yaml', text: deployment('db', 'data', '{app: db}') + '---\n' + deployment('web', 'shop', '{app: web}') },
      // data's db admits pods of shop (none hold role=batch) and of team=ops namespaces: both abstract.
      {
        path: 'policy.yaml',
        text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: data}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}, podSelector: {matchLabels: {role: batch}}}]\n  - from: [{namespaceSelector: {matchLabels: {team: ops}}}]\n',
      },
    ]);
    const exposure = async (ns: string) => {
      const json = JSON.parse((await main(['list', root, '--exposure', '--namespace', ns, '--format', 'json'])).stdout) as {
        exposure: { ingress: { src: { id: string }; dst: { id: string } }[]; egress: { src: { id: string }; dst: { id: string } }[] };
        unprotected: { workload: string; direction: string }[];
      };
      return { ingress: json.exposure.ingress.map((r) => `${r.src.id} => ${r.dst.id}`).sort(), egress: json.exposure.egress.map((r) => `${r.src.id} => ${r.dst.id}`), unprotected: json.unprotected.map((u) => `${u.workload} ${u.direction}`).sort() };
    };
    // shop: its own workload's rows, and db's row with the abstract pods of shop; not db's row with team=ops.
    expect(await exposure('shop')).toEqual({
      ingress: ['entire-cluster => shop/web[Deployment]', 'shop/[pod with {role=batch}] => data/db[Deployment]'],
      egress: ['shop/web[Deployment] => entire-cluster'],
      unprotected: ['shop/web[Deployment] egress', 'shop/web[Deployment] ingress'],
    });
    expect(await exposure('data')).toEqual({
      ingress: ['[namespace with {team=ops}]/[all pods] => data/db[Deployment]', 'shop/[pod with {role=batch}] => data/db[Deployment]'],
      egress: ['data/db[Deployment] => entire-cluster'],
      unprotected: ['data/db[Deployment] egress'],
    });
    const text = (await main(['list', root, '--exposure', '--namespace', 'data'])).stdout;
    expect(text).toContain('data/db[Deployment] \t<= \t[namespace with {team=ops}]/[all pods] : All Connections');
    expect(text).not.toContain('shop/web[Deployment] \t');
  });

  it('a namespace without workloads says so; an invalid name is a usage error', async () => {
    const none = await main(['list', mixed, '--namespace', 'nowhere']);
    expect([none.exitCode, none.stdout]).toEqual([0, '']);
    expect(none.stderr).toContain('no workload in namespace nowhere (workloads are in a, b, c)');
    const bad = await main(['list', mixed, '--namespace', 'Not_A_Name']);
    expect([bad.exitCode, bad.stderr]).toEqual([2, expect.stringContaining('--namespace')]);
  });
});
