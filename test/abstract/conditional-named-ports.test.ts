/**
 * A named port toward pods the manifests do not hold meeting a numbered port list on the other end
 * (README "Named ports toward such pods"): the pods' number for the name is unknown, so the name is
 * allowed only if it is numbered as the list says. The diff reports it with that condition (text
 * `TCP metrics (if numbered 53)`, JSON `conditionalNamedPorts`), never a name "whatever its number" whose
 * base equals head; the same as `diff --explain SRC DST --port NAME`. Shapes of operator-lifecycle-manager's
 * chart (real-eval-2 "namedport-conditional-open"): ingress named vs egress numbered, the mirror (egress
 * named vs ingress numbered), both named, and AdminNetworkPolicy `namedPort`; both directions of change.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffReport, ExplainedPair } from '../../src/analysis/types.js';
import { diffConnectivity, computeConnectivity, buildRegions, DEFAULT_MAX_BOXES, regionFocus, pairConns, peerId } from '../../src/engine/index.js';
import { loadManifests } from '../../src/manifests/load.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';

const CLIENT = 'app/[pod with {app=client}]';
const SERVER = 'app/[pod with {app=server}]';
const files = (text: string) => [{ path: 'np.yaml', text }];
const np = (name: string, spec: object) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: app}\nspec: ${JSON.stringify(spec)}\n---\n`;
/** The server admits ingress from anyone on `ports`. */
const server = (ports: object[]) => np('server', { podSelector: { matchLabels: { app: 'server' } }, policyTypes: ['Ingress'], ingress: [{ ports }] });
/** The client's egress on `ports`, to its namespace (`local`) or to everything. */
const client = (ports: object[], local = false) =>
  np('client', { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ ...(local ? { to: [{ podSelector: {} }] } : {}), ports }] });
const tcp = (port: number | string) => ({ protocol: 'TCP', port });

const pair = (r: DiffReport, src = CLIENT, dst = SERVER): ExplainedPair | undefined => r.pairs.find((p) => peerId(p.src) === src && peerId(p.dst) === dst);
const sets = (p: ExplainedPair | undefined) => (p ? (['base', 'head', 'opened', 'closed'] as const).map((f) => pairConns(p, f)?.toText() ?? null) : undefined);
const jsonPair = (r: DiffReport, src = CLIENT, dst = SERVER) => {
  const json = diffJsonObject(r) as { pairs: { src: { id: string }; dst: { id: string }; base: unknown; head: unknown; opened: unknown; closed: unknown }[] };
  const j = json.pairs.find((x) => x.src.id === src && x.dst.id === dst);
  return j && { base: j.base, head: j.head, opened: j.opened, closed: j.closed };
};
/** The diff of regions (before the report merges lines under their rules): client → server's names per field. */
function regionNames(base: string, head: string) {
  const [b, h] = [base, head].map((t) => loadManifests(files(t)).cluster);
  const focus = regionFocus(b, h);
  const regions = buildRegions([b, h], DEFAULT_MAX_BOXES, focus.namespaces, focus.subjects);
  const d = diffConnectivity(computeConnectivity(b, regions), computeConnectivity(h, regions), { regions });
  const p = d.pairs.find((x) => x.src.type === 'pods' && x.dst.type === 'pods' && x.src.peer.id === CLIENT && x.dst.peer.id === SERVER);
  return p && (p.namedPorts ?? null);
}
const metrics = (...numbers: [number, number][]) => ({ conditionalNamedPorts: [{ protocol: 'TCP', name: 'metrics', numbers }] });

describe('shape A: ingress names the port, the egress lists numbers', () => {
  const base = server([tcp('metrics')]) + client([tcp(50051)], true);
  const head = server([tcp('metrics')]) + client([tcp(50051), tcp(53)]);

  it('the widened list opens the name if numbered 53: text, Markdown, JSON', () => {
    const r = analyzeDiff(files(base), files(head));
    expect(sets(pair(r))).toEqual(['TCP metrics (if numbered 50051)', 'TCP metrics (if numbered 53,50051)', 'TCP metrics (if numbered 53)', null]);
    expect(jsonPair(r)).toEqual({ base: metrics([50051, 50051]), head: metrics([53, 53], [50051, 50051]), opened: metrics([53, 53]), closed: null });
    // The rule's one line (abstract-groups.ts abstractRuleLines) names the server's pods among its destinations.
    const line = diffText(r).split('\n').find((l) => l.startsWith(`  ${CLIENT} may now send to `));
    expect(line).toMatch(/[;,] app\/\[pod with \{app=server\}\] on TCP metrics \(if numbered 53\), np\.yaml:\d+$/);
    expect(renderDiffMarkdown(r)).toContain('TCP metrics (if numbered 53)');
    // The headline's egress line is the rule's: everything on its numbers (the name meets them, nothing more).
    expect(diffText(r)).toContain(`Opens egress from ${CLIENT} to everything on TCP 53 and 50051 (1 rule, np.yaml:`);
    // The rollback closes the conditional path too.
    expect(r.rollback.documents.map((d) => d.key)).toEqual(['NetworkPolicy/app/client']);
    expect(r.rollback.remainingOpened).toBe(0);
  });

  it('the list shrinking closes the name if numbered 53, not whatever its number', () => {
    const r = analyzeDiff(files(head), files(base));
    expect(sets(pair(r))).toEqual(['TCP metrics (if numbered 53,50051)', 'TCP metrics (if numbered 50051)', null, 'TCP metrics (if numbered 53)']);
    expect(jsonPair(r)).toEqual({ base: metrics([53, 53], [50051, 50051]), head: metrics([50051, 50051]), opened: null, closed: metrics([53, 53]) });
  });

  it('egress to every port over a name: the name is allowed whatever its number in head, opened unless numbered 50051', () => {
    const everything = np('client', { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{}] });
    expect(regionNames(server([tcp('metrics')]) + client([tcp(50051)]), server([tcp('metrics')]) + everything)).toEqual({
      base: ['TCP/metrics@50051'],
      head: ['TCP/metrics'],
      opened: ['TCP/metrics@1-50050,50052-65535'],
      closed: [],
    });
  });
});

