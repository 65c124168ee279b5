/**
 * What a diff pair with pods the manifests do not hold says is true of every such pod it names: for
 * random base/head clusters and a random pod P (any namespace, labels and named container ports), each
 * reported pair whose abstract end P matches (its selectors, none of its exceptions) and whose other end
 * is a workload on both sides holds for P by the brute-force reference evaluator with P added: every port
 * number it opens is allowed in head, every one it closes allowed in base, and one P had on both sides
 * is among what some pods had already (`unchangedForSome`, "may have had … already" / "may keep");
 * where the pair says P's region pair got less (`narrowerForSome`, "but only … for"), that part's change
 * is asked. The converse of no-silent-pass: a line named after a rule peer or a policy subject (rule-namer.ts,
 * peer-exceptions.ts, masked-lines.ts) must not claim a port for pods it names that do not get it.
 * Port numbers P names (its container ports with a name) are not asked: a rule's port name reaches them
 * by name, which the pair tells apart (its `namedPorts`).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { deletedNamespaces, vacatedRegions } from '../../src/analysis/namespace-lifecycle.js';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { ExplainedPair } from '../../src/analysis/types.js';
import { reportAbstractGroups } from '../../src/report/abstract-groups.js';
import type { ConnectionSet } from '../../src/engine/index.js';
import { DEFAULT_MAX_BOXES, PROTOCOLS, abstractPeerMatches, buildRegions, changedNamespaces, regionFocus } from '../../src/engine/index.js';
import { loadManifests } from '../../src/manifests/load.js';
import type { IsolationCause } from '../../src/analysis/isolation-causes.js';
import type { RefCluster, RefPod, RefPolicy } from '../reference/evaluator.js';
import { egressAllows, ingressAllows, isAllowed, isIsolated, namespaceLabels, policyTypes, selectorMatches } from '../reference/evaluator.js';
import type { Scenario } from './arbitraries.js';
import { NAMESPACE_POOL, basePlusHead, containerPorts, editedScenario, podSelector, policyArb, scenarioArb } from './arbitraries.js';
import { params, runs, samplePorts, toYaml, workloadId } from './harness.js';

const extraPod: fc.Arbitrary<RefPod> = fc.record({
  namespace: fc.constantFrom(...NAMESPACE_POOL, 'ns4', 'ns9'),
  name: fc.constant('extra-p'),
  labels: fc.dictionary(fc.constantFrom('app', 'env', 'tier'), fc.constantFrom('a', 'b', 'c'), { maxKeys: 3 }),
  ports: containerPorts,
});

/** Cases with more regions than this are skipped (the diff's cost grows with their square; the property does not change). */
const MAX_REGIONS = 800;

/** Counts the port numbers asked, over every case of a run (a run that asks none proves nothing). */
let asked = 0;

