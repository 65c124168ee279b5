/**
 * diff and explain agree on abstract peers: for every pair with an abstract end that diff reports
 * opened, explain of the same ends on head allows the opened traffic in the region diff speaks of
 * (some part of the ends allows it; never DENIED), and diff --explain of the pair reports it opened.
 * Clusters span several namespaces (defined, relabelled in head, or never defined), selectors with every
 * matchExpressions operator, and (second case) cluster-wide policies (Admin/Baseline tiers) that head
 * drops, adds or edits. By port name too: every name diff reports opened (closed) toward an abstract
 * destination (`namedPorts`) is asked with `--port NAME`: explain on head (base) allows the port of that
 * name in some part, diff --explain opens (closes) some of it, and each part's story (egress ∩ ingress)
 * is its verdict.
 */
import fc from 'fast-check';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { explainDiffFiles, explainFiles, sideChange } from '../../src/analysis/explain-run.js';
import type { SideAnswer } from '../../src/analysis/explain-run.js';
import type { PeerRef } from '../../src/engine/index.js';
import { ConnectionSet, PortSet } from '../../src/engine/index.js';
import { basePlusHead } from './arbitraries.js';
import { tieredBasePlusHead } from './tier-arbitraries.js';
import { params } from './harness.js';
import { objectFiles } from './object-files.js';

const asked = (p: PeerRef): string | undefined => (p.type === 'pods' ? p.peer.id : p.type === 'workload' ? p.workload.id : undefined);

/** Cluster-wide tiers make a case many times slower: few runs in the suite, more with FUZZ_RUNS. */
const CASES = [
  ['NetworkPolicy only', basePlusHead, 60],
  ['with cluster-wide policies that head drops, adds or edits', tieredBasePlusHead, 3],
] as const;

describe.each(CASES)('abstract pairs: diff and explain agree (%s)', (_name, clusters, defaultRuns) => {
  it('every opened abstract pair is allowed by explain on head and opened by diff --explain', () => {
    fc.assert(
      fc.property(clusters, ([base, head]) => {
        const [bf, hf] = [objectFiles(base), objectFiles(head)];
        const report = analyzeDiff(bf, hf);
        const problems: string[] = [];
        for (const pair of report.pairs) {
          // Port names alone (toward pods whose container ports are unknown) have no number explain could ask about.
          if (!pair.opened || pair.opened.isEmpty() || (pair.src.type !== 'pods' && pair.dst.type !== 'pods')) continue;
          const [from, to] = [asked(pair.src), asked(pair.dst)];
          if (from === undefined || to === undefined) continue;
          const one = explainFiles(hf, { from, to, ports: [] });
          if (!one.ok) {
            problems.push(`${from} -> ${to}: ${one.message}`);
            continue;
          }
          const a = one.value.answer;
          const somewhere = a.kind === 'explained' ? [...(a.partAllowed?.values() ?? [])].reduce((acc, c) => acc.union(c), ConnectionSet.NONE) : ConnectionSet.NONE;
          if (a.kind !== 'explained' || a.explanation.verdict === 'denied' || !pair.opened.isSubsetOf(somewhere)) {
            problems.push(`${from} -> ${to}: diff opened ${pair.opened.key}, explain ${a.kind === 'explained' ? `${a.explanation.verdict} ${somewhere.key}` : 'absent'}`);
          }
          const both = explainDiffFiles(bf, hf, { from, to, ports: [] });
          if (both.ok && !pair.opened.isSubsetOf(sideChange(both.value).opened)) problems.push(`${from} -> ${to}: diff --explain opens ${sideChange(both.value).opened.key}, diff ${pair.opened.key}`);
        }
        expect(problems).toEqual([]);
      }),
      params(defaultRuns),
    );
  }, 600_000);

  it('every port name opened (closed) toward an abstract destination is allowed there by explain --port NAME on head (base), and opened (closed) by diff --explain', () => {
    fc.assert(
      fc.property(clusters, ([base, head]) => {
        const [bf, hf] = [objectFiles(base), objectFiles(head)];
        const report = analyzeDiff(bf, hf);
        const problems: string[] = [];
        for (const { from, to, what, n } of spread(nameQuestions(report.pairs), MAX_NAME_QUESTIONS)) {
          // `ANY/name`: every protocol, asked as TCP (the default).
          const [protocol, name] = [n.slice(0, n.indexOf('/')), n.slice(n.indexOf('/') + 1)];
          const port = protocol === 'ANY' ? name : `${name}/${protocol}`;
          const wanted = ConnectionSet.of(protocol === 'ANY' ? 'TCP' : (protocol as 'TCP' | 'UDP' | 'SCTP'), PortSet.ALL);
          const at = `${from} -> ${to} --port ${port} (${what})`;
          const one = explainFiles(what === 'opened' ? hf : bf, { from, to, ports: [port] });
          if (!one.ok) {
            problems.push(`${at}: ${one.message}`);
            continue;
          }
          const somewhere = allowedSomewhere(one.value.answer);
          if (somewhere.intersect(wanted).isEmpty()) problems.push(`${at}: explain allows ${somewhere.key}`);
          problems.push(...storyProblems(one.value.answer, at));
          const both = explainDiffFiles(bf, hf, { from, to, ports: [port] });
          if (!both.ok) problems.push(`${at}: diff --explain: ${both.message}`);
          else if (sideChange(both.value)[what].intersect(wanted).isEmpty()) problems.push(`${at}: diff --explain ${what} ${sideChange(both.value)[what].key}`);
        }
        expect(problems).toEqual([]);
      }),
      params(defaultRuns),
    );
  }, 600_000);
});

/**
 * Each explain recomputes its regions: a case whose change touches thousands of names (a tier rule over
 * every pod) asks this many of them, spread over the whole list.
 */
const MAX_NAME_QUESTIONS = 24;

/** Per pair toward an abstract destination, each port name diff reports opened or closed. */
function nameQuestions(pairs: ReturnType<typeof analyzeDiff>['pairs']): { from: string; to: string; what: 'opened' | 'closed'; n: string }[] {
  const out: { from: string; to: string; what: 'opened' | 'closed'; n: string }[] = [];
  for (const pair of pairs) {
    if (pair.dst.type !== 'pods' || !pair.namedPorts) continue;
    const [from, to] = [asked(pair.src), asked(pair.dst)];
    if (from === undefined || to === undefined) continue;
    for (const what of ['opened', 'closed'] as const) for (const n of pair.namedPorts[what]) out.push({ from, to, what, n });
  }
  return out;
}

/** At most `max` items, evenly spaced over `list` (all of them when fewer). */
function spread<T>(list: readonly T[], max: number): T[] {
  if (list.length <= max) return [...list];
  return Array.from({ length: max }, (_, i) => list[Math.floor((i * list.length) / max)]);
}

/** What some part of an abstract end allows of the asked traffic. */
function allowedSomewhere(a: SideAnswer): ConnectionSet {
  return a.kind === 'explained' ? [...(a.partAllowed?.values() ?? [])].reduce((acc, c) => acc.union(c), ConnectionSet.NONE) : ConnectionSet.NONE;
}

/** The part explained in detail: its directions together allow what its verdict says. */
function storyProblems(a: SideAnswer, at: string): string[] {
  if (a.kind !== 'explained' || a.explanation.rows.length !== 1) return [];
  const ex = a.explanation;
  const story = ex.directions.reduce((acc, d) => acc.intersect(d.allowed), ex.query.ports);
  return story.equals(ex.rows[0].allowed) ? [] : [`${at}: directions allow ${story.key}, the verdict ${ex.rows[0].allowed.key}`];
}
