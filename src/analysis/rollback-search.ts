/**
 * The rollback of one diff: the smallest set of changed documents whose revert to base closes every
 * opened path, found by the engine's search with an evaluation that rebuilds head with those documents
 * reverted; then the patch and the suggestion hunks for that set.
 */
import type { AbstractPeer, Cluster, Connectivity, PairDiff, PeerRef, RegionSet, Workload } from '../engine/index.js';
import { plural } from '../util/plural.js';
import { processorMillis } from '../util/processor-time.js';
import { combinedLabelsOpening, computeConnectivity as computeWithRegions, diffConnectivity, findRollback, maybeCombinedLabels, regionSubset } from '../engine/index.js';
import type { LoadResult, ManifestDocument, ManifestFile } from '../manifests/load.js';
import { loadManifests } from '../manifests/load.js';
import { deployedFiles } from '../manifests/builds.js';
import { withPodNetwork } from '../manifests/pod-network.js';
import { documentKeys } from './document-changes.js';
import { createdNamespaceOpenings, createdNamespaces, deletedNamespaces, namespaceLifecycle, vacatedRegions } from './namespace-lifecycle.js';
import { movedDocuments } from './moved-documents.js';
import type { NamespaceRename } from './namespace-renames.js';
import { namespaceRenames, renamedInPlace } from './namespace-renames.js';
import { revertedClusters } from './rollback-clusters.js';
import { revertedOpened } from './rollback-confirm.js';
import { revertRelevance } from './rollback-relevance.js';
import { inFolder } from '../util/repo-paths.js';
import { isFluxEdit, wholeFluxTargetsNote } from './rollback-flux-targets.js';
import { representedRegions } from './represented-regions.js';
import type { RevertScope } from './rollback-scope.js';
import { viableRevert } from './rollback-reach.js';
import { replacementHunks, revertedFiles, unifiedPatch } from './patch.js';
import type { DocumentChange, ExplainedPair, Rollback } from './types.js';

export interface RollbackBounds {
  /**
   * Bounds for the exact rollback search (defaults: 512 evaluations, 3 seconds). The time is processor time
   * this process spends (util/processor-time.ts), not the wall clock: on a busy machine the search goes as
   * far, so its answer does not depend on the machine's load.
   */
  readonly rollbackMaxEvaluations?: number;
  readonly rollbackMaxMillis?: number;
  /**
   * What the pull request itself changed, when this side is one target of a repository (rollback-scope.ts):
   * only those documents are reverted. Absent: every changed document of the two sides may be.
   */
  readonly rollbackScope?: RevertScope;
  /**
   * The repository's head files, when this side is one target of it: a file the change added stays when a
   * kustomization of another target names it (rollback-relevance.ts). Absent: this side's own files.
   */
  readonly repositoryHead?: readonly Pick<ManifestFile, 'path' | 'text'>[];
}

export interface RollbackInput {
  readonly base: LoadResult;
  readonly head: LoadResult;
  readonly baseConn: Connectivity;
  /** Head's connectivity, when known: sets of documents that cannot affect some opened path are then skipped. */
  readonly headConn?: Connectivity;
  /**
   * Every pair of `diffConnectivity(baseConn, headConn, {regions})` in any order, when known (with `headConn`): a
   * revert's confirmation then diffs only the pairs it touches (rollback-confirm.ts).
   */
  readonly headDiff?: readonly PairDiff[];
  readonly headFiles: readonly ManifestFile[];
  readonly changes: readonly DocumentChange[];
  readonly pairs: readonly ExplainedPair[];
  /** Which pairs count (ignored namespaces are left out). */
  readonly keep: (p: PairDiff) => boolean;
  readonly bounds: RollbackBounds;
  /** The regions both sides were computed with (abstract peers), if any: every evaluation uses them too. */
  readonly regions?: RegionSet;
  /**
   * A reverted head's connectivity over `regions`, for the whole-cluster evaluations: a warm process's last
   * push's where it evaluated an equal cluster (reverted-side.ts). Absent: computed.
   */
  readonly reverted?: (cluster: Cluster) => Connectivity;
}

