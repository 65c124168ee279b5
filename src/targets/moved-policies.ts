/**
 * Targets folded by where their policies went, for the targets only one side has that their files did not
 * pair (renamed-targets.ts). Git's rename detection and identical texts are weak signals: a move that
 * also edits every file (annotations added, YAML reformatted, a policy rewritten under a new file name)
 * shares no text with what it moved. What the move keeps is the objects.
 *
 * The rule, for a target head removes (for a target head adds, the same with the sides swapped): it is
 * folded into the one target of its cluster that now applies its policies, when
 * - each policy object it applied in base (`Kind/namespace/name`, as rendered) is either applied in head by
 *   a target of its cluster that did not apply it in base (it moved there, edits allowed; an AdminNetworkPolicy
 *   or BaselineAdminNetworkPolicy also as the ClusterNetworkPolicy of its name, its successor), or, under
 *   another name, is a policy new in head with the very same spec (renamed, see policy-identities.ts), or
 *   is applied by no target of its cluster in head (it is gone);
 * - the same for its workloads (`Deployment/namespace/name` …), a rename aside: a target without policies
 *   whose workloads moved, its files edited on the way, is the same deployment (real-eval 10, C-a: longhorn
 *   84ca7c43 moved plain files into one kustomization each, adding a Secret to one, read as 3 paths opened);
 * - at least one moved, and every moved one moved to the same target;
 * - none is applied in head by a target that also applied it in base (another deployment of the same
 *   object: the two targets are not one, and nothing is folded); for an alternative bundle, the bundles the
 *   change keeps do not count: they define its objects by construction, and one of them is applied, never
 *   two (network-policy-api 16009d7: the user stories' BaselineAdminNetworkPolicy `default`, which three demo
 *   bundles define too, kept that folder from being folded into the plain manifests it had joined).
 * A policy that is gone stays in the folded model's base and not in its head, so the paths its removal
 * opens are reported, with a rollback that restores it. A target whose policies are all gone (really
 * removed) is not folded and is compared on its own, as before.
 *
 * Many to many: targets only one side has whose objects moved among themselves (several merged into one,
 * one split into several) are one group, compared as one cluster, the union of base's against the union
 * of head's; there a target both sides have applying the same objects before and after is another
 * deployment of them and does not keep the group apart (foldsByPolicies).
 */
import type { ManifestFile } from '../manifests/load.js';
import type { ClusterModel } from './analyze-targets.js';
import type { PolicyIdentities } from './policy-identities.js';
import { WORKLOAD_IDENTITY, policyIdentities } from './policy-identities.js';
import type { TargetSpec } from './types.js';
import { allInOrder } from '../util/all-in-order.js';

/** The files of targets on one side, as `diff` analyses them (analyze-targets.ts's unit files). */
export type ReadSide = (specs: readonly TargetSpec[], side: 'base' | 'head') => Promise<readonly ManifestFile[]>;

/** A model's policies on each side; absent: the model has no targets on that side. */
export interface PolicySides {
  readonly base?: PolicyIdentities;
  readonly head?: PolicyIdentities;
}

type Side = 'base' | 'head';

/** Where a lone model's objects went, and which: `policies` when it applied any, else `workloads`. */
export interface ObjectFold {
  readonly target: ClusterModel;
  readonly by: 'policies' | 'workloads';
}

/**
 * Lone models of both sides whose objects moved among themselves: base's `olds` became head's `news`
 * (several merged into one, one split into several, or one renamed), compared as one cluster.
 */
export interface ObjectGroup {
  readonly olds: readonly ClusterModel[];
  readonly news: readonly ClusterModel[];
  /** What base's targets moved (the fold note says it of them): `policies` when one of them applied any. */
  readonly by: ObjectFold['by'];
}

/** What foldsByPolicies finds: lone models joining a model both sides have, and groups of lone models. */
export interface ObjectFolds {
  readonly into: Map<ClusterModel, ObjectFold>;
  readonly groups: readonly ObjectGroup[];
}

/**
 * The lone models folded by their policies (or, without any, their workloads). `gone`: base-only models;
 * `fresh`: head-only models.
 * - Groups: a lone model whose moved objects all went to lone models of the other side is one deployment
 *   with them; the lone models so linked, transitively, are one group, whatever their number on each
 *   side (base's `team-a`, `team-b`, `team-c` merged into head's `teams`, or the split back). A model both
 *   sides have that applies the same objects on both sides is another deployment of them: it neither
 *   links nor keeps a merge or a split apart (real-eval 30: anthos-config-management-samples c66969b
 *   folded three tenant kustomizations into one, while `automated-rendering` deployed all of them before
 *   and after). A pair (one to one) with such another deployment is no group: counterpart-targets.ts
 *   compares the two and says which objects the other target shares.
 * - Into: a lone model in no group whose objects moved to one model both sides have (movedTo) joins it.
 */