/** What the diff of `base` and `head` claims of pods like P that the reference evaluator refutes (empty: every claim holds). */
function refutedClaims(base: Scenario, head: Scenario, P: RefPod): string[] {
  const [bc, hc] = [base, head].map((s) => loadManifests([{ path: 'c.yaml', text: toYaml(s) }]).cluster);
  if (buildRegions([bc, hc], DEFAULT_MAX_BOXES, changedNamespaces(bc, hc)).regions.length > MAX_REGIONS) return [];
  if (deletedNamespaces(bc, hc).has(P.namespace)) return [];
  const report = analyzeDiff([{ path: 'c.yaml', text: toYaml(base) }], [{ path: 'c.yaml', text: toYaml(head) }], { rollbackMaxEvaluations: 1 });
  if (report.abstractPeers?.incomplete) return [];
  // P with the labels of an app the change deletes with its policies is that app's pod (namespace-lifecycle.ts).
  const focus = regionFocus(bc, hc);
  const regions = buildRegions([bc, hc], DEFAULT_MAX_BOXES, focus.namespaces, focus.subjects);
  const located = regions.locate(P.namespace, P.labels);
  if (located !== undefined && vacatedRegions(regions, bc, hc).has(located)) return [];
  // The same where the manifests do not define P's namespace (locate answers for defined ones only): an
  // app deleted there with its policies takes the pods they selected for its own.
  const gone = (kind: 'pods' | 'policies') => base.cluster[kind].some((x) => x.namespace === P.namespace && !head.cluster[kind].some((y) => y.namespace === x.namespace && y.name === x.name));
  if (located === undefined && gone('pods') && gone('policies')) return [];
  const withP = (c: RefCluster): RefCluster => ({ ...c, pods: [...c.pods, P] });
  const [b, h] = [withP(base.cluster), withP(head.cluster)];
  const [nb, nh] = [namespaceLabels(b, P.namespace), namespaceLabels(h, P.namespace)];
  // A namespace relabelled by the change: which of its pods a name holds differs by side.
  if (JSON.stringify(nb) !== JSON.stringify(nh)) return [];
  const named = new Set(P.ports.filter((cp) => cp.name !== undefined).map((cp) => `${cp.protocol ?? 'TCP'}/${cp.containerPort}`));
  const pods = (s: typeof base) => new Map(s.cluster.pods.map((q, i) => [workloadId(s, i), q as RefPod]));
  const [pb, ph] = [pods(base), pods(head)];
  const ports = [...new Set([...samplePorts(b, []), ...samplePorts(h, [])])];
  const problems: string[] = [];
  const namesP = (e: ExplainedPair['src']) => e.type === 'pods' && abstractPeerMatches(e.peer, nh, P.labels) && !(e.except ?? []).some((x) => abstractPeerMatches(x, nh, P.labels));
  // Closings set apart for a namespace the change creates are claims too (in the reading where it existed, as P's does).
  for (const pair of [...report.pairs, ...(report.createdNamespaces?.pairs ?? [])]) {
    const pIsSrc = namesP(pair.src);
    const pIsDst = !pIsSrc && namesP(pair.dst);
    const other = pIsSrc ? pair.dst : pIsDst ? pair.src : undefined;
    if (!other || other.type !== 'workload') continue;
    const [qb, qh] = [pb.get(other.workload.id), ph.get(other.workload.id)];
    if (!qb || !qh) continue;
    const allowed = (c: RefCluster, q: RefPod, proto: (typeof PROTOCOLS)[number], port: number) =>
      pIsSrc ? isAllowed(c, { kind: 'pod', pod: P }, { kind: 'pod', pod: q }, proto, port) : isAllowed(c, { kind: 'pod', pod: q }, { kind: 'pod', pod: P }, proto, port);
    const masked = pair.unchangedForSome;
    // A merged line says which of its region pairs got less than its change (narrowerForSome, "but only …
    // for"): where P's is one of them, P's claim is that part's.
    const part = pair.narrowerForSome?.find((n) =>
      n.pairs.some((q) => {
        const [pe, oe] = pIsSrc ? [q.src, q.dst] : [q.dst, q.src];
        return namesP(pe) && oe.type === 'workload' && oe.workload.id === other.workload.id;
      }),
    );
    const ask = (set: ConnectionSet | null, which: 'opened' | 'closed') => {
      if (!set) return;
      for (const proto of PROTOCOLS) {
        for (const port of ports) {
          if (!set.ports(proto).has(port) || named.has(`${proto}/${port}`)) continue;
          asked++;
          const [wb, wh] = [allowed(b, qb, proto, port), allowed(h, qh, proto, port)];
          const id = `${pair.src.type === 'pods' ? pair.src.peer.id : other.workload.id} => ${pair.dst.type === 'pods' ? pair.dst.peer.id : other.workload.id}`;
          if (which === 'opened' && !wh) problems.push(`${id} opens ${proto}/${port}; head does not allow it for P`);
          if (which === 'closed' && !wb) problems.push(`${id} closes ${proto}/${port}; base did not allow it for P`);
          if (wb && wh && !masked?.ports(proto).has(port)) problems.push(`${id} ${which} ${proto}/${port}; P had it on both sides and the pair does not say some pods had it`);
        }
      }
    };
    ask(part ? (part.opened?.conn ?? null) : pair.opened, 'opened');
    ask(part ? (part.closed?.conn ?? null) : pair.closed, 'closed');
  }
  // The text's lines (report/abstract-groups.ts), their lists of ends as printed: folded where an end holds
  // another or an end's exceptions are other ends of the list (covered-ends.ts), workloads named as held
  // today. Each pods end that names P claims the line's ports for P with each workload on the line's other side
  // (that head allows them, or base did), and one P had on both sides is among what the line's hedge says some
  // pods had already ("may have had … already", "may keep": its `unchangedForSome`), lines read through wider
  // regions too (abstract-pairs.ts widerRegionPairs).
  for (const change of ['opened', 'closed'] as const) {
    for (const g of reportAbstractGroups(report, change)) {
      if (g.narrowerForSome?.length) continue;
      for (const [mine, theirs, pIsDst] of [[g.subjects, g.others, g.direction === 'ingress'], [g.others, g.subjects, g.direction !== 'ingress']] as const) {
        if (!mine.some(namesP)) continue;
        for (const other of theirs) {
          if (other.type !== 'workload') continue;
          const [qb, qh] = [pb.get(other.workload.id), ph.get(other.workload.id)];
          if (!qb || !qh) continue;
          for (const proto of PROTOCOLS) {
            for (const port of ports) {
              if (!g.conn.conn.ports(proto).has(port) || named.has(`${proto}/${port}`)) continue;
              linesAsked++;
              const at = (c: RefCluster, q: RefPod) => (pIsDst ? isAllowed(c, { kind: 'pod', pod: q }, { kind: 'pod', pod: P }, proto, port) : isAllowed(c, { kind: 'pod', pod: P }, { kind: 'pod', pod: q }, proto, port));
              const [wb, wh] = [at(b, qb), at(h, qh)];
              const id = `line ${mine.map((e) => (e.type === 'pods' ? e.peer.id : e.type)).join(', ')} ${change} with ${other.workload.id}`;
              if (change === 'opened' && !wh) problems.push(`${id}: ${proto}/${port}; head does not allow it for P`);
              if (change === 'closed' && !wb) problems.push(`${id}: ${proto}/${port}; base did not allow it for P`);
              if (wb && wh && !g.unchangedForSome?.ports(proto).has(port)) problems.push(`${id}: ${proto}/${port}; P had it on both sides and the line does not say some pods had it`);
            }
          }
        }
      }
    }
  }
  problems.push(...refutedCauses(report.isolationCauses ?? [], b, h, P, [...ph.values()], ports, nh));
  return problems;
}