function noRollback(): Rollback {
  return { documents: [], minimality: 'proven', remainingOpened: 0, patch: '', hunks: [], notes: [] };
}

export function searchRollback(input: RollbackInput): Rollback {
  const { base, head, baseConn, headConn, headFiles, pairs, keep, bounds, regions } = input;
  const computeConnectivity = (c: Cluster) => computeWithRegions(c, regions);
  const revertedConnectivity = input.reverted ?? computeConnectivity;
  if (!pairs.some((p) => p.opened)) return noRollback();
  // A document moved to another file is reverted where it now lives, and not at all when moved unchanged (moved-documents.ts).
  const changes = movedDocuments(input.changes, base, head);
  const baseDocs = documentKeys(base.documents);
  const headDocs = documentKeys(head.documents);
  // Only documents that feed the model can change connectivity (rollback-relevance.ts), and only those the
  // pull request changed may be reverted (rollback-scope.ts); the ones the opened paths cite go first.
  const scope = bounds.rollbackScope;
  const relevance = revertRelevance(changes, base, head, bounds.repositoryHead ?? headFiles);
  // A document of no object the model reads may still hold one a Kyverno rule generates a policy for (rollback-relevance.ts `triggers`).
  const modelled = changes.filter((c) => (c.objects.length > 0 || relevance.triggers(c)) && relevance.matters(c));
  const ranked = byRelevance(scope ? modelled.filter((c) => scope.revertable(c)) : modelled, pairs);
  // A renamed namespace is one candidate, reverted whole (namespace-renames.ts): its first change stands for it.
  const renames = renameGroups(namespaceRenames(ranked.ordered, baseDocs, headDocs), ranked.ordered);
  const candidates = ranked.ordered.filter((c) => !renames.member.has(c.key) || renames.keys.has(c.key));
  const cited = ranked.ordered.slice(0, ranked.cited).filter((c) => !renames.member.has(c.key) || renames.keys.has(c.key)).length;
  const leftOut = modelled.length - ranked.ordered.length;
  // A set of candidates and the documents that do not matter which its revert needs (its build fails without them).
  const withCompanions = (chosen: ReadonlySet<string>): ReadonlySet<string> => {
    const revert = renames.whole(chosen);
    if (!reload) return revert;
    // A file the revert leaves read by nothing is deleted only where the change itself added it (rollback-scope.ts).
    const extra = relevance.companions(changes.filter((c) => revert.has(c.key))).filter((c) => c.change !== 'added' || !scope || scope.revertable(c));
    return extra.length === 0 ? revert : new Set([...revert, ...extra.map((c) => c.key)]);
  };
  /** Head with `revert` reverted to base, patched from head's merged documents (rollback-clusters.ts). */
  // Rendered sources (Kustomize) have no model of their own: their text is reverted and rendered again.
  // A plain load's cluster is its documents merged in order (manifests/load.ts): the patches start from it.
  // A revert deploys what base's builds deploy: a folder only the revert makes top-level is built by none (rendered-reload.ts).
  const baseBuilds = new Set(base.renders.map((r) => r.dir));
  // Head renders nothing where base rendered (its kustomizations deleted with the target): a revert
  // restores them, so a reverted head is loaded again, rendering what the revert brings back.
  // It deploys what base's builds deploy too (builds.ts `deployedFiles`): head renders nothing of its own.
  const reload = head.reload ?? (base.reload ? (texts: ReadonlyMap<string, string | null>, deployed?: ReadonlySet<string>) => withPodNetwork(loadManifests(deployedFiles(withTexts(headFiles, texts), deployed)), head.cluster.podNetwork).cluster : undefined);
  const whole = reload ? undefined : revertedClusters(headDocs, baseDocs, head.cluster.podNetwork, head.cluster);
  const clusterAfter = (revert: ReadonlySet<string>): Cluster =>
    whole ? whole.after(revert) : (reload?.(afterTexts(headFiles, changes.filter((c) => revert.has(c.key))), baseBuilds) ?? head.cluster);
  // The paths the report counts of a workload added in a namespace the change creates, as the report judges them
  // (abstract-pairs.ts): on head, whatever a revert does to the Namespace document or the workload's policies (a
  // revert deleting the policy that admits kube-system leaves the workload's paths open, wider).
  const created = createdNamespaces(base.cluster, head.cluster);
  const opensInCreated = createdNamespaceOpenings(created, () => headConn ?? computeConnectivity(head.cluster));
  const counts = (p: PairDiff) => keep(p) && (!abstractOfChangedWorkload(p) || opensInCreated(p));
  // Label-combination openings (engine/combined-labels.ts) are no rollback target. Which opened pairs they are
  // depends on the head: a reverted head is judged as the diff judges head, so that a revert closes every ordinary
  // opened path of base → reverted head, and opens none, whatever head's own combinations were. (Excluding head's
  // combinations by identity let a revert that leaves one open without what made it a combination pass.)
  const ordinary = (after: Connectivity): ((p: PairDiff) => boolean) => {
    if (!regions) return () => true;
    const isCombined = combinedLabelsOpening({ regions, base: baseConn, head: after, represented: representedRegions(regions, base.cluster, after.cluster) });
    return (p) => !isCombined(p);
  };
  // Pairs that no head makes a label-combination opening (`maybeCombinedLabels` false): the first tests below count
  // only these, so that they never count a pair the reverted head's judgment would leave out.
  const maybeCombined = regions ? maybeCombinedLabels({ regions, base: baseConn }) : () => false;
  // Pairs the report leaves out as gone (namespace-lifecycle.ts: toward a deleted namespace or a vacated
  // region of the cluster after the revert) are closed by no set either: the search counts as the report does.
  const lifecycle = regions && (deletedNamespaces(base.cluster, head.cluster).size > 0 || vacatedRegions(regions, base.cluster, head.cluster).size > 0) ? (within: RegionSet, after: Cluster) => namespaceLifecycle(within, base.cluster, after) : undefined;
  const stays = (alive: ((p: PairDiff) => PairDiff | null) | undefined) => (p: PairDiff) => !alive || alive(p)?.opened != null;
  // Whole-cluster confirmation: only the pairs a revert touches are diffed again (head's diff tells the rest).
  const headPairs = headConn ? (input.headDiff ?? diffConnectivity(baseConn, headConn, { regions, sorted: false }).pairs) : undefined;
  const reverted = headConn ? revertedOpened(baseConn, headConn, headPairs!, regions, counts) : undefined;
  const openedInCluster = (after: Connectivity): number => {
    const alive = lifecycle?.(regions!, after.cluster);
    const left = (reverted ? reverted(after) : diffConnectivity(baseConn, after, { regions, sorted: false }).pairs.filter((p) => p.opened && counts(p))).filter(stays(alive));
    // The reverted head's judgment (its represented regions included) only when some opened pair is left to judge.
    if (left.length === 0) return 0;
    const isOrdinary = ordinary(after);
    return left.filter(isOrdinary).length;
  };
  // A pair's connectivity depends only on its two ends and the policies, so the head's opened pairs can
  // be checked on a cluster of just their workloads: a cheap, exact first test that rejects most sets.
  // Only policies of the ends' namespaces can select them.
  const ends = openedEnds(pairs);
  const endRegions = openedRegions(pairs, regions, input.headDiff);
  const endNamespaces = new Set([...[...ends.values()].map((w) => w.namespace), ...[...endRegions].map((r) => regions!.regions[r].namespace)]);
  // In the reduced cluster only the opened pairs' own ends are judged, over only the ends' regions (regionSubset).
  const endSet = regions && regionSubset(regions, endRegions);
  // A pair of the reduced cluster as the whole region set numbers its ends (regionSubset keeps the regions in order).
  const endOriginal = [...new Set(endRegions)].sort((a, b) => a - b);
  const inWhole = (x: PeerRef): PeerRef => (x.type === 'pods' && x.region !== undefined ? { ...x, region: endOriginal[x.region] } : x);
  const maybeCombinedEnds = (p: PairDiff) => maybeCombined({ ...p, src: inWhole(p.src), dst: inWhole(p.dst) });
  const reduced = (c: Cluster) => computeWithRegions(c, endSet);
  const isEnd = (p: PeerRef) => (p.type === 'workload' ? ends.has(p.workload.id) : true);
  const betweenEnds = (p: PairDiff) => isEnd(p.src) && isEnd(p.dst);
  const inEndNamespace = (x: { readonly namespace: string }) => endNamespaces.has(x.namespace);
  // Services and Ingresses steer the ingress controller toward pods of their own namespace only.
  const only = (c: Cluster): Cluster => ({
    ...c,
    workloads: c.workloads.filter((w) => ends.has(w.id)),
    policies: c.policies.filter(inEndNamespace),
    services: c.services.filter(inEndNamespace),
    ingressBackends: c.ingressBackends.filter(inEndNamespace),
  });
  const relevant = (d: ManifestDocument) => {
    const m = d.model;
    // Parts placed once every document is merged (Calico policies and tiers, clusterwide Cilium copies) may reach any namespace.
    // An app-template release read by its chartRef source's version, and such a source: the reading is picked when merged (manifests/chart-refs.ts).
    return m.namespaces.length > 0 || (m.clusterPolicies ?? []).length > 0 || !!m.chartSources?.length || !!m.chartRefReleases?.length || !!m.calico?.length || !!m.calicoTiers?.length || !!m.clusterwide?.length || m.workloads.some((w) => ends.has(w.id)) || m.policies.some(inEndNamespace) || m.services.some(inEndNamespace) || m.ingressBackends.some(inEndNamespace);
  };
  // Which documents matter for the ends does not depend on the set reverted: chosen once.
  const nearHead = nearDocuments(headDocs, relevant);
  const nearBase = nearDocuments(baseDocs, relevant);
  const near = reload ? undefined : revertedClusters(nearHead, nearBase, head.cluster.podNetwork);
  const baseEnds = reduced(only(base.cluster));
  // The reduced check of a set, as the whole-cluster confirmation: only the pairs between ends that the revert
  // touches are diffed again (rollback-confirm.ts), against head's reduced diff (made on the first check).
  let endsReverted: ((after: Connectivity) => PairDiff[]) | undefined;
  const openedBetweenEnds = (afterEnds: Connectivity, alive: ((p: PairDiff) => PairDiff | null) | undefined): number => {
    if (!endsReverted) {
      const headEnds = reduced(only(head.cluster));
      endsReverted = revertedOpened(baseEnds, headEnds, diffConnectivity(baseEnds, headEnds, { regions: endSet, sorted: false }).pairs, endSet, counts);
    }
    // A lower bound of the whole judgment: pairs that may be label-combination openings are left to it.
    return endsReverted(afterEnds).filter((p) => betweenEnds(p) && stays(alive)(p) && !maybeCombinedEnds(p)).length;
  };
  // The reduced cluster depends only on the reverted documents that matter for the ends: sets that revert
  // the same of those share one reduced check (the others differ elsewhere only).
  const reducedChecks = new Map<string, number>();
  const stillOpened = (revert: ReadonlySet<string>): number => {
    const key = [...revert].filter((k) => nearHead.has(k) || nearBase.has(k)).sort().join('\u0000');
    let still = reducedChecks.get(key);
    if (still === undefined) reducedChecks.set(key, (still = openedBetweenEnds(reduced(only(near!.after(revert))), lifecycle?.(endSet!, whole!.after(revert)))));
    return still;
  };
  const total = pairs.filter((p) => p.opened).length;
  const openedAfter = (chosen: ReadonlySet<string>): number => {
    const revert = withCompanions(chosen);
    if (reload) {
      // A revert that breaks a kustomization's build closes paths by deploying nothing: not a rollback.
      const after = reload(afterTexts(headFiles, changes.filter((c) => revert.has(c.key))), baseBuilds);
      if (!after) return total;
      const left = openedBetweenEnds(reduced(only(after)), lifecycle?.(endSet!, after));
      return left > 0 ? left : openedInCluster(revertedConnectivity(after));
    }
    const still = stillOpened(revert);
    return still > 0 ? still : openedInCluster(revertedConnectivity(clusterAfter(revert)));
  };
  const started = processorMillis();
  const maxMillis = bounds.rollbackMaxMillis ?? 3000;
  const maxEvaluations = bounds.rollbackMaxEvaluations ?? 512;
  // Which bound stopped the search: the count is the same on every run; processor time nearly so (not on a slower processor).
  let timedOut = false;
  const keys = candidates.map((c) => c.key);
  // Head's own pairs gone as the report has them: judged once, not per pair.
  const inHead = stays(lifecycle?.(regions!, head.cluster));
  // The shrinking of a bounded search (engine/rollback.ts) gets a clock of its own, as long again.
  let shrinkStarted: number | undefined;
  const search = findRollback(
    keys,
    openedAfter,
    {
      maxEvaluations,
      expired: () => (timedOut = processorMillis() - started > maxMillis),
      shrinkExpired: () => processorMillis() - (shrinkStarted ??= processorMillis()) > maxMillis,
    },
    total,
    // Rendered sources (Kustomize) reach beyond their own objects: no skipping by reach then.
    // The pairs a set must close are head's opened pairs as the evaluation counts them (before the report's
    // reconciliation of abstract pairs): each keeps head's traffic unless the set touches an end. Those some head
    // may make label-combination openings are left out: whether they are is the reverted head's to say. That test is
    // asked only of a pair some set leaves unreached (rollback-reach.ts `exempt`): asked of every opened pair, it cost
    // a fifth of the search (10k bench).
    headPairs && !reload && !base.reload ? viableRevert(keys, (key) => renames.of(key).flatMap((k) => [baseDocs.get(k), headDocs.get(k)]), [baseConn, headConn!], headPairs.filter((p) => p.opened && counts(p) && inHead(p)), maybeCombined) : undefined,
    cited,
    // A kustomization's revert takes the files its added entries name with it (companions): a set is as large
    // as all it reverts, so reverting the documents that open the paths beats dropping a whole entry list
    // (mchestr 2dbd77410: the kustomization took an unrelated ConfigMap that a kept release mounts).
    (set) => withCompanions(new Set(set)).size,
  );
  const reverting = withCompanions(new Set(search.revert));
  // Reverting every changed document breaks a build (it fails on base, head fixed it; or base has no build here,
  // a cluster the change adds: rafaribe/home-ops 0286a7c50): what that build deploys is new, and no revert closes
  // it without breaking the build again. No rollback is proposed.
  if (search.remainingOpened > 0 && reload && reload(afterTexts(headFiles, changes.filter((c) => reverting.has(c.key))), baseBuilds) === undefined) {
    const onBase = base.renders.length === 0 ? 'a build base does not have' : 'as it fails on base';
    return { ...noRollback(), minimality: search.minimality, remainingOpened: total, notes: [`No revert closes every opened path: reverting the changed documents makes a kustomization build fail, ${onBase}. What head's build deploys is new; narrow its policies instead.`] };
  }
  // The search counts lazily; say exactly how many paths stay open when some do.
  const remainingOpened = search.remainingOpened > 0 ? openedInCluster(revertedConnectivity(clusterAfter(reverting))) : 0;
  // Reverting all the change may revert closes none of the paths (what opens them is outside the scope):
  // a patch that changes nothing the report is about is no rollback.
  const closesNone = leftOut > 0 && remainingOpened >= total;
  const found = closesNone ? [] : changes.filter((c) => reverting.has(c.key));
  // A new Flux Kustomization's folder taken apart: its object and its parent's entry go too, when that still
  // closes every path (rollback-flux-targets.ts); the needed documents are then that entry or object.
  const removal = remainingOpened === 0 && reload && found.length ? relevance.wholeFluxTargets(found) : undefined;
  const removes = removal && (!scope || removal.documents.every((c) => scope.revertable(c))) && openedAfter(new Set(removal.documents.map((c) => c.key))) === 0 ? new Set(removal.documents.map((c) => c.key)) : undefined;
  // Flux's edit of a folder's kustomization goes (or comes back) with the object the rollback removes (or restores): named as that object.
  const objectsEdit = (c: DocumentChange) => isFluxEdit(c) && removal!.removed.some((o) => inFolder((c.head ?? c.base)!.file, o.root));
  const documents = removes ? changes.filter((c) => removes.has(c.key) && !objectsEdit(c)) : found;
  const notes: string[] = removes ? [wholeFluxTargetsNote(removal!)] : [];
  // Documents the scope leaves alone are no candidates: the notes say which documents "every" covers.
  const every = leftOut > 0 ? 'every document this change added, removed or edited' : 'every changed document';
  if (search.minimality === 'greedy' && search.remainingOpened === 0) {
    const bound = timedOut ? `its time bound (${maxMillis / 1000} s of processor time, after ${search.evaluations} of ${maxEvaluations} evaluations; a faster processor may find a smaller set)` : `its bound (${search.evaluations} evaluations)`;
    notes.push(`The exact search stopped at ${bound}: ${greedyText(search.revert.length, candidates.length, search.shrink, every)}; a smaller set may exist.`);
  }
  if (remainingOpened > 0) {
    const paths = `${plural(remainingOpened, 'opened path')}`;
    const untouched = (them: string) => `what opens ${them} is in files this change did not touch or in documents base already had (moved, or built by another target), which a rollback leaves alone`;
    if (closesNone) notes.push(`No revert closes every opened path: ${untouched(remainingOpened === 1 ? 'it' : `these ${remainingOpened}`)}.`);
    else notes.push(`Even reverting ${every} leaves ${paths}${leftOut > 0 ? `: ${untouched('them')}` : ''}.`);
  }
  for (const r of renames.list) {
    if (!closesNone && r.keys.some((k) => reverting.has(k))) notes.push(renameNote(r));
  }
  const tidying = relevance.orphans(documents).map((c) => c.key);
  const written = renames.list.length ? renamedInPlace(documents, renames.list) : documents;
  // The renames reverted, for one step each in the text and Markdown (tgt50: call-site lines only).
  const inRollback = new Set(documents.map((c) => c.key));
  const renamed = renames.list.map((r) => ({ from: r.from, to: r.to, pairs: r.pairs.filter(([a, b]) => inRollback.has(a) && inRollback.has(b)).map(([removed, added]) => ({ removed, added })) })).filter((r) => r.pairs.length > 0);
  return {
    documents,
    ...(tidying.length ? { tidying } : {}),
    // The removal reverts no more documents that close paths than the set found (its other documents are tidying), or is no longer proven minimal.
    minimality: removes && documents.length - tidying.length > found.length - relevance.orphans(found).length ? 'greedy' : search.minimality,
    remainingOpened,
    // A rename's halves in one file are written back in place (namespace-renames.ts).
    patch: unifiedPatch(revertedFiles(headFiles, written)),
    hunks: replacementHunks(written, headFiles),
    notes,
    ...(renamed.length ? { renames: renamed } : {}),
  };
}

