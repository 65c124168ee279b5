/**
 * Allowed connections of a cluster. A pod-to-pod connection needs both the source's egress and the
 * destination's ingress to allow it; each direction is decided tier by tier (tier-verdict.ts). A
 * direction that nothing selects allows everything. Pairs are never materialised: a pair's set is its
 * source's egress row ∩ its destination's ingress row (pair-table.ts), and classes with the same rules
 * share a row, so the work grows with the distinct rules' peer lists, not with the square of the workloads.
 */
import { ConnectionSet } from './connection-set.js';
import type { CompiledPolicies, CompiledRule } from './compile.js';
import { compilePolicies, isCaptured, isNamedPort } from './compile.js';
import type { EngineDiagnostic } from './diagnostics.js';
import { directionRows } from './direction-rows.js';
import { ingressControllerReach } from './ingress-controller.js';
import { PairTable } from './pair-table.js';
import type { Cluster, Direction, IngressBackend, NetworkPolicy, PortSpec } from './model.js';
import { scopedCopies } from './cluster-scope.js';
import { publicPolicyId, scopedPolicyId } from './policy-terms.js';
import type { ClassIndex, PodClass } from './peer-classes.js';
import { classIndexFor } from './class-index-reuse.js';
import type { RegionSet } from './regions.js';
import type { Contribution, Piecewise } from './piecewise.js';
import { ALL_ALLOWED, combine } from './piecewise.js';
import { ambiguityDiagnostics } from './tier-ambiguity.js';
import { addressRulesOf, tieredExternal } from './tier-external.js';
import type { CompiledTiers } from './tiers.js';
import { compileTiers } from './tiers.js';

export interface Connectivity {
  readonly cluster: Cluster;
  /**
   * The NetworkPolicy-tier parts evaluated: `cluster.policies`, then the copies of its cluster-scoped parts in
   * the index's other namespaces (cluster-scope.ts `scopedCopies`); the very `cluster.policies` when there are
   * none. Look a rule's policy up here (`policyById(conn, id)`), not in `cluster`.
   */
  readonly policies: readonly NetworkPolicy[];
  readonly index: ClassIndex;
  readonly compiled: CompiledPolicies;
  readonly tiers: CompiledTiers;
  /** Per direction and class: what it allows toward a pod peer that no narrower rule names. */
  readonly defaults: Readonly<Record<Direction, readonly ConnectionSet[]>>;
  /**
   * Pod-class pairs: each computed from the two classes' rows when asked (`pairs.conn(src, dst)`); iterating
   * gives those whose set differs from `egress default ∩ ingress default`, keyed `src * classCount + dst`.
   */
  readonly pairs: PairTable;
  /** Per class: addresses outside the cluster that may reach it (ingress) or that it may reach (egress). */
  readonly external: Readonly<Record<Direction, readonly Piecewise[]>>;
  /** Per class: what the ingress controller may open toward it (NONE when no Ingress leads there). */
  readonly ingressController: readonly ConnectionSet[];
  /** Per class: what the Ingress → Service → target port chain leads to, before the class's ingress policies. */
  readonly ingressRoutes: readonly ConnectionSet[];
  /** Per class: the Ingress backends whose Service selects it (what `ingressController` follows). */
  readonly ingressBackends: readonly (readonly IngressBackend[])[];
  readonly diagnostics: readonly EngineDiagnostic[];
}

/**
 * `regions`: label-space regions (regions.ts) to evaluate beside the workloads' classes, as classes
 * without workloads; pass the same set to both sides of a diff.
 */