/** Counts the port numbers asked of the text's lines (their ends as printed), over every case of a run. */
let linesAsked = 0;

/** Counts the causes asked about P, over every case of a run (a run that asks none proves nothing of them). */
let causesAsked = 0;
/** Of them, causes of several policies at once, and rules given to pods others isolate (opened isolatedByOthers). */
let multiAsked = 0;
let givenAsked = 0;

/**
 * What an isolation cause's sentence (report/cause-text.ts) says of P when P is among the pods it names (the
 * pods every one of its policies selects, kept by its brackets), that the reference refutes. A lapse ("opens
 * S (pods no other policy isolates for ingress) to every source on any port that source's egress allows: NetworkPolicy
 * a/b removed"): each policy isolated P that way in base, it is removed (no longer isolates that way, no
 * longer selects P) in head, and head's P admits every workload on every port asked (egress: may reach it).
 * A start ("closes S (pods no other policy isolated for ingress in base) to every source but those head's
 * policies admit: … added"): each policy isolates P in head and did not in base (absent, another policyTypes
 * or selector), and base's P admitted every workload. Rules no longer given ("closes S (still isolated for
 * ingress by other policies) on TCP 9501 to the sources their rules admitted there …", a removed policy's
 * too): each policy isolated P in base and does not
 * in head (as its change says), and every port of the sentence is one their rules in that direction named
 * (a port name by the number P's container port of that name has, for ingress; some pod's, for egress).
 * Rules now given ("opens S (already isolated for ingress in base by other policies) to every
 * source on TCP 9502"): each policy isolates P in head and did not in base, as its change says, every port
 * is one their head rules name, and with "to every source" head's P admits every workload on those ports.
 */
