/**
 * `list --exposure` under cluster-wide policies: a workload an AdminNetworkPolicy, BaselineAdminNetworkPolicy
 * or ClusterNetworkPolicy selects is protected in that direction; its rows are the tiered evaluation's
 * (the same as `list`/`diff`), with `conn: null` for a peer a higher-priority Admin Deny cuts off while
 * the rest of the cluster gets something (np-guard's `No Connections`).
 */
import { runList } from '../../src/cli/list-command.js';
import { tempFolderSync } from '../helpers/git.js';

const ns = (name: string, labels: Record<string, string>) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: ${JSON.stringify(labels)}}\n`;
const deployment = (namespace: string, name: string, labels: Record<string, string>) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  template:\n    metadata: {labels: ${JSON.stringify(labels)}}\n    spec: {containers: [{name: c, image: x}]}\n`;
const np = (namespace: string, name: string, spec: object) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: ${JSON.stringify(spec)}\n`;
const anp = (name: string, priority: number, ingress: object[]) =>
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: ${name}}\nspec: ${JSON.stringify({ priority, subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } } }, ingress })}\n`;
const banp = (ingress: object[]) =>
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec: ${JSON.stringify({ subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } } }, ingress })}\n`;
const cnp = (name: string, tier: string, priority: number, ingress: object[]) =>
  `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: ${name}}\nspec: ${JSON.stringify({ tier, priority, subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } } }, ingress })}\n`;

type Row = { src: { id: string }; dst: { id: string }; conn: unknown };
interface Result {
  ingress: string[];
  unprotected: string[];
}
async function exposure(files: Record<string, string>): Promise<Result> {
  const dir = tempFolderSync({ 'ns.yaml': [ns('data', {}), ns('shop', { team: 'commerce' })].join('---\n'), 'apps.yaml': deployment('data', 'db', { app: 'db' }), ...files });
  const out = await runList(dir, 'json', { exposure: true });
  const json = JSON.parse(out.stdout) as { exposure: Record<'ingress' | 'egress', Row[]>; unprotected: { workload: string; direction: string }[] };
  const text = (r: Row) => `${r.src.id} => ${r.dst.id} : ${r.conn === null ? 'null' : JSON.stringify(r.conn)}`;
  return { ingress: json.exposure.ingress.filter((r) => r.dst.id === 'data/db[Deployment]').map(text), unprotected: json.unprotected.map((u) => `${u.workload} ${u.direction}`) };
}

const ALL = '{"all":true}';
const fromCommerce = { namespaces: { matchLabels: { team: 'commerce' } } };
const fromAll = { namespaces: {} };
const tcp = (port: number) => `{"protocols":{"TCP":[[${port},${port}]]}}`;

describe('exposure under cluster-wide tiers', () => {
  it('Admin Deny from a labelled namespace: entire-cluster all, that peer null; protected, not unprotected', async () => {
    const r = await exposure({ 'anp.yaml': anp('deny-commerce', 10, [{ name: 'd', action: 'Deny', from: [fromCommerce] }]) });
    expect(r.ingress).toEqual(expect.arrayContaining([`entire-cluster => data/db[Deployment] : ${ALL}`, '[namespace with {team=commerce}]/[all pods] => data/db[Deployment] : null']));
    expect(r.unprotected).not.toContain('data/db[Deployment] ingress');
  });

  it('Admin Deny from every pod: no entire-cluster row, no peer row', async () => {
    const r = await exposure({ 'anp.yaml': anp('deny-all', 10, [{ name: 'd', action: 'Deny', from: [fromAll] }]) });
    expect(r.ingress).toEqual([]);
    expect(r.unprotected).not.toContain('data/db[Deployment] ingress');
  });

  it('Admin Allow from a namespace over a NetworkPolicy that denies all: that peer all, entire-cluster nothing', async () => {
    const r = await exposure({
      'anp.yaml': anp('allow-commerce', 10, [{ name: 'a', action: 'Allow', from: [fromCommerce], ports: [{ portNumber: { protocol: 'TCP', port: 5432 } }] }]),
      'np.yaml': np('data', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }),
    });
    expect(r.ingress).toEqual([`[namespace with {team=commerce}]/[all pods] => data/db[Deployment] : ${tcp(5432)}`]);
  });

  it('Admin Pass then the NetworkPolicy: a passed peer gets what the NetworkPolicy admits; a higher Deny still wins', async () => {
    const r = await exposure({
      'anp.yaml': [anp('deny-commerce', 5, [{ name: 'd', action: 'Deny', from: [fromCommerce] }]), anp('pass-all', 10, [{ name: 'p', action: 'Pass', from: [fromAll] }])].join('---\n'),
      'np.yaml': np('data', 'db', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 5432 }] }] }),
    });
    expect(r.ingress).toEqual(expect.arrayContaining([`entire-cluster => data/db[Deployment] : ${tcp(5432)}`, '[namespace with {team=commerce}]/[all pods] => data/db[Deployment] : null']));
  });

  it('Baseline Deny from a namespace: applies where no NetworkPolicy selects the pod', async () => {
    const r = await exposure({ 'banp.yaml': banp([{ name: 'd', action: 'Deny', from: [fromCommerce] }]) });
    expect(r.ingress).toEqual(expect.arrayContaining([`entire-cluster => data/db[Deployment] : ${ALL}`, '[namespace with {team=commerce}]/[all pods] => data/db[Deployment] : null']));
    expect(r.unprotected).not.toContain('data/db[Deployment] ingress');
  });

  it('Baseline Deny is not consulted when a NetworkPolicy selects the pod', async () => {
    const r = await exposure({
      'banp.yaml': banp([{ name: 'd', action: 'Deny', from: [fromCommerce] }]),
      'np.yaml': np('data', 'db', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 5432 }] }] }),
    });
    expect(r.ingress).toEqual([`entire-cluster => data/db[Deployment] : ${tcp(5432)}`]);
  });

  it('ClusterNetworkPolicy Admin Accept over a Baseline Deny of every pod: only the accepted peer', async () => {
    const r = await exposure({
      'cnp.yaml': [
        cnp('accept-commerce', 'Admin', 10, [{ name: 'a', action: 'Accept', from: [fromCommerce], protocols: [{ tcp: { destinationPort: { number: 8080 } } }] }]),
        cnp('deny-rest', 'Baseline', 10, [{ name: 'd', action: 'Deny', from: [fromAll] }]),
      ].join('---\n'),
    });
    expect(r.ingress).toEqual([`[namespace with {team=commerce}]/[all pods] => data/db[Deployment] : ${tcp(8080)}`]);
  });
});
