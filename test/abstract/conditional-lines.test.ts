/**
 * README Limitation (2), first part, fixed: a pair between pods the manifests do not hold whose change is
 * only a conditional name (`TCP metrics (if numbered 9091)`: the client's egress names the port, the
 * server's ingress now admits TCP 9091 from everyone) was merged into its rule's line (`entire-cluster …
 * on TCP 9091`), whose numbers covered it but claimed them for every pod of the line, the client's
 * included. The line keeps the condition for the pods it applies to: text and Markdown `(but only TCP
 * metrics (if numbered 9091) for app/[pod with {app=client}])`, JSON `narrowerForSome`; every region pair a
 * line's names hold changed as the line says, or as one of its parts says.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffReport } from '../../src/analysis/types.js';
import type { Connectivity, NamedConns, PairDiff, PeerRef } from '../../src/engine/index.js';
import { DEFAULT_MAX_BOXES, abstractPeerMatches, buildRegions, computeConnectivity, diffConnectivity, pairConns, peerId, regionFocus } from '../../src/engine/index.js';
import { loadManifests } from '../../src/manifests/load.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';
import { shopBehindIngress } from '../helpers/shop-behind-ingress.js';

const CLIENT = 'app/[pod with {app=client}]';
const SERVER = 'app/[pod with {app=server}]';
const files = (text: string) => [{ path: 'np.yaml', text }];
const np = (name: string, namespace: string, spec: object) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: ${JSON.stringify(spec)}\n---\n`;
const tcp = (port: number | string) => ({ protocol: 'TCP', port });
/** The server admits every source on `ports` (its ingress rule: np.yaml:9 when it comes second). */
const server = (...ports: object[]) => np('server', 'app', { podSelector: { matchLabels: { app: 'server' } }, policyTypes: ['Ingress'], ingress: [{ ports }] });
/** The client may send to every destination on `ports` (np.yaml:4 when it comes first). */
const client = (...ports: object[]) => np('client', 'app', { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ ports }] });

interface JsonPair {
  src: { id: string };
  dst: { id: string };
  opened: unknown;
  closed: unknown;
  narrowerForSome?: { opened: unknown; closed: unknown; pairs: { src: string; dst: string }[] }[];
}
const jsonPairs = (r: DiffReport) => (diffJsonObject(r) as { pairs: JsonPair[] }).pairs;
const jsonPair = (r: DiffReport, src: string, dst: string) => jsonPairs(r).find((p) => p.src.id === src && p.dst.id === dst);

/** The diff of regions, as the engine gives it before the report names and merges its pairs. */
function regionDiff(base: string, head: string): { pairs: readonly PairDiff[]; sides: [Connectivity, Connectivity] } {
  const [b, h] = [base, head].map((t) => loadManifests(files(t)).cluster);
  const focus = regionFocus(b, h);
  const regions = buildRegions([b, h], DEFAULT_MAX_BOXES, focus.namespaces, focus.subjects);
  const sides: [Connectivity, Connectivity] = [computeConnectivity(b, regions), computeConnectivity(h, regions)];
  return { pairs: diffConnectivity(sides[0], sides[1], { regions }).pairs, sides };
}

/**
 * Every report pair between pods the manifests do not hold against the diff of regions: each region pair
 * whose ends its names hold has the change the pair claims (opened and closed as the report writes them),
 * or the one the pair's `narrowerForSome` gives that region pair.
 * Claims that are wrong for some pods of the line, as `entire-cluster => server on TCP 9091` was for the
 * client's pods, are listed.
 */
function untruthful(base: string, head: string, r: DiffReport): string[] {
  const { pairs, sides } = regionDiff(base, head);
  const holds = (named: PeerRef, raw: PeerRef) => {
    if (named.type !== 'pods' || raw.type !== 'pods' || raw.region === undefined) return peerId(named) === peerId(raw);
    const cls = sides[1].index.regionClasses[raw.region] ?? sides[0].index.regionClasses[raw.region];
    return cls !== undefined && abstractPeerMatches(named.peer, cls.nsLabels, cls.podLabels);
  };
  const said = (c: NamedConns | null) => (c === null || c.isEmpty() ? '-' : c.toText());
  const text = (p: PairDiff) => `${said(pairConns(p, 'opened'))} / ${said(pairConns(p, 'closed'))}`;
  const wrong: string[] = [];
  for (const p of r.pairs) {
    if (p.src.type !== 'pods' && p.dst.type !== 'pods') continue;
    // The region pairs the line names apart (narrowerForSome), with what they got instead.
    const parts = new Map((p.narrowerForSome ?? []).flatMap((x) => x.pairs.map((e) => [`${peerId(e.src)} => ${peerId(e.dst)}`, `${said(x.opened)} / ${said(x.closed)}`] as const)));
    for (const raw of pairs) {
      if (!holds(p.src, raw.src) || !holds(p.dst, raw.dst)) continue;
      if (text(raw) === (parts.get(`${peerId(raw.src)} => ${peerId(raw.dst)}`) ?? text(p))) continue;
      wrong.push(`${peerId(p.src)} => ${peerId(p.dst)} claims ${text(p)}, but ${peerId(raw.src)} => ${peerId(raw.dst)} has ${text(raw)}`);
    }
  }
  return wrong;
}