function refutedCauses(causes: readonly IsolationCause[], b: RefCluster, h: RefCluster, P: RefPod, workloads: readonly RefPod[], ports: readonly number[], nh: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const c of causes) {
    if (c.namespaceIsolation) {
      problems.push(...refutedNamespaceIsolation(c, b, h, P, workloads, ports));
      continue;
    }
    if (!abstractPeerMatches(c.subject, nh, P.labels)) continue;
    const dir = c.direction === 'ingress' ? 'Ingress' : 'Egress';
    const find = (x: RefCluster, id: string) => x.policies.find((q) => `${q.namespace}/${q.name}` === id);
    const isolates = (q: RefPolicy | undefined) => q !== undefined && q.namespace === P.namespace && selectorMatches(q.spec.podSelector ?? {}, P.labels) && policyTypes(q).includes(dir);
    const sides = c.policies.map((x) => ({ ...x, pb: find(b, x.policy), ph: find(h, x.policy) }));
    const said = `${c.key} (${c.policies.map((x) => x.how).join(', ')}) of P`;
    // The side without the policy's isolation: absent, without the direction, or not selecting P.
    const howHolds = (how: string, other: RefPolicy | undefined) =>
      how === 'removed' || how === 'added' ? other === undefined
      : how === 'policy-types' ? other !== undefined && !policyTypes(other).includes(dir)
      : other !== undefined && !selectorMatches(other.spec.podSelector ?? {}, P.labels);
    // Every workload on every port asked: admitted by P's ingress (P may reach it).
    const allPorts = (x: RefCluster, on: (proto: (typeof PROTOCOLS)[number], port: number) => boolean) =>
      workloads.every((q) => PROTOCOLS.every((proto) => ports.every((port) => !on(proto, port) || (dir === 'Ingress' ? ingressAllows(x, { kind: 'pod', pod: q }, P, proto, port) : egressAllows(x, P, { kind: 'pod', pod: q }, proto, port)))));
    const open = (x: RefCluster) => allPorts(x, () => true);
    // A port name a rule gives reaches the number the destination's container port of that name has: for
    // ingress P's own (the sentence's numbers are said of P), for egress some pod's the manifests hold (or P's).
    const numbersName = (name: string, proto: (typeof PROTOCOLS)[number], port: number) =>
      (dir === 'Ingress' ? [P] : [...b.pods, ...h.pods]).some((q) => q.ports.some((cp) => cp.name === name && (cp.protocol ?? 'TCP') === proto && cp.containerPort === port));
    // Every port of the sentence is one the policies' rules that way name (on `side`), a port name as it resolves.
    const namedByRules = (side: 'pb' | 'ph') => {
      for (const proto of PROTOCOLS) {
        for (const port of ports) {
          if (!c.conn.conn.ports(proto).has(port)) continue;
          const rules = sides.flatMap((x) => (dir === 'Ingress' ? x[side]?.spec.ingress : x[side]?.spec.egress) ?? []);
          const named = rules.some((r) => !r.ports?.length || r.ports.some((e) => (e.protocol ?? 'TCP') === proto && (e.port === undefined || (typeof e.port === 'number' ? port >= e.port && port <= (e.endPort ?? e.port) : numbersName(e.port, proto, port)))));
          if (!named) problems.push(`${said}: ${c.change} ${proto}/${port}, which no rule of its policies names`);
        }
      }
    };
    const counted = () => {
      causesAsked++;
      if (c.policies.length > 1) multiAsked++;
      if (c.isolatedByOthers && c.change === 'opened') givenAsked++;
    };
    if (c.isolatedByOthers && c.change === 'closed') {
      // "(still isolated … by other policies)"; a removed policy isolates nothing in head.
      if (!isIsolated(h, P, dir) || sides.some((x) => isolates(x.ph))) continue;
      counted();
      for (const x of sides) {
        if (!isolates(x.pb)) problems.push(`${said}: ${x.policy} did not isolate P in base`);
        if (!howHolds(x.how, x.ph)) problems.push(`${said}: the change of ${x.policy} is not ${x.how}`);
      }
      namedByRules('pb');
    } else if (c.isolatedByOthers) {
      // "(already isolated … in base by other policies)".
      if (!isIsolated(b, P, dir) || sides.some((x) => isolates(x.pb))) continue;
      counted();
      for (const x of sides) {
        if (!isolates(x.ph)) problems.push(`${said}: ${x.policy} does not isolate P in head`);
        if (!howHolds(x.how, x.pb)) problems.push(`${said}: the change of ${x.policy} is not ${x.how}`);
      }
      namedByRules('ph');
      if (c.everyPeer && !allPorts(h, (proto, port) => c.conn.conn.ports(proto).has(port))) problems.push(`${said}: head's P does not admit (reach) every workload on the ports said`);
    } else if (c.change === 'opened') {
      if (isIsolated(h, P, dir)) continue;
      counted();
      for (const x of sides) {
        if (!isolates(x.pb)) problems.push(`${said}: ${x.policy} did not isolate P in base`);
        if (!howHolds(x.how, x.ph)) problems.push(`${said}: the change of ${x.policy} is not ${x.how}`);
      }
      if (!open(h)) problems.push(`${said}: head's P does not admit (reach) every workload on every port`);
    } else {
      if (isIsolated(b, P, dir)) continue;
      counted();
      for (const x of sides) {
        if (!isolates(x.ph)) problems.push(`${said}: ${x.policy} does not isolate P in head`);
        if (!howHolds(x.how, x.pb)) problems.push(`${said}: the change of ${x.policy} is not ${x.how}`);
      }
      if (!open(b)) problems.push(`${said}: base's P did not admit (reach) every workload on every port`);
    }
  }
  return problems;
}

