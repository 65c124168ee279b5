/**
 * `list --exposure`: a rule peer whose namespace is chosen by labels is a row even when a workload of
 * the manifests matches it (other namespaces with those labels may hold such pods); a peer of one
 * namespace by name that a workload matches is not (the workload stands for it).
 */
import { runList } from '../../src/cli/list-command.js';
import { tempFolderSync } from '../helpers/git.js';

const ns = (name: string, labels: Record<string, string>) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: ${JSON.stringify(labels)}}\n`;
const deployment = (namespace: string, name: string, labels: Record<string, string>) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  template:\n    metadata: {labels: ${JSON.stringify(labels)}}\n    spec: {containers: [{name: c, image: x}]}\n`;
const policy = (namespace: string, name: string, spec: object) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: ${JSON.stringify(spec)}\n`;

type Row = { src: { id: string }; dst: { id: string }; conn: unknown };
async function exposure(files: Record<string, string>): Promise<{ ingress: string[]; egress: string[] }> {
  const dir = tempFolderSync(files);
  const out = await runList(dir, 'json', { exposure: true });
  const json = JSON.parse(out.stdout) as { exposure: Record<'ingress' | 'egress', Row[]> };
  const text = (r: Row) => `${r.src.id} => ${r.dst.id} : ${JSON.stringify(r.conn)}`;
  return { ingress: json.exposure.ingress.map(text), egress: json.exposure.egress.map(text) };
}

const base = { 'ns.yaml': [ns('shop', { team: 'commerce' }), ns('data', {})].join('---\n'), 'apps.yaml': [deployment('shop', 'cart', { app: 'cart' }), deployment('data', 'redis', { app: 'redis' })].join('---\n') };
const peer = (namespaceSelector: object) => ({ namespaceSelector, podSelector: { matchLabels: { app: 'cart' } } });

describe('exposure rows of rule peers a workload matches', () => {
  it('ingress: [namespace with {team=commerce}]/[pod with {app=cart}] is a row though shop/cart matches it', async () => {
    const rows = await exposure({ ...base, 'p.yaml': policy('data', 'redis', { podSelector: { matchLabels: { app: 'redis' } }, ingress: [{ from: [peer({ matchLabels: { team: 'commerce' } })], ports: [{ port: 6380 }] }] }) });
    expect(rows.ingress).toContain('[namespace with {team=commerce}]/[pod with {app=cart}] => data/redis[Deployment] : {"protocols":{"TCP":[[6380,6380]]}}');
  });

  it('egress: the same for a destination peer', async () => {
    const rows = await exposure({ ...base, 'p.yaml': policy('data', 'redis', { podSelector: { matchLabels: { app: 'redis' } }, policyTypes: ['Egress'], egress: [{ to: [peer({ matchLabels: { team: 'commerce' } })], ports: [{ port: 8080 }] }] }) });
    expect(rows.egress).toContain('data/redis[Deployment] => [namespace with {team=commerce}]/[pod with {app=cart}] : {"protocols":{"TCP":[[8080,8080]]}}');
  });

  it('a peer of one namespace by name that a workload matches is not a row: the workload stands for it', async () => {
    const rows = await exposure({ ...base, 'p.yaml': policy('data', 'redis', { podSelector: { matchLabels: { app: 'redis' } }, ingress: [{ from: [peer({ matchLabels: { 'kubernetes.io/metadata.name': 'shop' } })], ports: [{ port: 6380 }] }] }) });
    expect(rows.ingress.filter((r) => r.includes('[pod with {app=cart}]'))).toEqual([]);
  });
});
