/** One `diff` run: load both sides, diff, explain every changed pair, and search the rollback. */
import { keepUnpruned } from './unpruned-objects.js';
import { compareLists } from '../manifests/texts-by-path.js';
import type { PruneDisabledFiles } from './unpruned-objects.js';
import type { UnshownChange } from './unshown-changes.js';
import { unshownChanges } from './unshown-changes.js';
import { quietChanges } from './quiet-changes.js';
import { reachesUncut } from './uncut-scope.js';
import type { AddressSet, PairDiff, UnresolvedNamedPorts } from '../engine/index.js';
import type { Reason } from '../engine/index.js';
import { DEFAULT_MAX_BOXES, buildRegions, combinedLabelsOpening, decidesWholeReach, knownNamespaces, regionFocus, unresolvedNamedPorts, diffConnectivity, explainClosed, explainNames, explainOpened, sortByPeers } from '../engine/index.js';
import { abstractPairFilter, reconcileAbstract, representedRegions, representedRemainder, widerRegionPairs } from './abstract-pairs.js';
import { combinedLabelKeys, reconcileApart, withoutCombinedOpenings } from './combined-labels.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import type { ManifestFile } from '../manifests/load.js';
import { loadManifests } from '../manifests/load.js';
import { withPodNetwork } from '../manifests/pod-network.js';
import type { BaseSide } from './base-side.js';
import { baseSide } from './base-side.js';
import { keepBaseVersions } from './rejected-objects.js';
import { inChangedDocuments, inEditedDocuments } from './changed-spans.js';
import { keepReport, keptReport, optionsKey, pushStepKey } from './report-reuse.js';
import { explanationReuse } from './explain-reuse.js';
import { citedWhereEdited, findingsWhereEdited } from './edited-rule-refs.js';
import { reusedDiff, tiesAmong } from './diff-reuse.js';
import { revertedConnectivities } from './reverted-side.js';
import { headConnectivity, headFindings } from './head-side.js';
import { changedNamespaces } from './changed-namespaces.js';
import { exceptionsReuse } from './exceptions-reuse.js';
import type { FindingsConfig, UnchangedFrom } from '../findings/index.js';
import { headLineOfChange } from './change-lines.js';
import type { RepositoryTexts } from './edited-objects.js';
import { causesWhereEdited, editedLines, editedObjectCite, findingsAtEdits, firstEditedLine, headLineAtEdits, reasonsWhereEdited, unshownWhereEdited } from './edited-objects.js';
import { unprotectedWhereEdited } from './unprotected-causes.js';
import { addedWorkloadFindings } from './added-workload-findings.js';
import { findingsAtEditedParts } from './finding-parts.js';
import { findingsAtSubjectEdits, withSubjectEdits } from './subject-edits.js';
import type { SubstituteLines } from './substituted-lines.js';
import { rulesWhereSubstituted, substitutedCite } from './substituted-lines.js';
import { DEFAULT_FINDINGS_CONFIG, diffFindings, subjectMeaning, withoutFindingDiagnostics } from '../findings/index.js';
import { oncePerLine } from '../findings/same-line-copies.js';
import { allDiagnostics } from '../report/warnings.js';
import { documentChanges } from './document-changes.js';
import { withMoves } from './moved-documents.js';
import { unparsedEdits } from './unparsed-edits.js';
import { withLabelChanges } from './label-changes.js';
import { withPortNameChanges } from './port-name-changes.js';
import { withReplacements } from './replaced-policies.js';
import { highlights, movedHighlights } from './highlights.js';
import { isolationCauses } from './isolation-causes.js';
import { splitErrors } from './introduced-errors.js';
import { unmodelledChanges } from './unmodelled-changes.js';
import type { RollbackBounds } from './rollback-search.js';
import { searchRollback } from './rollback-search.js';
import { withRenderedNames } from './rendered-names.js';
import { createdNamespaceOf, createdNamespaces, createdOnlyFilter, namespaceLifecycle } from './namespace-lifecycle.js';
import { ignoredPeer, inIgnoredNamespace } from './ignored-namespaces.js';
import { goneFilter, gonePolicies } from './gone-pods.js';
import { placedFilter, placedFolders } from './placed-pairs.js';
import { holdUnrenderedReleases } from './unrendered-releases.js';
import { movedWorkloads, renamedWorkloads, withRenamedSubjects, withoutRenames } from './renamed-workloads.js';
import type { AssumedGone, CreatedNamespaces, DiffReport, ExplainedPair } from './types.js';
import type { Cluster } from '../engine/model.js';
import type { Connectivity } from '../engine/index.js';
import type { WholeReach } from './tier-change.js';
import type { ChangedObjects, GonePolicy } from './gone-pods.js';

