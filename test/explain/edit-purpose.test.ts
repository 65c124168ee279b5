/**
 * Smallest edits go to the subject's own policy first; a policy written for another client (its name says
 * `allow-<other>`, or every rule admits one other peer) comes last, and is left out when an edit elsewhere
 * opens as little (new-user trial 45, finding 9: cart's access to redis suggested in `data/allow-prometheus`).
 */
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const doc = (s: string) => s.trim() + '\n';
const NAMESPACES = doc(`
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Namespace
metadata: {name: data}
---
apiVersion: v1
kind: Namespace
metadata: {name: monitoring}
`);
const workload = (ns: string, name: string, kind = 'Deployment') => doc(`
apiVersion: apps/v1
kind: ${kind}
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: c, image: x}]}
`);
const WORKLOADS = [workload('shop', 'cart'), workload('shop', 'api'), workload('data', 'redis', 'StatefulSet'), workload('data', 'worker'), workload('monitoring', 'prometheus')].join('---\n');
const policy = (name: string, podSelector: string, ingress: string) => doc(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: data}
spec:
  podSelector: ${podSelector}
  policyTypes: [Ingress]
  ingress: ${ingress}
`);
const FROM_SHOP_API = '{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}, podSelector: {matchLabels: {app: api}}}';
const FROM_MONITORING = '{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}';
// worker stays open to everything, so a namespace-wide rule for cart opens nothing new there.
const WORKER_OPEN = policy('worker', '{matchLabels: {app: worker}}', '[{}]');

async function ingressEdits(policies: readonly string[]): Promise<string[]> {
  const dir = await tempFolder({ 'namespaces.yaml': NAMESPACES, 'apps.yaml': WORKLOADS, 'policies.yaml': policies.join('---\n') });
  const out = await main(['explain', dir, '--from', 'shop/cart', '--to', 'data/redis', '--port', '6379', '--format', 'json']);
  const ingress = JSON.parse(out.stdout).explain.directions.find((d: { direction: string }) => d.direction === 'ingress');
  return ingress.edits.map((e: { policy: string; kind?: string; change?: { kind: string } }) => e.policy);
}

describe('explain: which policy an edit goes to', () => {
  it("leaves out another client's policies (allow-prometheus; a namespace-wide policy whose rules admit one peer) when redis's own takes the edit", async () => {
    const edits = await ingressEdits([
      policy('redis', '{matchLabels: {app: redis}}', `[{from: [${FROM_SHOP_API}], ports: [{port: 5432}]}]`),
      policy('allow-prometheus', '{}', `[{from: [${FROM_MONITORING}], ports: [{port: 9100}]}]`),
      policy('scrapers', '{}', `[{from: [${FROM_MONITORING}], ports: [{port: 9100}]}, {from: [${FROM_MONITORING}], ports: [{port: 9101}]}]`),
      WORKER_OPEN,
    ]);
    expect(edits).toEqual(['data/redis']);
  });

  it("puts redis's own policy before a namespace-wide one that admits several clients, even when the wide one takes an added peer", async () => {
    const edits = await ingressEdits([
      policy('redis', '{matchLabels: {app: redis}}', `[{from: [${FROM_SHOP_API}], ports: [{port: 5432}]}]`),
      policy('data-in', '{}', `[{from: [${FROM_SHOP_API}], ports: [{port: 6379}]}, {from: [${FROM_MONITORING}], ports: [{port: 9100}]}]`),
      WORKER_OPEN,
    ]);
    // Before: data-in's added peer came first (an added peer ranked before an added rule).
    expect(edits[0]).toBe('data/redis');
    expect(edits).toContain('data/data-in');
  });

  it("suggests another client's policy when no other policy isolates redis", async () => {
    const edits = await ingressEdits([policy('allow-prometheus', '{}', `[{from: [${FROM_MONITORING}], ports: [{port: 9100}]}]`), WORKER_OPEN]);
    expect(edits).toEqual(['data/allow-prometheus']);
  });

  // A name is believed only where the policy's rules back it: `allow-worker` over redis's pods alone is worker's policy
  // when its rule admits worker, and redis's own when its rules admit someone else (a stale name).
  const FROM_WORKER = '{podSelector: {matchLabels: {app: worker}}}';
  it("leaves out a policy named for another workload that its rules admit, when redis's own takes the edit", async () => {
    const edits = await ingressEdits([
      policy('redis', '{matchLabels: {app: redis}}', `[{from: [${FROM_SHOP_API}], ports: [{port: 5432}]}]`),
      policy('allow-worker', '{matchLabels: {app: redis}}', `[{from: [${FROM_WORKER}], ports: [{port: 6379}]}]`),
      WORKER_OPEN,
    ]);
    expect(edits).toEqual(['data/redis']);
  });

  it('reads a policy by its rules when its name names a workload they do not admit', async () => {
    const edits = await ingressEdits([
      policy('redis', '{matchLabels: {app: redis}}', `[{from: [${FROM_SHOP_API}], ports: [{port: 5432}]}]`),
      policy('allow-worker', '{matchLabels: {app: redis}}', `[{from: [${FROM_SHOP_API}], ports: [{port: 6379}]}]`),
      WORKER_OPEN,
    ]);
    // Redis's own policy either way: allow-worker's rule admits shop/api, and its edit (cart added beside api) stays.
    expect(edits).toContain('data/allow-worker');
    expect(edits).toContain('data/redis');
  });
});
