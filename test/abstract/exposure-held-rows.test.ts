/**
 * `list --exposure`: a peer's row that says what the row of a peer holding it already says is not written.
 * A policy admitting all of namespace observability on 8080 and a policy for other pods naming observability's
 * prometheus pods wrote both `observability/[all pods] : TCP 8080` and `observability/[pod with
 * {app.kubernetes.io/name=prometheus}] : TCP 8080` for the first policy's pod, which read as special access
 * for prometheus (new-user trial 42, finding 6; the peer tool writes one row).
 */
import { runList } from '../../src/cli/list-command.js';
import { tempFolderSync } from '../helpers/git.js';

const deployment = (namespace: string, name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}\n`;
const policy = (name: string, spec: object) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ai}\nspec: ${JSON.stringify(spec)}\n`;
const observability = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } } };
const prometheus = { ...observability, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } };

type Row = { src: { id: string }; dst: { id: string }; conn: unknown };
async function ingressOf(workload: string, policies: string[]): Promise<string[]> {
  const dir = tempFolderSync({ 'apps.yaml': [deployment('ai', 'adapter'), deployment('ai', 'cache')].join('---\n'), 'p.yaml': policies.join('---\n') });
  const out = await runList(dir, 'json', { exposure: true });
  const json = JSON.parse(out.stdout) as { exposure: Record<'ingress' | 'egress', Row[]> };
  return json.exposure.ingress.filter((r) => r.dst.id === workload).map((r) => `${r.src.id} : ${JSON.stringify(r.conn)}`);
}

describe('exposure rows a holding peer says already', () => {
  const adapter = policy('adapter', { podSelector: { matchLabels: { app: 'adapter' } }, policyTypes: ['Ingress'], ingress: [{ from: [observability], ports: [{ port: 8080 }] }] });

  it('a subset peer with the same ports as its holder is not a row', async () => {
    const cache = policy('cache', { podSelector: { matchLabels: { app: 'cache' } }, policyTypes: ['Ingress'], ingress: [{ from: [prometheus], ports: [{ port: 9999 }] }] });
    expect(await ingressOf('ai/adapter[Deployment]', [adapter, cache])).toEqual(['observability/[all pods] : {"protocols":{"TCP":[[8080,8080]]}}']);
  });

  it('a subset peer that gets more than its holder stays a row', async () => {
    const more = policy('adapter-metrics', { podSelector: { matchLabels: { app: 'adapter' } }, policyTypes: ['Ingress'], ingress: [{ from: [prometheus], ports: [{ port: 9090 }] }] });
    expect(await ingressOf('ai/adapter[Deployment]', [adapter, more])).toEqual([
      'observability/[all pods] : {"protocols":{"TCP":[[8080,8080]]}}',
      'observability/[pod with {app.kubernetes.io/name=prometheus}] : {"protocols":{"TCP":[[8080,8080],[9090,9090]]}}',
    ]);
  });
});