export interface DiffOptions extends RollbackBounds {
  /** Pairs with a workload in one of these namespaces are left out of the report. */
  readonly ignoreNamespaces?: readonly string[];
  /**
   * Identifies the base files (the App: the base tree's SHA and the manifest globs): a warm process keeps
   * the base side under it and reuses it for the next analysis with the same key and the same files.
   */
  readonly baseKey?: string;
  /** How findings are computed and filtered (defaults: DEFAULT_FINDINGS_CONFIG). */
  readonly findings?: FindingsConfig;
  /** The pod network (`podCIDRs`), for `networks` peers of cluster-wide policies; absent: unknown. */
  readonly podNetwork?: AddressSet;
  /** Pairs with a region end the diff compares at most (engine/region-pair-budget.ts); default: the engine's, linear in the entries. */
  readonly maxRegionPairs?: number;
  /** Boxes of label space per partition before regions stop being cut (engine/regions.ts; `abstractPeers.incomplete` past it); default DEFAULT_MAX_BOXES. */
  readonly maxBoxes?: number;
  /**
   * Also report pods the manifests do not hold (abstract peers, evaluated as regions of label space);
   * default true. Off, only workloads in the manifests are peers.
   */
  readonly abstractPeers?: boolean;
  /** What the change removes from this and the other cluster models, and what the others still deploy (targets/changed-objects.ts), for pods it probably removes (gone-pods.ts). */
  readonly changedObjects?: ChangedObjects;
  /**
   * Files of a target the change adds or removes whose namespace-less objects are placed in `default` because
   * nothing names their namespace: paths that change only by them are taken apart (placed-pairs.ts).
   */
  readonly placedInDefault?: readonly string[];
  /**
   * Repository files a controller that does not prune reads (targets/unpruned-targets.ts): objects base's documents
   * of them define and head's do not stay in the cluster, so head holds base's version (unpruned-objects.ts).
   */
  readonly unprunedFiles?: readonly string[];
  /** Files of controllers that prune, by kind: their objects annotated to stay are kept when removed (unpruned-objects.ts). */
  readonly pruneDisabledFiles?: PruneDisabledFiles;
  /**
   * The repository's texts on each side (a target's files are fewer: a component no longer built is on base's side
   * only, its file untouched; a Flux Kustomization's own file is another target's). Absent: a file is untouched
   * when both sides read it alike, and only the target's changed documents say which lines the change edits.
   */
  readonly repositoryTexts?: RepositoryTexts;
  /** Where each side's Flux post-build values are written: what a changed value changes is cited there (substituted-lines.ts). */
  readonly substituteLines?: SubstituteLines;
}

export function analyzeDiff(baseFiles: readonly ManifestFile[], headFiles: readonly ManifestFile[], options: DiffOptions = {}): DiffReport {
  const side = baseSide(baseFiles, options.baseKey, options.podNetwork);
  // A warm process's next push with the same files and options: the last report (report-reuse.ts).
  const reuseKey = options.baseKey === undefined ? undefined : optionsKey(options);
  const known = reuseKey === undefined ? undefined : keptReport(side, headFiles, reuseKey);
  if (known) return known;
  const report = computeDiff(side, baseFiles, headFiles, options);
  if (reuseKey !== undefined) keepReport(side, headFiles, reuseKey, report);
  return report;
}

