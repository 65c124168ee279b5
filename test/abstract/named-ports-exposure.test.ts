/**
 * `list --exposure`: egress rows toward pods the manifests do not hold keep port names (their container
 * ports are unknown), also where cluster-wide policies select the workload (the tiered rows).
 */
import { runList } from '../../src/cli/list-command.js';
import { tempFolderSync } from '../helpers/git.js';

const ns = (name: string, labels: Record<string, string>) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: ${JSON.stringify(labels)}}\n`;
const deployment = (namespace: string, name: string, labels: Record<string, string>) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  template:\n    metadata: {labels: ${JSON.stringify(labels)}}\n    spec: {containers: [{name: c, image: x}]}\n`;
const np = (namespace: string, name: string, spec: object) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: ${JSON.stringify(spec)}\n`;
const banp = (egress: object[]) =>
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec: ${JSON.stringify({ subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } } }, egress })}\n`;
const anp = (egress: object[]) =>
  `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: scrape}\nspec: ${JSON.stringify({ priority: 5, subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } } }, egress })}\n`;

type Row = { src: { id: string }; dst: { id: string }; conn: unknown };
async function egressRows(files: Record<string, string>): Promise<string[]> {
  const dir = tempFolderSync({ 'ns.yaml': ns('data', {}), 'apps.yaml': deployment('data', 'db', { app: 'db' }), ...files });
  const out = await runList(dir, 'json', { exposure: true });
  const json = JSON.parse(out.stdout) as { exposure: Record<'ingress' | 'egress', Row[]> };
  return json.exposure.egress.map((r) => `${r.src.id} => ${r.dst.id} : ${JSON.stringify(r.conn)}`);
}

const toCommerce = (ports: object[]) => np('data', 'egress', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'commerce' } } }], ports }] });

describe('exposure: port names toward pods the manifests do not hold', () => {
  it('a NetworkPolicy alone: the egress row carries the name', async () => {
    expect(await egressRows({ 'np.yaml': toCommerce([{ port: 'metrics' }]) })).toEqual(['data/db[Deployment] => [namespace with {team=commerce}]/[all pods] : {"namedPorts":{"TCP":["metrics"]}}']);
  });

  it('a BaselineAdminNetworkPolicy also selects the workload: the row keeps the name (was dropped)', async () => {
    const rows = await egressRows({ 'np.yaml': toCommerce([{ port: 80 }, { port: 'metrics' }]), 'banp.yaml': banp([{ action: 'Deny', to: [{ namespaces: {} }] }]) });
    expect(rows).toContain('data/db[Deployment] => [namespace with {team=commerce}]/[all pods] : {"protocols":{"TCP":[[80,80]]},"namedPorts":{"TCP":["metrics"]}}');
  });

  it('an Admin Allow naming a port without protocol: the name is kept under ANY', async () => {
    const rows = await egressRows({
      'np.yaml': np('data', 'deny', { podSelector: {}, policyTypes: ['Egress'] }),
      'anp.yaml': anp([{ name: 'scrape', action: 'Allow', to: [{ namespaces: { matchLabels: { team: 'obs' } } }], ports: [{ namedPort: 'metrics' }] }]),
    });
    expect(rows).toContain('data/db[Deployment] => [namespace with {team=obs}]/[all pods] : {"namedPorts":{"ANY":["metrics"]}}');
  });
});