export async function foldsByPolicies(models: readonly ClusterModel[], gone: readonly ClusterModel[], fresh: readonly ClusterModel[], read: ReadSide): Promise<ObjectFolds> {
  const into = new Map<ClusterModel, ObjectFold>();
  if (gone.length === 0 && fresh.length === 0) return { into, groups: [] };
  const known = new Map<ClusterModel, Promise<PolicySides>>();
  const sidesOf = (m: ClusterModel) => known.get(m) ?? known.set(m, policySides(m, read)).get(m)!;
  const kept = new Set(models.filter((m) => m.base.length > 0 && m.head.length > 0));
  const lone = [...gone.map((m) => [m, 'base'] as const), ...fresh.map((m) => [m, 'head'] as const)];
  const found = new Map<ClusterModel, { dest: Destinations<ClusterModel>; by: ObjectFold['by'] }>();
  for (const [m, side] of lone) {
    const own = await sidesOf(m);
    if (!own[side]?.size) continue;
    // A lone bundle's siblings the change keeps define its objects by construction (alternatives, one applied): no other deployment of them.
    const others = models.filter((o) => o !== m && o.cluster === m.cluster && !(isBundle(m) && isBundle(o) && kept.has(o)));
    const dest = destinations(own, side, new Map(await allInOrder(others.map(async (o) => [o, await sidesOf(o)] as const))));
    const policies = [...own[side]!.keys()].some((id) => !id.startsWith(WORKLOAD_IDENTITY));
    if (dest) found.set(m, { dest, by: policies ? 'policies' : 'workloads' });
  }
  // A pair (one to one) that another target also deploys is left to counterpart-targets.ts, which compares the two and names what the other shares.
  const pairedElsewhere = (g: { olds: readonly ClusterModel[]; news: readonly ClusterModel[] }) => g.olds.length + g.news.length === 2 && [...g.olds, ...g.news].some((m) => found.get(m)?.dest.alsoDeployed);
  const groups = objectGroups(gone, fresh, new Map([...found].map(([m, f]) => [m, f.dest.movers]))).filter((g) => !pairedElsewhere(g));
  const grouped = new Set(groups.flatMap((g) => [...g.olds, ...g.news]));
  const byOf = (ms: readonly ClusterModel[]): ObjectFold['by'] => (ms.some((m) => found.get(m)?.by === 'policies') ? 'policies' : 'workloads');
  for (const [m, { dest, by }] of found) {
    if (grouped.has(m) || dest.alsoDeployed || dest.movers.size !== 1) continue;
    const [target] = dest.movers;
    if (kept.has(target)) into.set(m, { target, by });
  }
  return { into, groups: groups.map((g) => ({ ...g, by: byOf(g.olds) })) };
}

/**
 * The groups of lone models (the rule of foldsByPolicies): `movers`, for each lone model whose objects
 * moved, the models now (for a base-only one) or before (for a head-only one) applying them. A model whose
 * movers are all lone models of the other side links to each; a model it links to joins its group even
 * when some of its own objects came from elsewhere (a target head adds from one base removed and a few
 * policies of its own). Groups in the order of their first lone model.
 */
export function objectGroups<M>(gone: readonly M[], fresh: readonly M[], movers: ReadonlyMap<M, ReadonlySet<M>>): { olds: M[]; news: M[] }[] {
  const parent = new Map<M, M>();
  const root = (m: M): M => {
    let r = m;
    while (parent.has(r)) r = parent.get(r)!;
    return r;
  };
  const sideOf = new Map<M, 'base' | 'head'>([...gone.map((m) => [m, 'base'] as const), ...fresh.map((m) => [m, 'head'] as const)]);
  const linked = new Set<M>();
  for (const [m, to] of movers) {
    const side = sideOf.get(m);
    if (!side || to.size === 0 || ![...to].every((t) => sideOf.has(t) && sideOf.get(t) !== side)) continue;
    for (const t of to) {
      linked.add(m).add(t);
      const [a, b] = [root(m), root(t)];
      if (a !== b) parent.set(b, a);
    }
  }
  const out = new Map<M, { olds: M[]; news: M[] }>();
  for (const m of [...gone, ...fresh]) {
    if (!linked.has(m)) continue;
    const r = root(m);
    const g = out.get(r) ?? out.set(r, { olds: [], news: [] }).get(r)!;
    (sideOf.get(m) === 'base' ? g.olds : g.news).push(m);
  }
  return [...out.values()];
}