export function computeConnectivity(cluster: Cluster, regions?: RegionSet): Connectivity {
  // Base and head (and rollback candidates) often share every workload: their index is built once.
  const index = classIndexFor(cluster.namespaces, cluster.workloads, regions);
  const copies = scopedCopies(cluster, index);
  const policies = copies.length === 0 ? cluster.policies : [...cluster.policies, ...copies];
  const compiled = compilePolicies(index, cluster.policies, copies);
  const tiers = compileTiers(index, cluster.clusterPolicies ?? [], cluster.podNetwork);
  const n = index.classes.length;
  const egressRows = directionRows(index, compiled, tiers, 'egress');
  const ingressRows = directionRows(index, compiled, tiers, 'ingress');
  const pairs = new PairTable(n, egressRows, ingressRows);
  const defaults = { ingress: ingressRows.map((r) => r.default), egress: egressRows.map((r) => r.default) };
  const external = {
    ingress: index.classes.map((c) => externalReach(compiled, tiers, 'ingress', c)),
    egress: index.classes.map((c) => externalReach(compiled, tiers, 'egress', c)),
  };
  const diagnostics: EngineDiagnostic[] = [...tiers.diagnostics, ...ambiguityDiagnostics(tiers)];
  // The ingress controller is an arbitrary in-cluster pod: it gets what each class admits from any pod.
  const ingress = ingressControllerReach(cluster, index, (cls) => defaults.ingress[cls.index], diagnostics);
  diagnostics.push(...namedPortDiagnostics(compiled, index.classes));
  return { cluster, policies, index, compiled, tiers, defaults, pairs, external, ingressController: ingress.reach, ingressRoutes: ingress.routes, ingressBackends: ingress.backends, diagnostics };
}

/** The connections allowed from class `src` to class `dst`. */
export function classConn(conn: Connectivity, src: number, dst: number): ConnectionSet {
  return conn.pairs.conn(src, dst);
}

/** `classConn` where an end may be absent from this side (class -1: a workload or region the side lacks): nothing then. */
export function sideConn(conn: Connectivity, src: number, dst: number): ConnectionSet {
  return src < 0 || dst < 0 ? ConnectionSet.NONE : conn.pairs.conn(src, dst);
}

/** Nothing selects the class in this direction: it allows everything, to and from anything. */
export function isFree(conn: Connectivity, direction: Direction, cls: number): boolean {
  return !isCaptured(conn.compiled, direction, cls) && conn.tiers.rulesOf.Admin[direction][cls].length === 0 && conn.tiers.rulesOf.Baseline[direction][cls].length === 0;
}

const piecewiseCache = new WeakMap<CompiledPolicies, Map<string, Piecewise>>();

/** Traffic outside the cluster needs only the pod's own side: its ingress for sources, its egress for destinations. */
function externalReach(compiled: CompiledPolicies, tiers: CompiledTiers, direction: Direction, cls: PodClass): Piecewise {
  const tier = addressRulesOf(tiers, direction, cls);
  const captured = isCaptured(compiled, direction, cls.index);
  if (!captured && tier.rules.length === 0) return ALL_ALLOWED;
  const np = captured ? networkPolicyPieces(compiled, direction, cls) : 'notCaptured';
  return tier.rules.length === 0 ? (np as Piecewise) : tieredExternal(tiers, np, tier, direction, cls);
}

/** The NetworkPolicy tier toward addresses: the union of the class's rules' ipBlocks, each with its ports. */
function networkPolicyPieces(compiled: CompiledPolicies, direction: Direction, cls: PodClass): Piecewise {
  const rules = compiled.rulesOf[direction][cls.index];
  // Most classes' rules name no address: their key is `np` alone, with no list and no key parts built (every
  // class, both directions, base, head and each rollback candidate).
  let contributions: Contribution[] | undefined;
  let key = 'np';
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (rule.peerAddresses.isEmpty()) continue;
    const conn = rule.conns(direction === 'ingress' ? cls : null);
    (contributions ??= []).push({ addresses: rule.peerAddresses, conn });
    key += `;${rule.id}:${conn.key}`;
  }
  let cache = piecewiseCache.get(compiled);
  if (!cache) piecewiseCache.set(compiled, (cache = new Map()));
  let pieces = cache.get(key);
  if (!pieces) {
    pieces = combine(contributions ?? []);
    cache.set(key, pieces);
  }
  return pieces;
}

/**
 * Named-port diagnostics per rule, worked out at the end of the computation that compiled the rule:
 * a rule compiled over the same index before (compile.ts) gives the same ones, as its destinations are
 * the same, while later calls of `conns` (explanations) may have resolved names on other destinations.
 */
const namedPortDiagnosticsOf = new WeakMap<CompiledRule, readonly EngineDiagnostic[]>();