/** With a kept base side (`options.baseKey`): the last push's diff, explanations and verdicts are reused where they still hold. */
function computeDiff(side: BaseSide, baseFiles: readonly ManifestFile[], headFiles: readonly ManifestFile[], options: DiffOptions): DiffReport {
  const { load: base, connectivity, findings: baseFindings, files } = side;
  // Head files equal to base's (path and text) are not read again: head gets base's very documents, and its
  // cluster is base's patched by the documents the change touches where that is the same (patched-merge.ts).
  // An object head changed so that the API server rejects it stays as base has it (rejected-objects.ts).
  const { head: accepted } = keepBaseVersions(base, withPodNetwork(loadManifests(headFiles, new Map(files), base), options.podNetwork), headFiles);
  // Objects the change removes where the controller does not prune: the cluster keeps them (unpruned-objects.ts).
  const { head: synced, kept: unpruned } = keepUnpruned(base, accepted, options.unprunedFiles, options.pruneDisabledFiles);
  // A Helm release one side renders and the other does not: head reads it as base does (unrendered-releases.ts).
  const { head } = holdUnrenderedReleases(base, synced);
  // Regions come from the selectors of both sides, so base is computed again over them.
  const focus = options.abstractPeers === false ? undefined : regionFocus(base.cluster, head.cluster);
  const regions = focus && buildRegions([base.cluster, head.cluster], options.maxBoxes ?? DEFAULT_MAX_BOXES, focus.namespaces, focus.subjects, undefined, focus.first);
  const baseConn = connectivity(regions);
  // What the last push's diff and explanations were computed with (not the whole options: those of the report
  // around them, such as the objects the change removes elsewhere, differ from push to push).
  // Asked of the kept base side alone: options that are not plain data (the repository's texts are functions)
  // stop the reuse of the last report (reuseKey), never that of the last push's steps, which do not read them.
  const stepKey = options.baseKey === undefined ? undefined : pushStepKey(options);
  // A warm process's next push whose head cluster and regions equal the last push's: its connectivity (head-side.ts).
  const headConn = headConnectivity(side, head.cluster, regions, stepKey !== undefined);
  const keep = pairFilter(options.ignoreNamespaces ?? []);
  // A warm process's next push: pairs the step from the last head cannot reach are the last diff's (diff-reuse.ts).
  const diff = reusedDiff(side, head.cluster, stepKey, baseConn, headConn, regions, options.maxRegionPairs);
  // Abstract pairs the report drops (a workload represents the region, or an end appeared) are not explained.
  const reported = regions ? abstractPairFilter(regions, baseConn, headConn) : () => true;
  const remainder = regions ? representedRemainder(regions, baseConn, headConn, diff.pairs) : (p: PairDiff) => p;
  // Pods the manifests do not hold gain nothing in a namespace the change deletes (namespace-lifecycle.ts).
  const alive = regions ? namespaceLifecycle(regions, base.cluster, head.cluster) : (p: PairDiff) => p;
  // A warm process's next push: pairs the step from the last head cannot reach keep their reasons (explain-reuse.ts).
  const reuse = explanationReuse(side, head.cluster, stepKey, regions);
  const why = (p: PairDiff) => ({
    whyOpened: withNames(explainOpened(baseConn, headConn, p), explainNames(baseConn, headConn, p, 'opened')),
    whyClosed: withNames(explainClosed(baseConn, headConn, p), explainNames(baseConn, headConn, p, 'closed')),
  });
  const keptOf = (pairs: readonly PairDiff[]) => {
    const out = pairs.flatMap((p) => {
      const kept = keep(p) && reported(p) ? remainder(p) : null;
      const r = kept && alive(kept);
      return r ? [r] : [];
    });
    // The diff's pairs come as met (diff-reuse.ts): sorted once kept, so that regions of dropped pairs are not named.
    sortByPeers(out);
    return out;
  };
  // A workload renamed with the same pods (renamed-workloads.ts): the paths the rename alone makes are not told.
  const renamed = renamedWorkloads(diff.added, diff.removed);
  const moved = movedWorkloads(diff.added, diff.removed, renamed);
  let kept = keptOf(withoutRenames(diff.pairs, renamed));
  // Pairs of the last push that tie with others would not be in the cold run's order (diff-reuse.ts): diffed whole.
  if (diff.fromLast && tiesAmong(kept)) kept = keptOf(withoutRenames(diffConnectivity(baseConn, headConn, { regions, sorted: false, maxRegionPairs: options.maxRegionPairs }).pairs, renamed));
  const explained: ExplainedPair[] = kept.map((p) => ({ ...p, ...reuse.explain(p, why) }));
  reuse.done();
  // Openings only label combinations of several policies make, which pods with fewer of those labels have on both
  // sides (engine/combined-labels.ts): told and counted apart, and no rollback target (analysis/combined-labels.ts).
  const combined = regions ? combinedLabelKeys(regions, diff.pairs, combinedLabelsOpening({ regions, base: baseConn, head: headConn, represented: representedRegions(regions, base.cluster, head.cluster) })) : undefined;
  // Every explained pair passed `reported` (remainder keeps a pair's ends, peer changes and port names).
  // A document moved to another file (a Kustomize source document's key names its file) is told as moved (moved-documents.ts).
  const changes = withMoves(unparsedEdits(documentChanges(base.documents, head.documents), headFiles, head.diagnostics), base, head);
  // A rule a JSON 6902 patch made its own is cited where the change edits it, not at the untouched patch line (edited-rule-refs.ts).
  // A workload whose labels changed a cited policy's hold on it: its paths name the label line (label-changes.ts);
  // one whose declared ports renumber a port name a cited rule names, the container port line (port-name-changes.ts).
  // Label-combination openings are reconciled on their own, so that no line merges them with the other pairs.
  // A warm process's next push: region verdicts of lines the step from the last head cannot reach are the last push's (exceptions-reuse.ts).
  const verdicts = exceptionsReuse(side, head.cluster, stepKey, regions, baseConn, headConn);
  const readable = regions ? reconcileApart(explained, combined, (list) => reconcileAbstract(list, regions, baseConn, headConn, () => true)) : explained;
  // A policy removed and replaced in place by another kind of the same name: its removal names the replacement (replaced-policies.ts).
  const untouched = sameText(baseFiles, headFiles);
  // A policy a rendering-time edit changed (a patch, namePrefix, a components entry …) is cited at that edit, not at its untouched document (edited-objects.ts).
  const repository = options.repositoryTexts;
  // A Flux post-build value the change edits: what uses it is cited at its line (substituted-lines.ts).
  const substituted = options.substituteLines && substitutedCite(options.substituteLines, repository, { base: editedLines(changes, 'base', repository), head: editedLines(changes, 'head', repository) });
  const cite = editedObjectCite(changes, { base: base.renders, head: head.renders }, repository ? (file) => repository.base(file) === repository.head(file) : untouched, repository, substituted);
  // Rules are read in the policies each side evaluated: a clusterwide part's copy in a namespace the manifests do not hold is cited as its other copies are.
  // A cluster-wide policy whose subject alone the change edits: its rules' reasons at the edited subject line (subject-edits.ts).
  const cited = withSubjectEdits(reasonsWhereEdited(citedWhereEdited(withReplacements(withPortNameChanges(withLabelChanges(readable, { ...base, files: baseFiles }, { ...head, files: headFiles }), base, head), base.cluster, head.cluster), changes, evaluated(base.cluster, baseConn), evaluated(head.cluster, headConn), untouched), cite), changes, base.cluster, head.cluster, cite);
  const every = substituted ? rulesWhereSubstituted(cited, substituted) : cited;
  // Pods a removed policy selected whose Service, workload or HelmRelease head removed too: their paths hold only if they still run (gone-pods.ts).
  const gone = regions ? gonePolicies(base, head, options.changedObjects) : [];
  const goneOnly = goneFilter(gone, base.cluster);
  // Paths that change only by namespace-less policies placed in `default` by assumption go with them (placed-pairs.ts).
  const isPlaced = placedFilter(regions ? (options.placedInDefault ?? []) : []);
  const isGone = (p: ExplainedPair) => goneOnly(p) || isPlaced(p);
  const apart = gone.length > 0 || (options.placedInDefault?.length ?? 0) > 0;
  const remaining = apart ? every.filter((p) => !isGone(p)) : every;
  const gonePairs = apart ? every.filter(isGone) : [];
  // Paths of pods in a namespace the change creates that only close: they close nothing unless it existed already (namespace-lifecycle.ts).
  const created = regions ? createdNamespaces(base.cluster, head.cluster) : new Set<string>();
  const isCreated = createdOnlyFilter(created);
  const createdPairs = remaining.filter(isCreated);
  const pairs = createdPairs.length ? remaining.filter((p) => !isCreated(p)) : remaining;
  // Head's policies in one that no workload of head runs in apply only to pods no manifest holds yet, not counted: the
  // report names them (types.ts CreatedNamespaces). Where a workload runs, its paths tell what they do (namespace-lifecycle.ts).
  const createdPolicies = created.size ? policiesIn(head.cluster, withoutWorkloads(created, head.cluster)) : [];
  const warnings = {
    base: allDiagnostics(withoutFindingDiagnostics(base.diagnostics), withoutFindingDiagnostics(baseConn.diagnostics)),
    head: allDiagnostics(withoutFindingDiagnostics(head.diagnostics), withoutFindingDiagnostics(headConn.diagnostics)),
  };
  const errors = splitErrors(baseFiles, headFiles, warnings.base, warnings.head);
  const widerRegions = regions ? widerRegionPairs(pairs, regions, baseConn, headConn) : undefined;
  verdicts.done();
  // Isolation that lapsed or started for pods the manifests do not hold: told once per policy (isolation-causes.ts).
  // Read against the policies each side evaluated: a clusterwide part's copies in the namespaces the manifests do not hold among them.
  const whole: WholeReach = (side, policy, direction, rule) => decidesWholeReach(side === 'head' ? headConn : baseConn, policy, direction, rule);
  const sides: EvaluatedSides = { base: base.cluster, head: head.cluster, evaluatedBase: evaluated(base.cluster, baseConn), evaluatedHead: evaluated(head.cluster, headConn), whole };
  // The headline, the causes and the findings speak of the other openings: label-combination ones have a section of their own.
  const told = withoutCombinedOpenings(pairs);
  const causes = regions ? causesWhereEdited(isolationCauses(told, sides.evaluatedBase, sides.evaluatedHead), cite) : [];
  // Changed policies no reported pair cites whose paths may be past a bound: the region pair bound's, or a region
  // partition cut short where the policy reaches (uncut-scope.ts). Their change is not analysed in full: the verdict
  // says so and the run fails as for a change not analysed (report/verdict.ts; new-user trial 41).
  const unshown = unshownWhereEdited(!regions ? [] : diff.regionPairsCut !== undefined ? unshownChanges(base.cluster, head.cluster, pairs) : regions.incompleteIn.size > 0 ? unshownChanges(base.cluster, head.cluster, pairs, reachesUncut(regions, knownNamespaces([base.cluster, head.cluster]))) : [], cite);
  // Changed policies no path cites whose analysis was whole: named with what their changed rules admit and why no path changed (quiet-changes.ts; new-user trial 41, finding 3).
  const notCut = new Set(unshown.map((u) => u.policy));
  const uncited = unshownWhereEdited(unshownChanges(base.cluster, head.cluster, every).filter((u) => !notCut.has(u.policy)), cite);
  const quiet = uncited.length ? quietChanges(uncited, { base: baseConn, head: headConn, ...(regions ? { regions } : {}) }) : [];
  const combinedOpened = pairs.filter((p) => p.combinedLabels && p.opened).length;
  const counts = { opened: pairs.filter((p) => p.opened).length, closed: pairs.filter((p) => p.closed).length, errors: errors.introduced.length, ...(unshown.length ? { notAnalysedChanges: unshown.length } : {}), ...(combinedOpened ? { combinedLabels: combinedOpened } : {}) };
  // Named as the builds render them, beside the source names (rendered-names.ts). Label-combination openings are no
  // rollback target: the search judges each reverted head as this diff judges head (rollback-search.ts).
  // A warm process's next push whose search evaluates the last push's reverted heads: their connectivity (reverted-side.ts).
  const reverted = revertedConnectivities(side, regions, stepKey !== undefined);
  const rollback = withRenderedNames(searchRollback({ base, head, baseConn, headConn, headDiff: diff.pairs, headFiles, changes, pairs: told, keep, regions, bounds: options, reverted: reverted.of }), base, head);
  reverted.done();
  const findingsConfig = options.findings ?? DEFAULT_FINDINGS_CONFIG;
  const hostNetwork = [...new Set([...(head.hostNetwork ?? []), ...(base.hostNetwork ?? [])])].sort();
  const headChanged = inChangedDocuments(changes, 'head');
  const headLine = headLineAtEdits(headLineOfChange(changes, baseFiles, headFiles), cite, repository);
  const found = diffFindings(
    baseFindings(baseConn, findingsConfig),
    // A finding at a line a JSON 6902 patch gave, about what the change edits where it is written: said there (edited-rule-refs.ts).
    // A warm process's next push over the last push's head connectivity, the rest of its input equal: its findings (head-side.ts).
    // Findings the change does not reach are base's, taken where head's namespaces equal base's (findings/unchanged-from.ts).
    findingsAtEdits(findingsWhereEdited(headFindings(side, { conn: headConn, diagnostics: head.diagnostics, config: findingsConfig, unmodelled: head.unmodelled, hostNetwork: head.hostNetwork, ...unchangedFrom(baseConn, base.cluster, head.cluster) }, stepKey !== undefined), headChanged), cite),
    told.filter((p) => p.opened).map((p) => ({ pair: p, why: p.whyOpened })),
    findingsConfig,
    // Findings about a document as written are new where the change added or edited it (a move alone does neither).
    inEditedDocuments(changes, 'head'),
    // A policy restated in another kind or name (same namespace and pods), or a workload renamed with the same pods, keeps its findings old.
    withRenamedSubjects({ base: subjectMeaning(base.cluster), head: subjectMeaning(head.cluster) }, renamed),
    // What a removed or narrowed policy no longer does is told at the line the change edits (change-lines.ts).
    headLine,
  ).filter((f) => !inIgnoredNamespace(f.subject, options.ignoreNamespaces ?? []));
  // A workload no policy isolates any more, the change leaving it alone: told at the policy's change (unprotected-causes.ts).
  // A workload the change adds, its finding at a policy line the change leaves alone: told at the workload (added-workload-findings.ts).
  // A new finding whose rule's ports alone the change edits (HALF_OPEN_*), at a peer line it leaves alone: told at the edited port (finding-parts.ts).
  const headEdited = editedLines(changes, 'head');
  // A new finding at the first line of a policy whose pods or isolated directions the change edits (DNS_EGRESS_MISSING after `Egress` added): at the edited line (subject-edits.ts).
  const atEdits = findingsAtSubjectEdits(findingsAtEditedParts(unprotectedWhereEdited(found, base.cluster, head.cluster, { cite, firstEdited: firstEditedLine(changes, 'head'), headLine, touched: headChanged }), headEdited), changes, base.cluster, head.cluster, cite);
  const findings = addedWorkloadFindings(atEdits, base.cluster, head.cluster, { cite, touched: headChanged, edited: headEdited });
  return {
    ...(unpruned.length ? { unpruned } : {}),
    pairs,
    // One line rendered or built into several namespaces: its finding told once (same-line-copies.ts).
    findings: oncePerLine(findings),
    added: diff.added,
    removed: diff.removed,
    ...(renamed.length ? { renamed } : {}),
    // A workload moved to another namespace with the same pods: its paths told as ever, and the move said (renamed-workloads.ts).
    ...(moved.length ? { moved } : {}),
    changes,
    rollback,
    warnings,
    errors,
    unmodelled: unmodelledChanges(base.unmodelled, head.unmodelled),
    ...(head.unsetVariables ? { unsetVariables: head.unsetVariables } : {}),
    counts,
    // A workload moved to another namespace is told as moved in the headline too (highlights.ts movedHighlights).
    highlights: movedHighlights(highlights(told, head.cluster, widerRegions, base.cluster, causes, sides.whole), moved),
    ...(quiet.length ? { quietChanges: quiet } : {}),
    // What a quiet peer's namespace selector is matched against where another repository deploys a namespace (targets/quiet-elsewhere.ts).
    ...(quiet.some((c) => c.peers.some((p) => p.namespaceSelector)) ? { namespaceLabels: new Map([...base.cluster.namespaces, ...head.cluster.namespaces].map((n) => [n.name, n.labels])) } : {}),
    ...(causes.length ? { isolationCauses: causes } : {}),
    // Their causes too are read against the evaluated policies, as the main pairs' are.
    ...(gonePairs.length ? { assumedGone: assumedGone(gone, gonePairs, sides) } : {}),
    ...(createdPairs.length || createdPolicies.length ? { createdNamespaces: createdNamespacesReport(createdPairs, created, createdPolicies, sides, pairs) } : {}),
    workloads: [...head.cluster.workloads, ...diff.removed],
    ...(hostNetwork.length ? { hostNetwork } : {}),
    ...(widerRegions ? { widerRegions } : {}),
    ...(regions ? { abstractPeers: abstractSummary(regions.regions.length, regions.incomplete, diff.regionPairsCut, unresolvedNamedPorts(baseConn, headConn, representedRegions(regions, base.cluster, head.cluster), controllerRegions(pairs)), unshown) } : {}),
  };
}

