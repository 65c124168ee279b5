/**
 * A pair toward a region that a workload of the manifests represents, kept because port names are involved,
 * says only what the workload's own pair does not already say: its `base` and `head` lack those ports too.
 * The JSON's additive `whole {base, head}` gives what the region's pods are allowed on each side, so a
 * consumer reading "allowed in head" has it (new-user 39 #9: an overlay's JSON 6902 patch removed a rule's
 * ports; the region pair's `head` read TCP 8080 and `http` while every port is allowed, as explain says).
 */
import { diffSides } from '../helpers/folder-diff.js';
import { ConnectionSet, NamedConns, PortSet } from '../../src/engine/index.js';
import { PairMerger } from '../../src/analysis/merge-pairs.js';
import type { ExplainedPair } from '../../src/analysis/types.js';
import { coarsePairs } from '../../src/report/coarse-pairs.js';
import { pairJson } from '../../src/report/diff-json.js';

const deploy = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i, ports: [{name: http, containerPort: 8080}]}]}\n`;
const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: orders-from-worker}
spec:
  podSelector: {matchLabels: {app: orders}}
  ingress:
    - from: [{podSelector: {matchLabels: {app: worker}}}]
      ports: [{port: http}]
`;
const common = {
  'base/kustomization.yaml': 'resources: [app.yaml, netpol.yaml]\n',
  'base/app.yaml': `${deploy('orders')}---\n${deploy('worker')}`,
  'base/netpol.yaml': POLICY,
};
const prod = (patch: string) => ({ ...common, 'prod/kustomization.yaml': `namespace: orders-prod\nresources: [../base]\n${patch}` });
const REMOVE_PORTS = 'patches:\n  - target: {kind: NetworkPolicy, name: orders-from-worker}\n    patch: |-\n      - op: remove\n        path: /spec/ingress/0/ports\n';

type Pair = { src: { id: string }; dst: { id: string }; base: unknown; head: unknown; opened: unknown; whole?: { base: unknown; head: unknown } };

async function pairs(base: Record<string, string>, head: Record<string, string>): Promise<Pair[]> {
  const out = await diffSides({ base, head }).run('--format', 'json');
  return (JSON.parse(out.stdout) as { pairs: Pair[] }).pairs;
}

describe('the whole sets of a region pair reduced beside its workload pair', () => {
  it('whole.head is every port (what head allows the region), while head keeps only what the workload pair does not say', async () => {
    const found = await pairs(prod(''), prod(REMOVE_PORTS));
    const region = found.find((p) => p.dst.id === 'orders-prod/[pod with {app=orders}]');
    expect(region).toBeDefined();
    expect(region!.head).toEqual({ protocols: { TCP: [[8080, 8080]] }, namedPorts: { TCP: ['http'] } });
    expect(region!.whole).toEqual({ base: { namedPorts: { TCP: ['http'] } }, head: { all: true } });
    // The workload's own pair is not reduced: no `whole`.
    const workload = found.find((p) => p.dst.id === 'orders-prod/orders[Deployment]');
    expect(workload?.head).toEqual({ all: true });
    expect(workload && 'whole' in workload).toBe(false);
    expect(found.filter((p) => p.whole).map((p) => p.dst.id)).toEqual(['orders-prod/[pod with {app=orders}]']);
  });

  it('pairs merged into one line unite their whole sets, a pair not reduced giving its own base and head', () => {
    const tcp = (a: number, b = a) => ConnectionSet.of('TCP', PortSet.range(a, b));
    const end = (ns: string) => ({ type: 'pods' as const, peer: { namespace: ns, podSelector: { matchLabels: {}, expressions: [] }, id: `${ns}/[all pods]` } });
    const pair = (base: ConnectionSet, head: ConnectionSet, whole?: ExplainedPair['whole']): ExplainedPair => ({ src: end('a'), dst: end('b'), base, head, opened: head, closed: null, peerChanges: {}, whyOpened: [], whyClosed: [], ...(whole ? { whole } : {}) });
    const reduced = pair(tcp(80), tcp(80), { base: NamedConns.of(tcp(80)), head: NamedConns.of(ConnectionSet.ALL) });
    const plain = pair(tcp(443), tcp(8443));
    for (const order of [[plain, reduced], [reduced, plain]]) {
      const m = new PairMerger<string>();
      for (const p of order) m.add('k', p);
      const [merged] = m.pairs();
      expect(merged.whole?.base?.toJSON()).toEqual({ protocols: { TCP: [[80, 80], [443, 443]] } });
      expect(merged.whole?.head?.toJSON()).toEqual({ all: true });
    }
    // No member reduced: no whole.
    const m = new PairMerger<string>();
    m.add('k', plain);
    m.add('k', pair(tcp(22), tcp(22)));
    expect(m.pairs()[0].whole).toBeUndefined();
  });

  it("the JSON's region groups never join pairs whose whole sets differ", () => {
    const tcp = (a: number) => ConnectionSet.of('TCP', PortSet.range(a, a));
    const region = (i: number, app: string) => ({ type: 'pods' as const, region: i, peer: { namespace: 'b', podSelector: { matchLabels: { app }, expressions: [] }, id: `b/[pod with {app=${app}}]` } });
    const src = { type: 'pods' as const, peer: { namespace: 'a', podSelector: { matchLabels: {}, expressions: [] }, id: 'a/[all pods]' } };
    const pair = (i: number, app: string, whole: ConnectionSet): ExplainedPair => ({ src, dst: region(i, app), base: null, head: tcp(80), opened: tcp(80), closed: null, peerChanges: {}, whyOpened: [], whyClosed: [], whole: { base: null, head: NamedConns.of(whole) } });
    const count = (pairs: ExplainedPair[]) => { let n = 0; return coarsePairs(pairs, pairJson, () => ++n).pairs.length; };
    expect(count([pair(0, 'x', ConnectionSet.ALL), pair(1, 'y', ConnectionSet.ALL)])).toBe(1);
    expect(count([pair(0, 'x', ConnectionSet.ALL), pair(1, 'y', tcp(80))])).toBe(2);
  });
});