function namedPortDiagnostics(compiled: CompiledPolicies, classes: readonly PodClass[]): EngineDiagnostic[] {
  const out: EngineDiagnostic[] = [];
  const seen = new Set<CompiledRule>();
  // Classes under the same rules share one list: each list is walked once.
  const lists = new Set<readonly CompiledRule[]>();
  for (const perClass of [compiled.rulesOf.ingress, compiled.rulesOf.egress]) {
    for (const list of perClass) {
      if (lists.has(list)) continue;
      lists.add(list);
      for (const rule of list) if (rule.hasNamedPorts) seen.add(rule);
    }
  }
  // A clusterwide part's copies in the parts of the namespaces the manifests do not hold say the same of one rule: once.
  const said = new Set<string>();
  for (const rule of seen) {
    let own = namedPortDiagnosticsOf.get(rule);
    if (!own) namedPortDiagnosticsOf.set(rule, (own = ruleNamedPortDiagnostics(rule, classes, compiled.subjectsOf.get(rule.policy.id) ?? [])));
    for (const d of own) {
      const key = `${d.code}\0${d.ref.file}\0${d.ref.line}\0${d.message}`;
      if (said.has(key)) continue;
      said.add(key);
      // Copies: a report may hold the diagnostics of several computations.
      out.push({ ...d });
    }
  }
  return out;
}

/**
 * A rule with named ports: those no destination defines, and those toward ipBlocks. Classes of regions
 * (peer-classes.ts `withRegions`), whose pods' container ports are unknown, are not something to resolve
 * against: only workloads count, so a diagnostic does not depend on which regions a diff cut. `subjects`:
 * the classes the rule's policy selects.
 */
function ruleNamedPortDiagnostics(rule: CompiledRule, classes: readonly PodClass[], subjects: readonly number[]): EngineDiagnostic[] {
  const out: EngineDiagnostic[] = [];
  if (rule.rule.ports === 'any') return out;
  const named = rule.rule.ports.filter(isNamedPort);
  if (named.length > 0 && rule.direction === 'egress' && !rule.peerAddresses.isEmpty() && rule.rule.peers !== 'any') {
    out.push({
      code: 'NAMED_PORT_TO_IPBLOCK',
      // Said of the rule as written, whichever namespace a clusterwide part is copied into: named as the policy, once per rule.
      message: `${scopedPolicyId(rule.policy.id)}: named port "${String(named[0].port)}" can never match traffic to an ipBlock (addresses have no container ports)`,
      ref: named[0].ref,
    });
  }
  // Named ports resolve on the destination: the peers for egress, the selected pods themselves for ingress
  // (also toward ipBlock sources). A rule that picks no peer at all has nothing to resolve against.
  const real = (cs: readonly number[]) => cs.some((c) => !classes[c].region);
  const picksPeer = real(rule.peerClasses) || (rule.direction === 'ingress' && !rule.peerAddresses.isEmpty());
  // An ingress rule's names resolve on its policy's pods, whichever sources it admits: one admitting only
  // pods the manifests do not hold (a namespace deployed elsewhere) still allows nothing to a workload
  // that lacks the name, so its names are looked up on those workloads directly.
  const onSubjects = !picksPeer && rule.direction === 'ingress';
  // The rule acts only for the pods its policy selects: without a workload among them it resolves nothing here.
  if (!(picksPeer || onSubjects) || !real(subjects)) return out;
  const definedOnSubject = (spec: PortSpec) => subjects.some((s) => !classes[s].region && classes[s].namedPorts.some((np) => np.name === spec.port && np.protocol === spec.protocol));
  for (const spec of named) {
    if (onSubjects ? definedOnSubject(spec) : rule.resolvedNames.has(spec.port as string)) continue;
    out.push({
      code: 'UNKNOWN_NAMED_PORT',
      message: `${publicPolicyId(rule.policy.id)}: named port "${spec.port}" (${spec.protocol}) is not defined by any destination pod of this ${rule.direction} rule that the manifests hold, so it allows nothing to them (a pod created later that declares it would be reached: diff reports that path with the port by name)`,
      ref: spec.ref,
      policy: publicPolicyId(rule.policy.id),
      detail: `${rule.direction}:${spec.port}/${spec.protocol}`,
    });
  }
  return out;
}