/**
 * Renamed namespaces as rollback candidates: `keys`, the change standing for each (its first in `ordered`);
 * `member`, every change of one; `of(key)`, the changes a candidate stands for; `whole(set)`, a set with each
 * rename's changes all in. Only the changes among `ordered` (the candidates) are grouped.
 */
function renameGroups(found: readonly NamespaceRename[], ordered: readonly DocumentChange[]) {
  const position = new Map(ordered.map((c, i) => [c.key, i]));
  const list = found.map((r) => ({ ...r, keys: r.keys.filter((k) => position.has(k)).sort((a, b) => position.get(a)! - position.get(b)!) })).filter((r) => r.keys.length > 1);
  const byFirst = new Map(list.map((r) => [r.keys[0], r.keys]));
  const member = new Set(list.flatMap((r) => r.keys));
  return {
    list,
    keys: new Set(byFirst.keys()),
    member,
    of: (key: string): readonly string[] => byFirst.get(key) ?? [key],
    whole: (set: ReadonlySet<string>): ReadonlySet<string> => (list.length === 0 || ![...set].some((k) => byFirst.has(k)) ? set : new Set([...set].flatMap((k) => byFirst.get(k) ?? [k]))),
  };
}

/** What the rollback says of a rename it reverts: both halves go back together. */
function renameNote(r: NamespaceRename): string {
  return `The change renames namespace ${r.from} to ${r.to}: the rollback renames it back (${plural(r.keys.length, 'document')}), restoring ${r.from} with what it held and dropping ${r.to}, not one half of the rename.`;
}