/** `FindingInput.unchangedFrom` for head's findings: base's connectivity and the namespaces the change touches; none when a cluster-wide part changed. */
function unchangedFrom(baseConn: Connectivity, base: Cluster, head: Cluster): { readonly unchangedFrom?: UnchangedFrom } {
  const changed = changedNamespaces(base, head);
  return changed ? { unchangedFrom: { conn: baseConn, changed } } : {};
}

/**
 * `cluster` with the NetworkPolicy-tier parts `conn` evaluated (`Connectivity.policies`: the copies of its
 * cluster-scoped parts in the namespaces the manifests do not hold, engine/cluster-scope.ts, after its own);
 * the very `cluster` when there are none.
 */
function evaluated(cluster: Cluster, conn: Connectivity): Cluster {
  return conn.policies === cluster.policies ? cluster : { ...cluster, policies: conn.policies };
}

/**
 * Both sides' clusters as loaded, and as the engine evaluated them (`evaluated`): isolation causes are read
 * against the latter, so a cause over a clusterwide part's copy in a namespace the manifests do not hold
 * (engine/cluster-scope.ts) is found and named like any other, in every part of the report.
 */
interface EvaluatedSides {
  readonly base: Cluster;
  readonly head: Cluster;
  readonly evaluatedBase: Cluster;
  readonly evaluatedHead: Cluster;
  /** Whether a side's cluster-wide rule decides all it names (tier-change.ts `WholeReach`). */
  readonly whole: WholeReach;
}

