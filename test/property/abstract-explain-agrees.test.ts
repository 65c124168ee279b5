/**
 * diff and explain agree on abstract peers: for each pair with an abstract end that diff reports opened
 * (up to MAX_QUESTIONS per case, spread over the list), explain of the same ends on head allows the
 * opened traffic in the region diff speaks of (some part of the ends allows it; never DENIED), and diff
 * --explain of the pair reports it opened.
 * Clusters span several namespaces (defined, relabelled in head, or never defined), selectors with every
 * matchExpressions operator, and (second case) cluster-wide policies (Admin/Baseline tiers) that head
 * drops, adds or edits. By port name too: each name diff reports opened (closed) toward an abstract
 * destination (`namedPorts`) is asked with `--port NAME`: explain on head (base) allows the port of that
 * name in some part, diff --explain opens (closes) some of it, each part's story (egress ∩ ingress)
 * is its verdict, and its near misses speak of the name (never the numbers it lacks).
 */
import fc from 'fast-check';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { explainDiffFiles, explainFiles, sideChange } from '../../src/analysis/explain-run.js';
import type { SideAnswer } from '../../src/analysis/explain-run.js';
import type { PeerRef } from '../../src/engine/index.js';
import { ConnectionSet, PortSet, isExceptName, unconditionalName } from '../../src/engine/index.js';
import { basePlusHead } from './arbitraries.js';
import { smallTieredBasePlusHead } from './tier-arbitraries.js';
import { params, runs } from './harness.js';
import { objectFiles } from './object-files.js';
import { mismatchText } from '../../src/report/mismatch-text.js';
import type { ManifestFile } from '../../src/manifests/load.js';

const asked = (p: PeerRef): string | undefined => (p.type === 'pods' ? p.peer.id : p.type === 'workload' ? p.workload.id : undefined);

/**
 * Cases per run: 60 and 3 in the suite; with FUZZ_RUNS (npm run fuzz), that many NetworkPolicy clusters
 * and a tenth of it with cluster-wide policies, whose cases cost ~10x more (their peers, sameLabels and
 * notSameLabels above all, cut label space finer: more regions, more changed pairs).
 */
const fuzzing = process.env.FUZZ_RUNS !== undefined;
const CASES = [
  ['NetworkPolicy only', basePlusHead, runs(60)],
  ['with cluster-wide policies that head drops, adds or edits', smallTieredBasePlusHead, fuzzing ? Math.ceil(runs(60) / 10) : 3],
] as const;

describe.each(CASES)('abstract pairs: diff and explain agree (%s)', (_name, clusters, numRuns) => {
  it('opened abstract pairs are allowed by explain on head and opened by diff --explain; so is every port name opened (closed) toward an abstract destination, by explain --port NAME on head (base)', () => {
    fc.assert(
      fc.property(clusters, ([base, head]) => {
        const [bf, hf] = [objectFiles(base), objectFiles(head)];
        const report = analyzeDiff(bf, hf);
        expect([...numberProblems(report.pairs, bf, hf), ...nameProblems(report.pairs, bf, hf)]).toEqual([]);
      }),
      { ...params(numRuns), numRuns },
    );
  }, 1_800_000);
});

type Pairs = ReturnType<typeof analyzeDiff>['pairs'];

/** Opened pairs with an abstract end (at most MAX_QUESTIONS, spread over the list): explain on head allows the traffic in some part, diff --explain opens it. */
function numberProblems(pairs: Pairs, bf: ManifestFile[], hf: ManifestFile[]): string[] {
  const problems: string[] = [];
  for (const { pair, from, to } of spread(numberQuestions(pairs), MAX_QUESTIONS)) {
    const opened = pair.opened!;
    const one = explainFiles(hf, { from, to, ports: [] });
    if (!one.ok) {
      problems.push(`${from} -> ${to}: ${one.message}`);
      continue;
    }
    const a = one.value.answer;
    const somewhere = allowedSomewhere(a);
    if (a.kind !== 'explained' || a.explanation.verdict === 'denied' || !opened.isSubsetOf(somewhere)) {
      problems.push(`${from} -> ${to}: diff opened ${opened.key}, explain ${a.kind === 'explained' ? `${a.explanation.verdict} ${somewhere.key}` : 'absent'}`);
    }
    const both = explainDiffFiles(bf, hf, { from, to, ports: [] });
    if (both.ok && !opened.isSubsetOf(sideChange(both.value).opened)) problems.push(`${from} -> ${to}: diff --explain opens ${sideChange(both.value).opened.key}, diff ${opened.key}`);
  }
  return problems;
}