/**
 * What a greedy rollback is: of the candidates (the changed documents that can affect connectivity),
 * the set the shrinking kept (engine/rollback.ts), each of which it tried leaving out, unless it stopped first.
 */
function greedyText(kept: number, candidates: number, shrink: 'irreducible' | 'bounded' | undefined, every: string): string {
  if (kept === candidates && shrink !== 'bounded') return `this reverts ${every} that can affect connectivity (none of them can be left out alone)`;
  if (kept === candidates) return `this reverts ${every} that can affect connectivity`;
  const of = `${kept} of the ${candidates} changed documents that can affect connectivity`;
  return shrink === 'bounded' ? `this reverts ${of}, which close every opened path (its shrinking stopped at its own bound)` : `this reverts ${of}: they close every opened path and none of them can be left out alone`;
}

/** The documents `relevant` accepts, in order (no entry array per document: head and base hold ~10k each at 10k workloads). */
function nearDocuments(docs: ReadonlyMap<string, ManifestDocument>, relevant: (d: ManifestDocument) => boolean): Map<string, ManifestDocument> {
  const out = new Map<string, ManifestDocument>();
  docs.forEach((d, key) => {
    if (relevant(d)) out.set(key, d);
  });
  return out;
}

/** `files` with the texts of `texts` (path → text; null: deleted), paths `files` lacks added. */
function withTexts(files: readonly ManifestFile[], texts: ReadonlyMap<string, string | null>): ManifestFile[] {
  const out: ManifestFile[] = [];
  for (const f of files) {
    const text = texts.has(f.path) ? texts.get(f.path) : f.text;
    if (text !== null && text !== undefined) out.push(text === f.text ? f : { ...f, text });
  }
  const have = new Set(files.map((f) => f.path));
  for (const [path, text] of texts) if (text !== null && !have.has(path)) out.push({ path, text });
  return out;
}