/** The paths of pods the change probably removes, apart (types.ts `AssumedGone`): only the policies some of them rest on. */
function assumedGone(gone: readonly GonePolicy[], pairs: readonly ExplainedPair[], sides: EvaluatedSides): AssumedGone {
  const { base, head } = sides;
  const policies = gone.filter((g) => pairs.some(goneFilter([g], base)));
  const placed = placedFolders(pairs.filter((p) => !goneFilter(gone, base)(p)));
  const causes = isolationCauses(pairs, sides.evaluatedBase, sides.evaluatedHead);
  return { policies, ...(placed.length ? { placed } : {}), opened: pairs.filter((p) => p.opened).length, closed: pairs.filter((p) => p.closed).length, pairs, highlights: highlights(pairs, head, undefined, base, causes, sides.whole) };
}

/**
 * The closings of pods in namespaces the change creates, apart (types.ts `CreatedNamespaces`): the namespaces they are
 * in and those of head's `policies` there; `counted`: the report's pairs, whose openings with such pods count (`opened`).
 */
function createdNamespacesReport(pairs: readonly ExplainedPair[], created: ReadonlySet<string>, policies: CreatedNamespaces['policies'], sides: EvaluatedSides, counted: readonly ExplainedPair[]): CreatedNamespaces {
  const inCreated = (p: ExplainedPair) => createdNamespaceOf(created, p.src) !== undefined || createdNamespaceOf(created, p.dst) !== undefined;
  const ends = pairs.flatMap((p) => [createdNamespaceOf(created, p.src), createdNamespaceOf(created, p.dst)]).filter((n): n is string => n !== undefined);
  const causes = isolationCauses(pairs, sides.evaluatedBase, sides.evaluatedHead);
  const opened = counted.filter((p) => p.opened && inCreated(p)).length;
  return { namespaces: [...new Set([...ends, ...policies.map((p) => p.namespace)])].sort(), closed: pairs.length, opened, policies, pairs, highlights: highlights(pairs, sides.head, undefined, sides.base, causes, sides.whole) };
}

