/**
 * A focus namespace where only policies changed is cut finely only inside the changed policies' subjects,
 * and there only by what tells apart the other ends of pairs in the directions that changed
 * (region-focus.ts `changedSubjects`, regions.ts `buildRegions`); the rest of it is cut as outside the
 * focus, which still holds every rule peer of the focus namespaces' policies. A pod there that such a peer
 * picks must keep its own region, or a path opened toward it from elsewhere would pass in silence.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffReport } from '../../src/analysis/types.js';
import { buildRegions, changedNamespaces, changedSubjects, peerId, regionFocus } from '../../src/engine/index.js';
import { matches } from '../../src/engine/selectors.js';
import { loadManifests } from '../../src/manifests/load.js';

type Files = { path: string; text: string }[];
const file = (path: string, text: string) => ({ path, text });
const lines = (r: DiffReport, which: 'opened' | 'closed') => r.pairs.filter((p) => p[which]).map((p) => `${peerId(p.src)} => ${peerId(p.dst)} : ${p[which]!.toText()}`);
const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;
const deployment = (namespace: string, name: string, labels: Record<string, string>) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  template:\n    metadata: {labels: ${JSON.stringify(labels)}}\n    spec: {containers: [{name: c, image: x}]}\n`;
const policy = (namespace: string, name: string, spec: object) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: ${JSON.stringify(spec)}\n`;

const shopName = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } };
/**
 * shop: api and web; api's policy changes its port (a change inside {app=api, team=red} only, where no team=blue
 * pod can be); payments/ledger newly admits shop's team=blue pods.
 */
function sides(): { base: Files; head: Files } {
  const common = [
    file('ns.yaml', [ns('shop'), ns('payments'), ns('other')].join('---\n')),
    file('workloads.yaml', [deployment('shop', 'api', { app: 'api', team: 'red' }), deployment('shop', 'web', { app: 'web', team: 'red' }), deployment('payments', 'ledger', { app: 'ledger' }), deployment('other', 'batch', { app: 'batch' })].join('---\n')),
    // Unchanged, outside the focus: its peers in shop do not cut shop outside api's subject. Inside it (api's
    // ingress changed), the egress peer {tier=cache} (what batch may reach) cuts, the ingress peer {tier=debug} does not.
    file(
      'other.yaml',
      policy('other', 'batch', {
        podSelector: { matchLabels: { app: 'batch' } },
        ingress: [{ from: [{ ...shopName, podSelector: { matchLabels: { tier: 'debug' } } }] }],
        egress: [{ to: [{ ...shopName, podSelector: { matchLabels: { tier: 'cache' } } }] }],
      }),
    ),
  ];
  const api = (port: number) => policy('shop', 'api', { podSelector: { matchLabels: { app: 'api', team: 'red' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port }] }] });
  const ledgerFrom = (extra: object[]) => policy('payments', 'ledger', { podSelector: { matchLabels: { app: 'ledger' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'checkout' } } }] }, ...extra] });
  const blue = { from: [{ ...shopName, podSelector: { matchLabels: { team: 'blue' } } }], ports: [{ port: 8443 }] };
  return {
    base: [...common, file('shop-api.yaml', api(80)), file('ledger.yaml', ledgerFrom([]))],
    head: [...common, file('shop-api.yaml', api(81)), file('ledger.yaml', ledgerFrom([blue]))],
  };
}