describe('shape B: egress names the port, the ingress lists numbers', () => {
  const base = client([tcp('metrics')]) + server([tcp(9090)]);
  const head = client([tcp('metrics')]) + server([tcp(9091)]);

  it('the diff of regions carries client → server: opens the name if numbered 9091, closes it if numbered 9090 (missed before)', () => {
    expect(regionNames(base, head)).toEqual({ base: ['TCP/metrics@9090'], head: ['TCP/metrics@9091'], opened: ['TCP/metrics@9091'], closed: ['TCP/metrics@9090'] });
    expect(regionNames(head, base)).toEqual({ base: ['TCP/metrics@9091'], head: ['TCP/metrics@9090'], opened: ['TCP/metrics@9090'], closed: ['TCP/metrics@9091'] });
  });

  it('the report tells it under the server rule line (entire-cluster on TCP 9091), which keeps the condition for the client pods', () => {
    const r = analyzeDiff(files(base), files(head));
    const line = pair(r, 'entire-cluster', SERVER);
    expect(sets(line)).toEqual(['TCP 9090', 'TCP 9091', 'TCP 9091', 'TCP 9090']);
    expect(line?.narrowerForSome?.map((x) => [x.opened?.toText(), x.closed?.toText(), x.pairs.map((e) => peerId(e.src))])).toEqual([['TCP metrics (if numbered 9091)', 'TCP metrics (if numbered 9090)', [CLIENT]]]);
    const back = analyzeDiff(files(head), files(base));
    expect(sets(pair(back, 'entire-cluster', SERVER))).toEqual(['TCP 9091', 'TCP 9090', 'TCP 9090', 'TCP 9091']);
  });
});

describe('both ends name the port', () => {
  it('the same name: allowed whatever its number (base: only if numbered 8080)', () => {
    expect(regionNames(client([tcp(8080)]) + server([tcp('metrics')]), client([tcp('metrics')]) + server([tcp('metrics')]))).toEqual({
      base: ['TCP/metrics@8080'],
      head: ['TCP/metrics'],
      opened: ['TCP/metrics@1-8079,8081-65535'],
      closed: [],
    });
  });

  it('different names: a port has one name, so nothing passes in head (base: metrics if numbered 8080, closed)', () => {
    expect(regionNames(client([tcp(8080)]) + server([tcp('metrics')]), client([tcp('web')]) + server([tcp('metrics')]))).toEqual({ base: ['TCP/metrics@8080'], head: [], opened: [], closed: ['TCP/metrics@8080'] });
  });
});

describe('AdminNetworkPolicy namedPort meeting a numbered NetworkPolicy egress', () => {
  const anp = `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: metrics-in}\nspec: ${JSON.stringify({
    priority: 5,
    subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'server' } } } },
    ingress: [{ name: 'metrics', action: 'Allow', from: [{ namespaces: {} }], ports: [{ namedPort: 'metrics' }] }],
  })}\n---\n`;
  // The server is isolated (TCP 1 only by number), the Admin Allow gives it `metrics`.
  const isolated = server([tcp(1)]);

  it('the client egress list gaining 53 opens metrics if numbered 53; losing it closes it', () => {
    const base = anp + isolated + client([tcp(50051)]);
    const head = anp + isolated + client([tcp(50051), tcp(53)]);
    expect(regionNames(base, head)).toEqual({ base: ['TCP/metrics@50051'], head: ['TCP/metrics@53,50051'], opened: ['TCP/metrics@53'], closed: [] });
    expect(regionNames(head, base)).toEqual({ base: ['TCP/metrics@53,50051'], head: ['TCP/metrics@50051'], opened: [], closed: ['TCP/metrics@53'] });
    // The report tells it on the client's rule line (everything on TCP 53), which keeps the condition for the server pods (conditional-lines.test.ts).
    expect(sets(pair(analyzeDiff(files(base), files(head)), CLIENT, 'entire-cluster'))).toEqual(['TCP 50051', 'TCP 53,50051', 'TCP 53', null]);
  });
});