/** Whether a model's targets are alternative bundles of plain manifests (alternative-bundles.ts). */
const isBundle = (m: ClusterModel): boolean => [...m.base, ...m.head].some((t) => t.alternativeTo !== undefined);

async function policySides(m: ClusterModel, read: ReadSide): Promise<PolicySides> {
  const on = async (side: Side) => (m[side].length ? policyIdentities(await read(m[side], side), true) : undefined);
  const [base, head] = await allInOrder([on('base'), on('head')]);
  return { base, head };
}

/**
 * Where the objects `lone` applies on `side` went: `movers`, the models applying one of them on the other
 * side and not on `side` (it moved there, under its identity or, renamed, its fingerprint); `alsoDeployed`,
 * whether a model applies one on both sides (another deployment of the same object). Undefined when `lone`
 * applies nothing on `side`. `others`: every other model of its cluster, with its policies.
 */
export interface Destinations<M> {
  readonly movers: ReadonlySet<M>;
  readonly alsoDeployed: boolean;
}

export function destinations<M>(lone: PolicySides, side: Side, others: ReadonlyMap<M, PolicySides>): Destinations<M> | undefined {
  const other: Side = side === 'base' ? 'head' : 'base';
  const own = lone[side];
  if (!own) return undefined;
  const movers = new Set<M>();
  let alsoDeployed = false;
  const unheld: string[] = []; // fingerprints of lone's policies no other model applies by identity on the other side
  for (const [id, print] of own) {
    let held = false;
    for (const [m, p] of others) {
      // By its identity, else (a policy migrated to network-policy-api v0.2) by its name under the successor or predecessor kind.
      const ids = p[other]?.has(id) ? [id] : acrossKinds(id, side).filter((k) => p[other]?.has(k));
      if (ids.length === 0) continue;
      held = true;
      if (ids.some((k) => p[side]?.has(k))) alsoDeployed = true;
      else movers.add(m);
    }
    // A workload is no rename of another with the same labels: only a policy's spec says what it is.
    if (!held && !id.startsWith(WORKLOAD_IDENTITY)) unheld.push(print);
  }
  for (const m of renamedTo(unheld, side, lone, others)) movers.add(m);
  return { movers, alsoDeployed };
}

/**
 * The one model the policies `lone` applies on `side` moved to (the rule above), or undefined: none
 * moved, they went to several models, or a model applies one on both sides.
 */
export function movedTo<M>(lone: PolicySides, side: Side, others: ReadonlyMap<M, PolicySides>): M | undefined {
  const d = destinations(lone, side, others);
  return d && !d.alsoDeployed && d.movers.size === 1 ? [...d.movers][0] : undefined;
}

/**
 * The identities a cluster-scoped policy of `side` may have on the other side under another kind: ClusterNetworkPolicy
 * (v1alpha2) succeeds AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1), and a migration keeps the
 * name (network-policy-api 16009d7 and 8c1c5fa moved their user stories and conformance cases so: read by kind,
 * every policy was gone, and the folder, no longer a bundle, read as a target removed). Empty for other kinds.
 */
export function acrossKinds(id: string, side: Side): string[] {
  const at = id.indexOf('/');
  const [kind, name] = [id.slice(0, at), id.slice(at + 1)];
  if (side === 'base' && (kind === 'AdminNetworkPolicy' || kind === 'BaselineAdminNetworkPolicy')) return [`ClusterNetworkPolicy/${name}`];
  if (side === 'head' && kind === 'ClusterNetworkPolicy') return [`AdminNetworkPolicy/${name}`, `BaselineAdminNetworkPolicy/${name}`];
  return [];
}

/**
 * Models that apply on the other side, under a name no model applies on `side`, a policy with one of
 * these fingerprints: each such policy stands for one of lone's (a rename without other edits).
 */
function renamedTo<M>(prints: readonly string[], side: Side, lone: PolicySides, others: ReadonlyMap<M, PolicySides>): M[] {
  if (prints.length === 0) return [];
  const other: Side = side === 'base' ? 'head' : 'base';
  const before = new Set([lone, ...others.values()].flatMap((p) => [...(p[side]?.keys() ?? [])]));
  const fresh = new Map<string, M[]>();
  for (const [m, p] of others) {
    for (const [id, print] of p[other] ?? []) if (!before.has(id)) fresh.set(print, [...(fresh.get(print) ?? []), m]);
  }
  return prints.flatMap((print) => {
    const m = fresh.get(print)?.shift();
    return m === undefined ? [] : [m];
  });
}