/**
 * The texts of the files a revert touches (null: the file goes away), under every path head reads each
 * under: a file read through a symbolic link too is reverted under each of its paths, as a checkout of the
 * patched repository reads it (revertedFiles names it by its own path only).
 */
function afterTexts(headFiles: readonly ManifestFile[], revert: readonly DocumentChange[]): Map<string, string | null> {
  const reverted = revertedFiles(headFiles, revert);
  const pathsOf = readPaths(headFiles);
  const out = new Map<string, string | null>();
  // In head's order, as each file is read; a file head does not read (a removed document restored to a
  // file gone) is read under its own path, after them.
  const read: [number, string, string | null][] = [];
  for (const [file, { after }] of reverted) {
    const paths = pathsOf.get(file);
    if (paths) for (const [i, path] of paths) read.push([i, path, after]);
  }
  for (const [, path, after] of read.sort((a, b) => a[0] - b[0])) out.set(path, after);
  for (const [file, { after }] of reverted) if (!pathsOf.has(file)) out.set(file, after);
  return out;
}

/**
 * Per list of head files, the paths (with their place in the list) each file is read under, by its own
 * path: made once per search, not per revert.
 */
function readPaths(headFiles: readonly ManifestFile[]): ReadonlyMap<string, readonly (readonly [number, string])[]> {
  let out = readPathsOf.get(headFiles);
  if (out) return out;
  const built = new Map<string, [number, string][]>();
  headFiles.forEach((f, i) => {
    const real = f.realPath ?? f.path;
    const list = built.get(real);
    if (list) list.push([i, f.path]);
    else built.set(real, [[i, f.path]]);
  });
  readPathsOf.set(headFiles, (out = built));
  return out;
}