describe('regions of a namespace where only policies changed', () => {
  it("a rule elsewhere that newly admits the namespace's pods by labels is reported for the pods it picks", () => {
    const { base, head } = sides();
    const opened = lines(analyzeDiff(base, head), 'opened');
    expect(opened).toContain('shop/[pod with {team=blue}] => payments/ledger[Deployment] : TCP 8443');
    expect(opened).toContain('shop/web[Deployment] => shop/api[Deployment] : TCP 81');
  });

  it('only the changed subjects are cut by every selector; each pod is located in a region that agrees with what can tell it apart', () => {
    const { base, head } = sides();
    const [b, h] = [loadManifests(base).cluster, loadManifests(head).cluster];
    const focus = changedNamespaces(b, h);
    const subjects = changedSubjects(b, h);
    expect([...(focus ?? [])].sort()).toEqual(['payments', 'shop']);
    expect([...subjects.keys()].sort()).toEqual(['payments', 'shop']);
    expect([...subjects.get('shop')!.directions]).toEqual(['ingress']);
    const fine = buildRegions([b, h], undefined, focus);
    const coarse = buildRegions([b, h], undefined, focus, subjects);
    const inShop = (r: { namespace: string }) => r.namespace === 'shop';
    expect(coarse.regions.filter(inShop).length).toBeLessThan(fine.regions.filter(inShop).length);
    // {tier=cache} splits shop only inside {app=api, team=red}.
    const cache = { matchLabels: { tier: 'cache' }, expressions: [] };
    const apiCache = coarse.locate('shop', { app: 'api', team: 'red', tier: 'cache' })!;
    const api = coarse.locate('shop', { app: 'api', team: 'red' })!;
    expect(apiCache).not.toBe(api);
    expect(matches(cache, coarse.regions[apiCache].podLabels)).toBe(true);
    expect(coarse.locate('shop', { app: 'web', tier: 'cache' })).toBe(coarse.locate('shop', { app: 'web' }));
    // api's egress did not change: what tells sources apart does not cut it.
    expect(coarse.locate('shop', { app: 'api', team: 'red', tier: 'debug' })).toBe(api);
    expect(fine.locate('shop', { app: 'api', team: 'red', tier: 'debug' })).not.toBe(fine.locate('shop', { app: 'api', team: 'red' }));
    // What the focus namespaces' peers and shop's own subjects tell apart stays apart outside {app=api} too.
    const blue = coarse.locate('shop', { team: 'blue' })!;
    expect(blue).not.toBe(coarse.locate('shop', { team: 'red' }));
    expect(coarse.regions[blue].podLabels.team).toBe('blue');
    const web = coarse.locate('shop', { app: 'web', team: 'red' })!;
    expect(coarse.regions[web].podLabels.app).toBe('web');
    expect(coarse.regions[web].podLabels.team).not.toBe('blue');
  });

  it('a namespace whose labels changed is cut by every selector; a changed policy over every pod puts all of it inside', () => {
    const { base, head } = sides();
    const relabelled = head.map((f) => (f.path === 'ns.yaml' ? file(f.path, f.text.replace('name: shop\n', 'name: shop\n  labels: {team: red}\n')) : f));
    const [b, h] = [loadManifests(base).cluster, loadManifests(relabelled).cluster];
    expect([...changedNamespaces(b, h)!].sort()).toEqual(['payments', 'shop']);
    expect([...changedSubjects(b, h).keys()]).toEqual(['payments']);
    const everyPod = head.map((f) => (f.path === 'shop-api.yaml' ? file(f.path, policy('shop', 'api', { podSelector: {}, ingress: [{ ports: [{ port: 81 }] }] })) : f));
    const shop = changedSubjects(loadManifests(base).cluster, loadManifests(everyPod).cluster).get('shop')!;
    expect(shop.selectors).toContainEqual({ matchLabels: {}, expressions: [] });
    expect([...shop.directions]).toEqual(['ingress']);
  });

  it('a changed workload leaves its namespace cut as before, and its rules cut other namespaces both ways', () => {
    const { base, head } = sides();
    const [b, h] = [loadManifests(base).cluster, loadManifests([...head, file('more.yaml', deployment('shop', 'cart', { app: 'cart' }))]).cluster];
    const shop = changedSubjects(b, h).get('shop')!;
    expect([...shop.directions]).toEqual(['ingress']);
    expect([...shop.peerDirections]).toEqual(['ingress', 'egress']);
    const regions = buildRegions([b, h], undefined, changedNamespaces(b, h), changedSubjects(b, h));
    // Outside api's subject, shop is still cut only by its subjects and the focus peers.
    expect(regions.locate('shop', { app: 'cart', tier: 'cache' })).toBe(regions.locate('shop', { app: 'cart' }));
  });

  it("a relabelled workload's new rules cut the namespaces they reach", () => {
    const files = (labels: Record<string, string>) => [
      file('ns.yaml', [ns('shop'), ns('other')].join('---\n')),
      file('w.yaml', deployment('shop', 'w', labels)),
      file('deny.yaml', policy('shop', 'deny-egress', { podSelector: {}, policyTypes: ['Egress'] })),
      file('db.yaml', policy('shop', 'to-db', { podSelector: { matchLabels: { tier: 'api' } }, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'other' } }, podSelector: { matchLabels: { role: 'db' } } }], ports: [{ port: 5432 }] }] })),
    ];
    const opened = lines(analyzeDiff(files({ app: 'w' }), files({ app: 'w', tier: 'api' })), 'opened');
    expect(opened).toContain('shop/w[Deployment] => other/[pod with {role=db}] : TCP 5432');
  });

  it("a changed Service's pods are cut for their ingress", () => {
    const { base } = sides();
    const service = (port: number) => `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}, ports: [{port: ${port}}]}\n`;
    const [b, h] = [loadManifests([...base, file('svc.yaml', service(80))]).cluster, loadManifests([...base, file('svc.yaml', service(8080))]).cluster];
    expect([...changedNamespaces(b, h)!]).toEqual(['shop']);
    const shop = changedSubjects(b, h).get('shop')!;
    expect(shop.selectors).toContainEqual({ matchLabels: { app: 'web' }, expressions: [] });
    expect([...shop.directions]).toEqual(['ingress']);
    const regions = buildRegions([b, h], undefined, changedNamespaces(b, h), changedSubjects(b, h));
    // Inside {app=web}, what batch may reach ({tier=cache}, an egress peer) tells destinations apart; outside it does not.
    expect(regions.locate('shop', { app: 'web', tier: 'cache' })).not.toBe(regions.locate('shop', { app: 'web' }));
    expect(regions.locate('shop', { app: 'other', tier: 'cache' })).toBe(regions.locate('shop', { app: 'other' }));
  });
});