/** Counts the namespace starts and lapses asked about P (IsolationCause.namespaceIsolation), over every case of a run. */
const namespaceIsolationsAsked = { opened: 0, closed: 0 };

/**
 * What a namespace's start (lapse) sentence (report/namespace-isolation-text.ts: "starts ingress isolation in
 * ns1 with 3 new NetworkPolicies: no policy isolated its pods for ingress in base; a pod they select now admits
 * only what the rules of those selecting it admit: S1 from … on … (…), …") says of P when P is a pod of the
 * namespace one of its policies selects that way on their side (head's for a start, base's for a lapse): no
 * policy of the namespace isolates that way on the other side (so there P admitted, or might reach, every
 * workload on every port asked); each policy is new (removed), or gained (lost) the direction in its
 * policyTypes, as its change says; every policy isolating P that way on their side is listed; and what P admits
 * (may reach) there is what it would with only the listed policies: no other policy decides it.
 */
function refutedNamespaceIsolation(c: IsolationCause, b: RefCluster, h: RefCluster, P: RefPod, workloads: readonly RefPod[], ports: readonly number[]): string[] {
  const s = c.namespaceIsolation!;
  const dir = s.direction === 'ingress' ? 'Ingress' : 'Egress';
  const [by, other, sides] = s.change === 'closed' ? [h, b, ['head', 'base']] : [b, h, ['base', 'head']];
  const isolating = (x: RefCluster) => x.policies.filter((q) => q.namespace === s.namespace && policyTypes(q).includes(dir));
  const mine = isolating(by).filter((q) => selectorMatches(q.spec.podSelector ?? {}, P.labels));
  if (P.namespace !== s.namespace || mine.length === 0) return [];
  namespaceIsolationsAsked[s.change]++;
  const said = `${c.key} of P`;
  const problems: string[] = [];
  const listed = new Set(c.policies.map((x) => x.policy));
  const id = (q: RefPolicy) => `${q.namespace}/${q.name}`;
  for (const q of isolating(other)) problems.push(`${said}: ${id(q)} isolates ${s.namespace}'s pods for ${s.direction} in ${sides[1]}`);
  for (const q of mine) if (!listed.has(id(q))) problems.push(`${said}: ${id(q)} isolates P in ${sides[0]} and is not listed`);
  for (const x of c.policies) {
    const there = other.policies.find((q) => id(q) === x.policy);
    const holds = x.how === 'added' || x.how === 'removed' ? there === undefined : x.how === 'policy-types' && there !== undefined && !policyTypes(there).includes(dir);
    if (!holds) problems.push(`${said}: the change of ${x.policy} is not ${x.how}`);
  }
  const only: RefCluster = { ...by, policies: by.policies.filter((q) => q.namespace !== s.namespace || listed.has(id(q))) };
  const allows = (x: RefCluster, q: RefPod, proto: (typeof PROTOCOLS)[number], port: number) =>
    dir === 'Ingress' ? ingressAllows(x, { kind: 'pod', pod: q }, P, proto, port) : egressAllows(x, P, { kind: 'pod', pod: q }, proto, port);
  for (const q of workloads) {
    for (const proto of PROTOCOLS) {
      for (const port of ports) {
        if (!allows(other, q, proto, port)) problems.push(`${said}: ${sides[1]}'s P does not admit (reach) ${q.namespace}/${q.name} on ${proto}/${port}`);
        if (allows(by, q, proto, port) !== allows(only, q, proto, port)) problems.push(`${said}: a policy not listed decides ${sides[0]}'s P with ${q.namespace}/${q.name} on ${proto}/${port}`);
      }
    }
  }
  return problems;
}