const readPathsOf = new WeakMap<readonly ManifestFile[], ReadonlyMap<string, readonly (readonly [number, string])[]>>();

/** The report leaves these out (analysis/abstract-pairs.ts): a workload that appeared or went away, with an abstract peer. */
function abstractOfChangedWorkload(p: PairDiff): boolean {
  return (p.src.type === 'pods' || p.dst.type === 'pods') && (p.peerChanges.src !== undefined || p.peerChanges.dst !== undefined);
}

/**
 * Regions at either end of an opened path (an abstract peer may stand for several: all its pairs' regions
 * count). `diffPairs` (head's whole diff): the regions its pairs name, already named while diffing; a
 * region no changed pair names is left out (the reduced check is a lower bound either way, and the
 * whole-cluster confirmation decides). Without it every region the peer holds is named, which costs one
 * exact naming per region (region-names.ts).
 */
function openedRegions(pairs: readonly ExplainedPair[], regions: RegionSet | undefined, diffPairs?: readonly PairDiff[]): Set<number> {
  const out = new Set<number>();
  if (!regions) return out;
  const names = new Map<string, AbstractPeer>();
  for (const p of pairs) {
    if (!p.opened) continue;
    for (const peer of [p.src, p.dst]) {
      if (peer.type !== 'pods') continue;
      names.set(peer.peer.id, peer.peer);
      if (peer.region !== undefined) out.add(peer.region);
    }
  }
  if (names.size === 0) return out;
  // A region named by a peer is held by it: only those regions are named.
  const candidates = diffPairs ? regionsOf(diffPairs) : new Set([...names.values()].flatMap((peer) => regions.heldBy(peer)));
  for (const r of candidates) if (names.has(regions.nameOf(r).id)) out.add(r);
  return out;
}