/** Those of `namespaces` in which no workload of `cluster` runs. */
function withoutWorkloads(namespaces: ReadonlySet<string>, cluster: Cluster): Set<string> {
  const out = new Set(namespaces);
  for (const w of cluster.workloads) out.delete(w.namespace);
  return out;
}

/** The policy objects of `cluster` in `namespaces`, each once (a Cilium policy's parts are one object), by file and line. */
function policiesIn(cluster: Cluster, namespaces: ReadonlySet<string>): CreatedNamespaces['policies'] {
  const byObject = new Map<string, CreatedNamespaces['policies'][number]>();
  for (const p of cluster.policies) {
    if (!namespaces.has(p.namespace)) continue;
    const kind = p.kind ?? 'NetworkPolicy';
    const key = `${kind}/${p.namespace}/${p.name}`;
    if (!byObject.has(key)) byObject.set(key, { kind, namespace: p.namespace, name: p.name, ref: p.ref });
  }
  return [...byObject.values()].sort((a, b) => (a.ref.file < b.ref.file ? -1 : a.ref.file > b.ref.file ? 1 : a.ref.line - b.ref.line));
}

/** The numbers' reasons, then those of the port names not already given (engine/explain-names.ts). */
function withNames(reasons: Reason[], names: readonly Reason[]): Reason[] {
  if (names.length === 0) return reasons;
  const seen = new Set(reasons.map((r) => JSON.stringify(r)));
  return [...reasons, ...names.filter((r) => !seen.has(JSON.stringify(r)))];
}