const explain = (P: RefPod, problems: string[]) => `P = ${P.namespace}/${JSON.stringify(P.labels)}\n${problems.slice(0, 8).join('\n')}`;

describe('diff: what an abstract pair says holds for every pod it names', () => {
  it('NetworkPolicy', () => {
    fc.assert(
      fc.property(basePlusHead, extraPod, ([base, head], P) => {
        const problems = refutedClaims(base, head, P);
        if (problems.length > 0) throw new Error(explain(P, problems));
      }),
      // CI runs one fixed sample, so that a counterexample not yet fixed cannot fail it at random; `npm run
      // fuzz` / FUZZ_RUNS / FUZZ_SEED explore new ones (add what they find to diff-claims-found.json).
      { ...params(runs(60)), ...(process.env.FUZZ_SEED || process.env.FUZZ_RUNS ? {} : { seed: 20201203 }) },
    );
    expect(asked).toBeGreaterThan(0);
    expect(linesAsked).toBeGreaterThan(0);
    expect(causesAsked).toBeGreaterThan(0);
    if (process.env.CLAIMS_DEBUG) console.log({ causesAsked, multiAsked, givenAsked });
  });

  // Policies edited in place (another podSelector, other policyTypes) as well as removed and added: an
  // isolation cause's change may then be its selector's or its types' (editedScenario).
  it('NetworkPolicy edited in place', () => {
    const edited = scenarioArb.chain((base) => editedScenario(base).map((head) => [base, head] as [Scenario, Scenario]));
    fc.assert(
      fc.property(edited, extraPod, ([base, head], P) => {
        const problems = refutedClaims(base, head, P);
        if (problems.length > 0) throw new Error(explain(P, problems));
      }),
      { ...params(runs(60)), ...(process.env.FUZZ_SEED || process.env.FUZZ_RUNS ? {} : { seed: 20201203 }) },
    );
  });

  // Several policies of one namespace moved at once onto other pods, or dropped (longhorn/longhorn 7e5b8047e
  // moved three policies' podSelectors onto three new labels): pods two or three of them select are
  // isolated by all, or get all their rules, at once; a cause is then theirs together. Either way round.
  it('several policies moved at once', () => {
    // Mostly one label each, so that pods two or three of them select are common.
    // Half of them as longhorn's: ingress only, one rule for every source on one port.
    const mover = fc.tuple(policyArb(['ns1'], 'm'), fc.constantFrom(80, 443, 8080), fc.boolean()).map(([p, port, plain]): RefPolicy => (plain ? { ...p, spec: { podSelector: p.spec.podSelector, policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'TCP', port }] }] } } : p));
    const movedSelector = fc.oneof(fc.constantFrom<RefPolicy['spec']['podSelector']>({ matchLabels: { app: 'a' } }, { matchLabels: { tier: 'b' } }, { matchLabels: { env: 'c' } }, { matchExpressions: [{ key: 'app', operator: 'Exists' }] }), podSelector);
    const moved = fc
      .tuple(scenarioArb, fc.array(mover, { minLength: 2, maxLength: 3 }), fc.array(fc.option(movedSelector, { nil: undefined, freq: 5 }), { minLength: 3, maxLength: 3 }), policyArb(['ns1'], 'k'), fc.boolean())
      .map(([s, extra, selectors, kept, reverse]): [Scenario, Scenario] => {
        const movers = extra.map((p, i) => ({ ...p, name: `m${i}` }));
        // One policy of the namespace on both sides: pods it isolates get the moved policies' rules (or lose them).
        const withPolicies = (policies: RefPolicy[]): Scenario => ({ ...s, cluster: { ...s.cluster, policies: [...s.cluster.policies, kept, ...policies] } });
        const base = withPolicies(movers);
        const head = withPolicies(movers.flatMap((p, i) => (selectors[i] === undefined ? [] : [{ ...p, spec: { ...p.spec, podSelector: selectors[i] } }])));
        return reverse ? [head, base] : [base, head];
      });
    const before = { multiAsked, givenAsked };
    // P mostly in the namespace of the moved policies.
    const pod = fc.oneof(extraPod.map((p) => ({ ...p, namespace: 'ns1' })), extraPod);
    fc.assert(
      fc.property(moved, pod, ([base, head], P) => {
        const problems = refutedClaims(base, head, P);
        if (problems.length > 0) throw new Error(explain(P, problems));
      }),
      { ...params(runs(60)), ...(process.env.FUZZ_SEED || process.env.FUZZ_RUNS ? {} : { seed: 20201203 }) },
    );
    if (process.env.CLAIMS_DEBUG) console.log({ causesAsked, multiAsked, givenAsked });
    expect(multiAsked).toBeGreaterThan(before.multiAsked);
    expect(givenAsked).toBeGreaterThan(before.givenAsked);
  });

  // A namespace no policy isolated starting isolation under several new policies at once (kubeflow/manifests
  // 956fa1f1b deployed 17 into kubeflow): each label combination of their selectors is isolated by another set
  // of them; the starts are one cause, told per policy (IsolationCause.namespaceIsolation). Either way round.
  it('a namespace starting (ending) isolation under several new (removed) policies', () => {
    // Mostly one label each (or every pod, as kubeflow's default-allow-same-namespace), so that pods several of
    // them select are common; half of them as kubeflow's: one rule for every source on one port.
    const one = fc.constantFrom<RefPolicy['spec']['podSelector']>({}, { matchLabels: { app: 'a' } }, { matchLabels: { tier: 'b' } }, { matchLabels: { env: 'c' } }, { matchExpressions: [{ key: 'app', operator: 'Exists' }] });
    const added = fc
      .tuple(policyArb(['ns1'], 'n'), fc.option(one, { nil: undefined, freq: 4 }), fc.constantFrom(80, 443, 8080), fc.boolean())
      .map(([p, selector, port, plain]): RefPolicy => {
        const spec = selector === undefined ? p.spec : { ...p.spec, podSelector: selector };
        return { ...p, spec: plain ? { podSelector: spec.podSelector, policyTypes: ['Ingress'], ingress: [{ ports: [{ protocol: 'TCP', port }] }] } : spec };
      });
    const started = fc.tuple(scenarioArb, fc.array(added, { minLength: 2, maxLength: 4 }), fc.boolean()).map(([s, extra, reverse]): [Scenario, Scenario] => {
      const base: Scenario = { ...s, cluster: { ...s.cluster, policies: s.cluster.policies.filter((p) => p.namespace !== 'ns1') } };
      const head: Scenario = { ...base, cluster: { ...base.cluster, policies: [...base.cluster.policies, ...extra.map((p, i) => ({ ...p, name: `n${i}` }))] } };
      return reverse ? [head, base] : [base, head];
    });
    const before = { ...namespaceIsolationsAsked };
    // P mostly in the namespace of the new (removed) policies.
    const pod = fc.oneof({ arbitrary: extraPod.map((p) => ({ ...p, namespace: 'ns1' })), weight: 4 }, { arbitrary: extraPod, weight: 1 });
    fc.assert(
      fc.property(started, pod, ([base, head], P) => {
        const problems = refutedClaims(base, head, P);
        if (problems.length > 0) throw new Error(explain(P, problems));
      }),
      { ...params(runs(120)), ...(process.env.FUZZ_SEED || process.env.FUZZ_RUNS ? {} : { seed: 20201203 }) },
    );
    if (process.env.CLAIMS_DEBUG) console.log({ namespaceIsolationsAsked });
    expect(namespaceIsolationsAsked.closed).toBeGreaterThan(before.closed);
    expect(namespaceIsolationsAsked.opened).toBeGreaterThan(before.opened);
  });

  // Counterexamples fast-check found (shrunk), kept as cases: a name holding regions it does not take out
  // (a union of boxes needing more than four exceptions; a subject line over a region a workload represents
  // whose change differs; a namespace-selector name whose namespace part splits the other namespaces' cut).
  const found = JSON.parse(readFileSync(new URL('./fixtures/diff-claims-found.json', import.meta.url), 'utf8')) as { name: string; base: Scenario; head: Scenario; pod: RefPod }[];
  it.each(found.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const problems = refutedClaims(c.base, c.head, c.pod);
    expect(problems).toEqual([]);
  });
});