/**
 * shop's pods all get egress to anywhere on TCP 443 (a policy over every pod, egress only). payments/ledger
 * admits shop's {team=blue} pods on 443, and other/batch may send to shop's {tier=cache} pods. Only paths
 * from shop's pods changed, so shop is cut by what tells sources apart (ledger's ingress peer), not by
 * what tells destinations apart (batch's egress peer).
 */
describe('regions of a namespace whose policies changed in one direction', () => {
  const common = [
    file('ns.yaml', [ns('shop'), ns('payments'), ns('other')].join('---\n')),
    file('workloads.yaml', [deployment('shop', 'web', { app: 'web' }), deployment('payments', 'ledger', { app: 'ledger' }), deployment('other', 'batch', { app: 'batch' })].join('---\n')),
    file('deny.yaml', ['shop', 'payments'].map((n) => policy(n, 'deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] })).join('---\n')),
    file('ledger.yaml', policy('payments', 'ledger', { podSelector: { matchLabels: { app: 'ledger' } }, ingress: [{ from: [{ ...shopName, podSelector: { matchLabels: { team: 'blue' } } }], ports: [{ port: 443 }] }] })),
    file('batch.yaml', policy('other', 'batch', { podSelector: { matchLabels: { app: 'batch' } }, policyTypes: ['Egress'], egress: [{ to: [{ ...shopName, podSelector: { matchLabels: { tier: 'cache' } } }] }] })),
  ];
  const base = common;
  const head = [...common, file('egress.yaml', policy('shop', 'egress-443', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 443 }] }] }))];

  it('reports the opened paths of the pods a rule elsewhere tells apart', () => {
    const opened = lines(analyzeDiff(base, head), 'opened');
    // Not named after the new policy's subject: shop/web's pods (no team) do not reach ledger, and
    // `shop/[all pods]` would say they do. The region of {team=blue} pods keeps its own name.
    expect(opened).toContain('shop/[pod with {team=blue}] => payments/ledger[Deployment] : TCP 443');
    expect(opened).not.toContain('shop/[all pods] => payments/ledger[Deployment] : TCP 443');
    expect(opened.some((l) => l.startsWith('shop/web[Deployment] => payments/ledger'))).toBe(false);
  });

  it('cuts the namespace by the peers of the ingress rules only', () => {
    const [b, h] = [loadManifests(base).cluster, loadManifests(head).cluster];
    const focus = regionFocus(b, h);
    expect([...focus.subjects.get('shop')!.directions]).toEqual(['egress']);
    const regions = buildRegions([b, h], undefined, focus.namespaces, focus.subjects);
    const blue = regions.locate('shop', { app: 'web', team: 'blue' })!;
    expect(blue).not.toBe(regions.locate('shop', { app: 'web' }));
    expect(regions.regions[blue].podLabels.team).toBe('blue');
    expect(regions.locate('shop', { app: 'web', tier: 'cache' })).toBe(regions.locate('shop', { app: 'web' }));
    const everything = buildRegions([b, h], undefined, focus.namespaces);
    expect(everything.locate('shop', { app: 'web', tier: 'cache' })).not.toBe(everything.locate('shop', { app: 'web' }));
  });
});