/** Port names diff reports opened (closed) toward an abstract destination (at most MAX_QUESTIONS): explain --port NAME on head (base) allows some of it, diff --explain opens (closes) some, and the story is the verdict. */
function nameProblems(pairs: Pairs, bf: ManifestFile[], hf: ManifestFile[]): string[] {
  const problems: string[] = [];
  for (const { from, to, what, n } of spread(nameQuestions(pairs), MAX_QUESTIONS)) {
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
    problems.push(...storyProblems(one.value.answer, at), ...nameMissProblems(one.value.answer, name, at));
    const both = explainDiffFiles(bf, hf, { from, to, ports: [port] });
    if (!both.ok) problems.push(`${at}: diff --explain: ${both.message}`);
    else if (sideChange(both.value)[what].intersect(wanted).isEmpty()) problems.push(`${at}: diff --explain ${what} ${sideChange(both.value)[what].key}`);
  }
  return problems;
}

/**
 * Each explain recomputes its regions, and a change can touch thousands of abstract pairs (a tier rule
 * over every pod: 2,000-60,000 pairs in 1 case of 20 at the full generator size): a case asks at most
 * this many of each kind, spread over the whole list.
 */
const MAX_QUESTIONS = 24;

/** Opened pairs with an abstract end and both ends nameable (port names alone, toward pods whose container ports are unknown, have no number explain could ask about). */
function numberQuestions(pairs: Pairs): { pair: Pairs[number]; from: string; to: string }[] {
  const out: { pair: Pairs[number]; from: string; to: string }[] = [];
  for (const pair of pairs) {
    if (!pair.opened || pair.opened.isEmpty() || (pair.src.type !== 'pods' && pair.dst.type !== 'pods')) continue;
    const [from, to] = [asked(pair.src), asked(pair.dst)];
    if (from !== undefined && to !== undefined) out.push({ pair, from, to });
  }
  return out;
}

/** Per pair toward an abstract destination, each port name diff reports opened or closed. */
function nameQuestions(pairs: Pairs): { from: string; to: string; what: 'opened' | 'closed'; n: string }[] {
  const out: { from: string; to: string; what: 'opened' | 'closed'; n: string }[] = [];
  for (const pair of pairs) {
    if (pair.dst.type !== 'pods' || !pair.namedPorts) continue;
    const [from, to] = [asked(pair.src), asked(pair.dst)];
    if (from === undefined || to === undefined) continue;
    // An exception (`-TCP/http`) says which ports of a name the change leaves alone: nothing to ask by name.
    for (const what of ['opened', 'closed'] as const) for (const n of pair.namedPorts[what]) if (!isExceptName(n)) out.push({ from, to, what, n: unconditionalName(n) });
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

/** Asked by a port name toward pods whose ports are unknown, a near miss speaks of the name, never of the numbers it lacks. */
function nameMissProblems(a: SideAnswer, name: string, at: string): string[] {
  if (a.kind !== 'explained' || a.explanation.query.portName === undefined) return [];
  const out: string[] = [];
  for (const d of a.explanation.directions) {
    for (const m of d.nearMisses) {
      for (const x of m.mismatches) {
        if (x.kind !== 'ports') continue;
        const text = mismatchText(x, d.direction);
        if (x.portName !== name || !/^port (TCP|UDP|SCTP) /.test(text) || !text.includes(` ${name} not in [`)) out.push(`${at}: ${d.direction} near miss ${m.policy} rule ${m.rule + 1}: ${text}`);
      }
    }
  }
  return out;
}

/** The part explained in detail: its directions together allow what its verdict says. */
function storyProblems(a: SideAnswer, at: string): string[] {
  if (a.kind !== 'explained' || a.explanation.rows.length !== 1) return [];
  const ex = a.explanation;
  const story = ex.directions.reduce((acc, d) => acc.intersect(d.allowed), ex.query.ports);
  return story.equals(ex.rows[0].allowed) ? [] : [`${at}: directions allow ${story.key}, the verdict ${ex.rows[0].allowed.key}`];
}
