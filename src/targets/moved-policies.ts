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
 * removed) or went to several targets is not folded and is compared on its own, as before.
 */
import type { ManifestFile } from '../manifests/load.js';
import type { ClusterModel } from './analyze-targets.js';
import type { PolicyIdentities } from './policy-identities.js';
import { WORKLOAD_IDENTITY, policyIdentities } from './policy-identities.js';
import type { TargetSpec } from './types.js';

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
 * The lone models folded by their policies (or, without any, their workloads): lone model → the model it
 * joins. `gone`: base-only models, each joining a model both sides have or a head-only model of `fresh`;
 * `fresh`: head-only models, each joining a model both sides have (a split). A head-only model another one
 * joins is not folded itself.
 */
export async function foldsByPolicies(models: readonly ClusterModel[], gone: readonly ClusterModel[], fresh: readonly ClusterModel[], read: ReadSide): Promise<Map<ClusterModel, ObjectFold>> {
  const out = new Map<ClusterModel, ObjectFold>();
  if (gone.length === 0 && fresh.length === 0) return out;
  const known = new Map<ClusterModel, Promise<PolicySides>>();
  const sidesOf = (m: ClusterModel) => known.get(m) ?? known.set(m, policySides(m, read)).get(m)!;
  const kept = models.filter((m) => m.base.length > 0 && m.head.length > 0);
  const fold = async (lone: ClusterModel, side: Side, candidates: readonly ClusterModel[]) => {
    const own = await sidesOf(lone);
    if (!own[side]?.size) return;
    // A lone bundle's siblings the change keeps define its objects by construction (alternatives, one applied): no other deployment of them.
    const others = models.filter((m) => m !== lone && m.cluster === lone.cluster && !(isBundle(lone) && isBundle(m) && m.base.length > 0 && m.head.length > 0));
    const target = movedTo(own, side, new Map(await Promise.all(others.map(async (m) => [m, await sidesOf(m)] as const))));
    const policies = [...own[side]!.keys()].some((id) => !id.startsWith(WORKLOAD_IDENTITY));
    if (target && candidates.includes(target)) out.set(lone, { target, by: policies ? 'policies' : 'workloads' });
  };
  for (const g of gone) await fold(g, 'base', [...kept, ...fresh]);
  const joined = new Set([...out.values()].map((f) => f.target));
  for (const f of fresh) if (!joined.has(f)) await fold(f, 'head', kept);
  return out;
}

/** Whether a model's targets are alternative bundles of plain manifests (alternative-bundles.ts). */
const isBundle = (m: ClusterModel): boolean => [...m.base, ...m.head].some((t) => t.alternativeTo !== undefined);

async function policySides(m: ClusterModel, read: ReadSide): Promise<PolicySides> {
  const on = async (side: Side) => (m[side].length ? policyIdentities(await read(m[side], side), true) : undefined);
  const [base, head] = await Promise.all([on('base'), on('head')]);
  return { base, head };
}

/**
 * The one model the policies `lone` applies on `side` moved to (the rule above), or undefined.
 * `others`: every other model of its cluster, with its policies.
 */
export function movedTo<M>(lone: PolicySides, side: Side, others: ReadonlyMap<M, PolicySides>): M | undefined {
  const other: Side = side === 'base' ? 'head' : 'base';
  const own = lone[side];
  if (!own) return undefined;
  const movers = new Set<M>();
  const unheld: string[] = []; // fingerprints of lone's policies no other model applies by identity on the other side
  for (const [id, print] of own) {
    let held = false;
    for (const [m, p] of others) {
      // By its identity, else (a policy migrated to network-policy-api v0.2) by its name under the successor or predecessor kind.
      const ids = p[other]?.has(id) ? [id] : acrossKinds(id, side).filter((k) => p[other]?.has(k));
      if (ids.length === 0) continue;
      if (ids.some((k) => p[side]?.has(k))) return undefined;
      held = true;
      movers.add(m);
    }
    // A workload is no rename of another with the same labels: only a policy's spec says what it is.
    if (!held && !id.startsWith(WORKLOAD_IDENTITY)) unheld.push(print);
  }
  for (const m of renamedTo(unheld, side, lone, others)) movers.add(m);
  return movers.size === 1 ? [...movers][0] : undefined;
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
