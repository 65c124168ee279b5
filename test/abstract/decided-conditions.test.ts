/**
 * A name's condition (`TCP metrics (if numbered 53)`) is decided by the diff, where a named port meets a
 * numbered rule; the report's later steps keep it (pair-conns.ts `decidedNames`). Taking out of a region's
 * pair what its workload's pair tells (abstract-pairs.ts `representedRemainder`: opened = head − base) and
 * uniting pairs of one line narrow or widen a name's ports without meeting a numbered rule: `TCP grpc` less
 * the 9090 the workload's line tells stays `TCP grpc` (it was reported `TCP grpc (unless numbered 9090)`,
 * on a line of its own), while a real condition stays, narrowed by what the workload tells.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffReport, ExplainedPair } from '../../src/analysis/types.js';
import { ConnectionSet, NamedConns, PortSet, decidedNames, pairConns, peerId } from '../../src/engine/index.js';
import { diffText } from '../../src/report/diff-text.js';

const SERVER = 'app/[pod with {app=server}]';
const CLIENT = 'app/[pod with {app=client}]';
const files = (text: string) => [{ path: 'np.yaml', text }];
const np = (name: string, spec: object) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: app}\nspec: ${JSON.stringify(spec)}\n---\n`;
const tcp = (port: number | string) => ({ protocol: 'TCP', port });
/** The server workload numbers grpc 9090 and metrics 9100; its labels' region holds pods that may number them otherwise. */
const serverWorkload =
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: app}\n---\n' +
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: server, namespace: app}\nspec: ${JSON.stringify({
    selector: { matchLabels: { app: 'server' } },
    template: { metadata: { labels: { app: 'server' } }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ name: 'grpc', containerPort: 9090 }, { name: 'metrics', containerPort: 9100 }] }] } },
  })}\n---\n`;
const server = (ingress: object[]) => np('server', { podSelector: { matchLabels: { app: 'server' } }, policyTypes: ['Ingress'], ingress });
const client = (ports: object[]) =>
  np('client', { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'server' } } }], ports }] });
const diff = (base: string, head: string) => analyzeDiff(files(serverWorkload + base), files(serverWorkload + head));
const pair = (r: DiffReport, src: string, dst: string): ExplainedPair | undefined => r.pairs.find((p) => peerId(p.src) === src && peerId(p.dst) === dst);
const sets = (p: ExplainedPair | undefined) => (p ? (['base', 'head', 'opened', 'closed'] as const).map((f) => pairConns(p, f)?.toText() ?? null) : undefined);

describe('a region beside its workload keeps the conditions the diff gave its names', () => {
  it('ingress opening grpc by name to everyone: the region line says TCP grpc (the workload line tells 9090), one line for every source', () => {
    const r = diff(server([]), server([{ ports: [tcp('grpc')] }]));
    expect(sets(pair(r, 'entire-cluster', SERVER))).toEqual([null, 'TCP grpc', 'TCP grpc', null]);
    expect(sets(pair(r, 'entire-cluster', 'app/server[Deployment]'))).toEqual([null, 'TCP 9090', 'TCP 9090', null]);
    const text = diffText(r);
    // app/server is one of entire-cluster's pods: told as held by it today (report/held-workloads.ts).
    expect(text).toContain(`${SERVER} now admits entire-cluster (app/server[Deployment] today) and 0.0.0.0/0, ::/0 on TCP grpc, np.yaml:`);
    expect(text).not.toContain('unless numbered');
  });

  it('an egress list meeting metrics by name: the condition stays, less the number the workload line tells (9100)', () => {
    const [narrow, wide] = [server([{ ports: [tcp('metrics')] }]) + client([tcp(50051)]), server([{ ports: [tcp('metrics')] }]) + client([tcp(50051), tcp(53), tcp(9100)])];
    const r = diff(narrow, wide);
    expect(sets(pair(r, CLIENT, SERVER))).toEqual(['TCP metrics (if numbered 50051)', 'TCP metrics (if numbered 53,50051)', 'TCP metrics (if numbered 53)', null]);
    expect(sets(pair(r, CLIENT, 'app/server[Deployment]'))).toEqual([null, 'TCP 9100', 'TCP 9100', null]);
    const back = diff(wide, narrow);
    expect(sets(pair(back, CLIENT, SERVER))).toEqual(['TCP metrics (if numbered 53,50051)', 'TCP metrics (if numbered 50051)', null, 'TCP metrics (if numbered 53)']);
  });
});

describe('decidedNames', () => {
  const tcpPorts = (...ps: [number, number][]) => ConnectionSet.of('TCP', PortSet.of(ps));
  const metrics = (...ps: [number, number][]) => NamedConns.exact(ConnectionSet.NONE, new Map([['metrics', tcpPorts(...ps)]]));
  const sets4 = (base: NamedConns, head: NamedConns, opened: NamedConns, closed: NamedConns) => ({ base, head, opened, closed });

  it('a name decided whatever its number stays so when a subtraction leaves it some numbers only', () => {
    const partial = metrics([1, 9089], [9091, 65535]);
    expect(decidedNames(sets4(NamedConns.NONE, partial, partial, NamedConns.NONE), { base: new Set(), head: new Set() })).toEqual({ base: [], head: ['TCP/metrics'], opened: ['TCP/metrics'], closed: [] });
  });

  it('a conditional name keeps its numbers, in a change too when the subtraction emptied base and head of it', () => {
    const decided = { base: new Set(['TCP/metrics']), head: new Set<string>() };
    expect(decidedNames(sets4(NamedConns.NONE, NamedConns.NONE, metrics([53, 53]), NamedConns.NONE), decided)).toEqual({ base: [], head: [], opened: ['TCP/metrics@53'], closed: [] });
    expect(decidedNames(sets4(metrics([53, 53]), NamedConns.NONE, NamedConns.NONE, metrics([53, 53])), decided)).toEqual({ base: ['TCP/metrics@53'], head: [], opened: [], closed: ['TCP/metrics@53'] });
  });

  it('a name whose set holds every port reads whatever its number, decided conditional or not', () => {
    expect(decidedNames(sets4(NamedConns.NONE, metrics([1, 65535]), metrics([1, 65535]), NamedConns.NONE), { base: new Set(['TCP/metrics']), head: new Set(['TCP/metrics']) }).head).toEqual(['TCP/metrics']);
  });
});