describe('(a) a change only in a conditional name keeps its condition on its rule\'s line', () => {
  // The client's egress names the port; the server's ingress (from everyone) moves from TCP 9090 to 9091.
  const base = client(tcp('metrics')) + server(tcp(9090));
  const head = client(tcp('metrics')) + server(tcp(9091));
  const metrics = (n: number) => ({ conditionalNamedPorts: [{ protocol: 'TCP', name: 'metrics', numbers: [[n, n]] }] });

  it('JSON: the rule peer\'s pair says what the client pods got instead (narrowerForSome)', () => {
    const r = analyzeDiff(files(base), files(head));
    const line = jsonPair(r, 'entire-cluster', SERVER)!;
    expect({ opened: line.opened, closed: line.closed }).toEqual({ opened: { protocols: { TCP: [[9091, 9091]] } }, closed: { protocols: { TCP: [[9090, 9090]] } } });
    expect(line.narrowerForSome).toEqual([{ opened: metrics(9091), closed: metrics(9090), pairs: [{ src: CLIENT, dst: SERVER }] }]);
    expect(untruthful(base, head, r)).toEqual([]);
  });

  it('text: the rule line keeps the condition for the client pods, with its file:line', () => {
    const text = diffText(analyzeDiff(files(base), files(head)));
    expect(text).toContain(`${SERVER} now admits entire-cluster and 0.0.0.0/0, ::/0 on TCP 9091 (but only TCP metrics (if numbered 9091) for ${CLIENT}), np.yaml:9`);
    expect(text).toContain(`${SERVER} no longer admits entire-cluster and 0.0.0.0/0, ::/0 on TCP 9090 (but only TCP metrics (if numbered 9090) for ${CLIENT}), base:np.yaml:9; NetworkPolicy app/server ingress rule 1 no longer allows it (np.yaml:9)`);
  });

  it('Markdown: the same line', () => {
    const md = renderDiffMarkdown(analyzeDiff(files(base), files(head)));
    expect(md).toContain(`- \`${SERVER}\` now admits \`entire-cluster\` and \`0.0.0.0/0, ::/0\` on TCP 9091 (but only TCP metrics (if numbered 9091) for \`${CLIENT}\`), \`np.yaml:9\``);
  });

  it('the reverse: the same parts, opened and closed swapped', () => {
    const r = analyzeDiff(files(head), files(base));
    expect(jsonPair(r, 'entire-cluster', SERVER)?.narrowerForSome).toEqual([{ opened: metrics(9090), closed: metrics(9091), pairs: [{ src: CLIENT, dst: SERVER }] }]);
    expect(diffText(r)).toContain(`on TCP 9090 (but only TCP metrics (if numbered 9090) for ${CLIENT}), np.yaml:9`);
    expect(untruthful(head, base, r)).toEqual([]);
  });

  it('an AdminNetworkPolicy namedPort meeting an egress list that gains TCP 53: the server pods get metrics only if numbered 53', () => {
    const anp = `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: metrics-in}\nspec: ${JSON.stringify({
      priority: 5,
      subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'server' } } } },
      ingress: [{ name: 'metrics', action: 'Allow', from: [{ namespaces: {} }], ports: [{ namedPort: 'metrics' }] }],
    })}\n---\n`;
    const [b, h] = [anp + client(tcp(50051)) + server(tcp(1)), anp + client(tcp(50051), tcp(53)) + server(tcp(1))];
    const r = analyzeDiff(files(b), files(h));
    expect(jsonPair(r, CLIENT, 'entire-cluster')?.narrowerForSome).toEqual([{ opened: metrics(53), closed: null, pairs: [{ src: CLIENT, dst: SERVER }] }]);
    expect(diffText(r)).toContain(`${CLIENT} may now send to entire-cluster and 0.0.0.0/0, ::/0 on TCP 53 (but only TCP metrics (if numbered 53) for ${SERVER}), np.yaml:9`);
    expect(renderDiffMarkdown(r)).toContain(`on TCP 53 (but only TCP metrics (if numbered 53) for \`${SERVER}\`), \`np.yaml:9\``);
    expect(untruthful(b, h, r)).toEqual([]);
  });

  it('a name the line reaches only on numbers it lists anyway changes nothing: the line as it was, no parts', () => {
    // The server admits TCP 9091 and its `metrics` port; the client's egress gains TCP 9091: the client pods
    // get TCP 9091 (and metrics if numbered 9091, which that number holds already), as every other pod.
    const [b, h] = [client(tcp(8080)) + server(tcp(9091), tcp('metrics')), client(tcp(8080), tcp(9091)) + server(tcp(9091), tcp('metrics'))];
    const r = analyzeDiff(files(b), files(h));
    expect(diffText(r)).toContain(`${CLIENT} may now send to entire-cluster and 0.0.0.0/0, ::/0 on TCP 9091, np.yaml:4`);
    expect(jsonPairs(r).some((p) => p.narrowerForSome)).toBe(false);
    expect(untruthful(b, h, r)).toEqual([]);
  });

  it('names that differ by an exception: the line closing TCP 9999 except http says the admin pods keep their metrics port too', () => {
    // Every pod reached the api pods on TCP 9999, now on their port named http; admin pods also on `metrics`.
    const r = analyzeDiff(files(shopBehindIngress('{port: 9999}')), files(shopBehindIngress('{port: http}')));
    const API = 'shop/[pod with {app=api}]';
    expect(diffText(r)).toContain(`${API} no longer admits entire-cluster on TCP 9999 except where it is port http (but only TCP 9999 except where it is port http or metrics for shop/[pod with {app=admin}]), base:np.yaml:17`);
    expect(jsonPair(r, 'entire-cluster', API)?.narrowerForSome).toEqual([
      { opened: { namedPorts: { TCP: ['http'] } }, closed: { protocols: { TCP: [[9999, 9999]] }, exceptNamedPorts: [{ protocol: 'TCP', name: 'http', numbers: [[9999, 9999]] }, { protocol: 'TCP', name: 'metrics', numbers: [[9999, 9999]] }] }, pairs: [{ src: 'shop/[pod with {app=admin}]', dst: API }] },
    ]);
  });
});