/** Regions toward which the ingress controller's pair changed (their Services' named target ports are then listed). */
function controllerRegions(pairs: readonly PairDiff[]): Set<number> {
  const out = new Set<number>();
  for (const p of pairs) if (p.src.type === 'ingress-controller' && p.dst.type === 'pods' && p.dst.region !== undefined) out.add(p.dst.region);
  return out;
}

/** `unresolvedNamedPorts` only when some rule or Service port has them (the JSON stays as before otherwise). */
function abstractSummary(regions: number, incomplete: boolean, pairsCut: number | undefined, unresolved: readonly UnresolvedNamedPorts[], unshown: readonly UnshownChange[]): NonNullable<DiffReport['abstractPeers']> {
  const cut = pairsCut === undefined ? {} : { regionPairsCut: pairsCut };
  return { regions, incomplete: incomplete || pairsCut !== undefined, ...cut, ...(unresolved.length ? { unresolvedNamedPorts: unresolved } : {}), ...(unshown.length ? { unshownChanges: unshown } : {}) };
}

/** Pairs with no end in an ignored namespace (ignored-namespaces.ts). */
function pairFilter(ignored: readonly string[]): (p: PairDiff) => boolean {
  const hidden = ignoredPeer(ignored);
  return (p) => !hidden(p.src) && !hidden(p.dst);
}

export type { Diagnostic };

/** Whether a file reads the same in `base` and `head` (both hold it, with the same text); a file either lacks: false. */
function sameText(base: readonly ManifestFile[], head: readonly ManifestFile[]): (file: string) => boolean {
  // The comparison the objects a change removes made of these lists (targets/changed-objects.ts), and base's texts of the last push.
  const { same } = compareLists(base, head);
  return (file) => same.has(file);
}