/** The regions at the abstract ends of these pairs. */
function regionsOf(pairs: readonly PairDiff[]): Set<number> {
  const out = new Set<number>();
  for (const p of pairs) {
    if (p.src.type === 'pods' && p.src.region !== undefined) out.add(p.src.region);
    if (p.dst.type === 'pods' && p.dst.region !== undefined) out.add(p.dst.region);
  }
  return out;
}

/** Workloads at either end of an opened path, by id. */
function openedEnds(pairs: readonly ExplainedPair[]): Map<string, Workload> {
  const ends = new Map<string, Workload>();
  for (const p of pairs) {
    if (!p.opened) continue;
    for (const peer of [p.src, p.dst]) if (peer.type === 'workload') ends.set(peer.workload.id, peer.workload);
  }
  return ends;
}

/**
 * Documents containing a line that an opened path's reasons cite (head or base side) come first, the most
 * cited first; `cited`: how many are cited at all.
 */
function byRelevance(changes: DocumentChange[], pairs: readonly ExplainedPair[]): { ordered: DocumentChange[]; cited: number } {
  const cited: { side: 'base' | 'head'; file: string; line: number }[] = [];
  for (const p of pairs) {
    for (const r of p.whyOpened) {
      if (!('ref' in r)) continue;
      const side = r.kind === 'workload-added' ? 'head' : r.kind === 'workload-removed' ? 'base' : 'side' in r ? r.side : 'head';
      cited.push({ side, file: r.ref.file, line: r.ref.line });
    }
  }
  const score = (c: DocumentChange) =>
    cited.filter((x) => {
      const span = c[x.side];
      return span && span.file === x.file && x.line >= span.startLine && x.line <= span.endLine;
    }).length;
  const scored = changes.map((c, i) => ({ c, i, s: score(c) })).sort((a, b) => b.s - a.s || a.i - b.i);
  return { ordered: scored.map((x) => x.c), cited: scored.filter((x) => x.s > 0).length };
}
