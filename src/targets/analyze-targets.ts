/**
 * One `diff` over targets: the targets of base and head are found, targets that share a cluster are
 * merged into one cluster model, and each cluster model is diffed on its own (with its own why and
 * rollback over the same source files). Objects of the same name in different targets are different
 * objects, never duplicates.
 */
import { sharedFiles } from './shared-files.js';
import { requesterKey } from './helm-docs.js';
import { helmReleaseNotices } from './helm-releases.js';
import { combineUnmodelled } from '../analysis/unmodelled-changes.js';
import { combineErrors } from '../analysis/introduced-errors.js';
import { alikeKey, groupedAlikeFluxNotices } from './alike-flux-notices.js';
import { absentBySide } from './absent-paths.js';
import { rootPaths } from './root-paths.js';
import type { DiffOptions } from '../analysis/diff-report.js';
import { analyzeDiff } from '../analysis/diff-report.js';
import { withElsewhere } from './quiet-elsewhere.js';
import { withHeadNames } from './side-names.js';
import { missingPolicyRollback } from '../analysis/missing-policy.js';
import { revertScope } from '../analysis/rollback-scope.js';
import { replacementHunks, revertedFiles, unifiedPatch } from '../analysis/patch.js';
import type { WrittenText } from './written-documents.js';
import { realPathOf } from '../manifests/real-paths.js';
import { writtenDocuments } from './written-documents.js';
import { streamInputs } from './stream-inputs.js';
import { fluxEditDocuments } from './flux-edit-documents.js';
import type { AssumedFold, DiffReport, DocumentChange, FailedOnBase, Rollback } from '../analysis/types.js';
import type { ManifestFile } from '../manifests/load.js';
import { defaultNamespaceNotice, placedPaths, placesInDefault } from './default-namespace.js';
import { changedObjects } from './changed-objects.js';
import { withPlacementAssumption } from './placement-assumption.js';
import type { DiscoverOptions } from './discover.js';
import { chartNotRendered, discoverSides } from './discover.js';
import { plural } from '../util/plural.js';
import { RepoFiles } from './repo-files.js';
import { chartFile, inChartFolder } from './non-manifest.js';
import { deploymentBuilds } from './builds.js';
import { onceBy, positionKey } from '../util/once.js';
import { onceAcrossTargets } from '../findings/across-targets.js';
import type { Renderers, SideIndex, TargetFiles } from './target-files.js';
import { helmKey, sideIndex, targetFiles, unsetVariablesNotice } from './target-files.js';
import { failedChartNote, failedHelmNotices, failedOnOneSide } from './failed-helm.js';
import { keptBaseDocuments, keptDiscovery, keptSideIndex, keptUnitFiles } from './side-reuse.js';
import { keepTargetsReport, keptTargetsReport, reuseKey } from './targets-report-reuse.js';
import { joinRendered, modelKey } from './rendered-join.js';
import { driftedCopies, sidesCopyNotices } from './rendered-copies.js';
import { buildComponents, componentFiles, failedOnBase, unanalysedBuilds, unappliedNotAnalysed, withBaseBuilds, withNotAnalysed } from './unanalysed-builds.js';
import { failedTargets, withBaseTargets, withSharedResourceFailures } from './failed-targets.js';
import { withFirstStageBuilt, withFirstStageRollbackNote } from './first-stage-built.js';
import { FIRST_STAGE_NAMESPACES } from '../manifests/first-stage-copies.js';
import { coAppliedWarnings } from './co-applied-objects.js';
import { controllerIdentity, wholeBuildController } from './target-controller.js';
import { appSyncOption, buildObjects, FAIL_ON_SHARED, sharedFailures } from './argocd-shared-resources.js';
import type { AppBuild, SharedFailure } from './argocd-shared-resources.js';
import type { FileOwner, FileOwners } from './co-applied-objects.js';
import { changesSpecs, heldDependents, heldNotices, heldTargets, specsAsHeld } from './held-targets.js';
import { headListedGone, pathGoneFailures, withPathGone } from './path-gone.js';
import { notFailing, parentFailedNotice, parentsFailedOnBase, withBaseFindings } from './parent-failed-on-base.js';
import { POLICY_KIND, outsideTargets } from './outside-targets.js';
import { leftOutBySetting } from './left-out-files.js';
import { switchedOffHolding } from './unlisted-kustomizations.js';
import type { SwitchedOff } from './types.js';
import { sameDocuments, suspendedNotices, suspendedTargets, withoutWaitSetting } from './suspended-targets.js';
import { ownControllerFile } from './own-controller-file.js';
import { failingParents } from './failing-parents.js';
import { folderMentions } from './folder-mentions.js';
import type { Substitutes } from './unrendered-helm.js';
import { inUnrenderedChart, readFromChart, unrenderedHelmNotices } from './unrendered-helm.js';
import { unrenderedNamespaceNotices } from './unrendered-namespaces.js';
import { externalChangeNotices } from './external-changes.js';
import { externalRedeployNotices } from './flux-external-workloads.js';
import { policySourceNotices, unreadablePolicyNotices } from './policy-sources.js';
import { ciliumEnforcementNotices, ciliumHeadNotes } from './cilium-enforcement.js';
import { l7AndIcmpNotices } from './l7-icmp-changes.js';
import { sourceChangeNotices } from './source-changes.js';
import { unrenderedPluginNotices } from './unrendered-plugins.js';
import { remoteResourceNotices } from './remote-resources.js';
import type { PolicyIdentities } from './policy-identities.js';
import { policyIdentities } from './policy-identities.js';
import { goneFromCluster, movedCopies } from './unbuilt-moves.js';
import { fixtureTreesNotice, goFoldersOf } from './fixture-trees.js';
import { partialKustomizationNotice } from './partial-kustomizations.js';
import { unlistedBelow, unreadFiles } from './unread-files.js';
import { unlistedFolder } from './unlisted-folders.js';
import type { TargetFold } from './renamed-targets.js';
import { pairRenamed, pathsRead } from './renamed-targets.js';
import type { RenamedCluster } from './sole-cluster.js';
import { onRenamedCluster, renamedClusterNotice, renamedModelName, soleClusterRename } from './sole-cluster.js';
import { unreadChangedDocuments, unreadDocumentsNotice } from './unread-documents.js';
import { unappliedChangedPatches, unappliedPatchesNotice } from './unapplied-patches.js';
import { templateFilesMessage } from './template-files.js';
import { alignConfigSyncClusters } from './config-sync-clusters.js';
import { counterparts } from './counterpart-targets.js';
import { discoverySwitch } from './discovery-switch.js';
import { movedFiles } from './moved-files.js';
import { SHARED_NAMESPACES, layoutModels, sharedNamespaceFiles, withoutOwnDeclared } from './shared-namespaces.js';
import { apartWhenNewInTree } from './flux-clusters.js';
import { switchedOnInTree } from './switched-on.js';
import type { UnprunedReader } from './unpruned-targets.js';
import { unprunedNotices, unprunedOptions, unprunedReaders } from './unpruned-targets.js';
import type { Notice, NoticeCode, TargetOrigin, TargetSelection, TargetSpec } from './types.js';
import type { Absent } from './absent-paths.js';
import type { SourceRef } from '../engine/model.js';
import type { SubstituteLines } from '../analysis/substituted-lines.js';
import { allInOrder } from '../util/all-in-order.js';

export interface TargetsOptions extends DiffOptions {
  readonly discover?: DiscoverOptions;
  /** Commands available to render charts and streams, per side (the CLI's; the App has none). */
  readonly renderers?: { readonly base?: Renderers; readonly head?: Renderers };
  /** `--namespace`: default namespace for targets that name none. */
  readonly namespace?: string;
  /** Targets added to whatever was found (the CLI's `--render`). */
  readonly extraTargets?: readonly TargetSpec[];
  /**
   * Per side, the folders of its whole tree when known (every CLI command's sides, cli/sources.ts `sidesOptions`: a git
   * revision's, every file counted, a folder's on disk; the App's commit trees): a Flux Kustomization's path kept by a
   * `.gitkeep` alone exists (repo-files.ts `isTreeFolder`).
   */
  readonly treeFolders?: { readonly base?: ReadonlySet<string>; readonly head?: ReadonlySet<string> };
  /** The one analysis per cluster model (tests slow it down or count it); default `analyzeDiff`. */
  readonly analyze?: (base: ManifestFile[], head: ManifestFile[], options: DiffOptions) => DiffReport;
}

/** Sources that are no repository file: never reverted. */
const SYNTHETIC: ReadonlySet<string> = new Set([SHARED_NAMESPACES, FIRST_STAGE_NAMESPACES]);

/** The result of one cluster model: one target, or the targets deployed to the same cluster. */
export interface TargetResult {
  readonly name: string;
  readonly cluster?: string;
  /** The targets merged into this cluster model (one, unless several share the cluster). */
  readonly members: readonly TargetSpec[];
  readonly report: DiffReport;
  /**
   * Targets only one side has, taken as deployed to this model's cluster (renamed-targets.ts), and with
   * a kept target, the counts of the comparison had they not been deployed (base without those folded
   * in, head without those split out). Text, Markdown and check run say it (report/fold-notes.ts).
   */
  readonly fold?: Omit<TargetFold, 'alone'> & { readonly alternative?: { readonly opened: number; readonly closed: number } };
  /** Only head has this model (`added`: a new deployment) or only base (`removed`: head no longer deploys it), no fold pairing it. */
  readonly lifecycle?: 'added' | 'removed';
  /**
   * With `lifecycle`: the targets of the other side that deploy most of this model's workloads and policies
   * (counterpart-targets.ts), which the report compared it with instead of an empty cluster (`names`: base's
   * for an added model, head's for a removed one); `shared` of `of`: how many of this model's workloads and
   * policies they deploy (`workloads` of them workloads); `alone`: the counts of the comparison with an empty cluster;
   * `lone`: those targets, too, are only the other side's (removed by this change for an added model, new for a removed one).
   */
  readonly comparedWith?: { readonly names: readonly string[]; readonly shared: number; readonly of: number; readonly workloads: number; readonly lone?: true; readonly alone: { readonly opened: number; readonly closed: number } };
  /**
   * With `lifecycle: 'added'`: the build that lists this model's controller objects fails on base and builds on
   * head (`target`: the parent's model), so base has no such target though the cluster probably ran it; its
   * paths do not fail the run (parent-failed-on-base.ts).
   */
  readonly parentFailedOnBase?: FailedOnBase;
}

export interface TargetsReport {
  readonly origin: TargetOrigin;
  /** One line: how the targets were chosen. */
  readonly how: string;
  readonly targets: readonly TargetResult[];
  readonly notices: readonly Notice[];
  /** Paths whose content differs between base and head (added, removed or edited). */
  readonly changedFiles: ReadonlySet<string>;
  /** `notFailing`: the part of `opened`, `closed` and `errors` that never fails a run (parent-failed-on-base.ts). */
  readonly counts: { readonly opened: number; readonly closed: number; readonly errors?: number; readonly combinedLabels?: number; readonly notAnalysed?: number; readonly notAnalysedOnBase?: number; readonly notAnalysedChanges?: number; readonly notFailing?: { readonly opened: number; readonly closed: number; readonly errors: number } };
  /**
   * All targets as one report, for what is whole-PR by nature: the check run's conclusion and
   * annotations, the rollback review, the contract's top-level JSON fields. Pairs are concatenated,
   * warnings and changed documents given once, rollback documents united (a shared source document once).
   */
  readonly combined: DiffReport;
}

export async function analyzeTargets(baseFiles: readonly ManifestFile[], givenHead: readonly ManifestFile[], options: TargetsOptions = {}): Promise<TargetsReport> {
  // Head's unchanged files are base's very objects: every later comparison of the two sides' texts is a pointer comparison (shared-files.ts).
  const headFiles = sharedFiles(baseFiles, givenHead);
  // A warm process's next push reuses each side's targets when its files are the same (side-reuse.ts).
  const base = keptSideIndex(baseFiles, options.treeFolders?.base);
  const head = keptSideIndex(headFiles, options.treeFolders?.head);
  // A warm process's next event with the same files on both sides and the same options: the last report (targets-report-reuse.ts).
  const reuse = reuseKey(options);
  const lastReport = keptTargetsReport<TargetsReport>(base, head, reuse);
  if (lastReport) return lastReport;
  const [headSel, baseSel] = withExtra(...alignConfigSyncClusters(...discoverSides(head, base, options.discover, keptDiscovery)), options.extraTargets);
  // A Kustomization base switched off stays in its tree: the change lists it, no parent failed (switched-on.ts).
  const headTargets = switchedOnInTree(apartWhenNewInTree(baseSel.targets, headSel.targets, (p) => base.files.text(p)), headSel.targets, baseSel.switchedOff);
  // The repository's one Flux cluster on each side, under another name: one cluster whose roots moved (sole-cluster.ts).
  const renamedCluster = soleClusterRename(baseSel.targets, headTargets);
  // Head's Flux Kustomizations whose path head deletes keep base's definition: Flux fails them and keeps what they applied (path-gone.ts).
  const pathGone = withPathGone(onRenamedCluster(baseSel.targets, renamedCluster), headTargets, headSel.notices, headSel.externalSources, headListedGone(headSel.unapplied, head));
  const paired0 = await pairRenamed(clusterModels(onRenamedCluster(baseSel.targets, renamedCluster), pathGone.targets, (p) => head.files.text(p) !== undefined, renamedCluster), base, head, async (specs, which) => (await unitFiles(specs, which === 'base' ? base : head, options, which)).files);
  // Fixture and vendored trees left out: one notice over both sides' files (fixture-trees.ts).
  const leftOut = new Set([...(headSel.leftOut ?? []), ...(baseSel.leftOut ?? [])]);
  const fixtures = fixtureTreesNotice(leftOut, goFoldersOf(options.discover?.goFolders));
  // Head's kustomizations decide which folders are built alone (COMMENTED_OUT_INCLUDE): base's would only repeat or contradict them.
  // Kustomizations that leave out most of their folder: one notice over both sides, head's counts first (partial-kustomizations.ts).
  const partial = partialKustomizationNotice([...(headSel.partial ?? []), ...(baseSel.partial ?? []).filter((p) => !headSel.partial?.some((h) => h.file === p.file))]);
  // Base's notices alike one of head's about other Flux Kustomizations (one more child in head) are the same news;
  // so is base's UNLISTED_KUSTOMIZATIONS beside head's (what is switched off now), kept when head has none (an app deleted).
  const headAlike = new Set(headSel.notices.map(alikeKey).filter((k) => k !== undefined));
  // A copy of one build on a side and of another on the other: one notice naming both (rendered-copies.ts).
  const copyNotices = sidesCopyNotices(headSel.notices, baseSel.notices, headSel.copies ?? [], baseSel.copies ?? []);
  // Base's note of a path the change adds says so of base, not of the repository (absent-paths.ts).
  const baseNotices = absentBySide(copyNotices.base, 'base', headSel.notices, (a) => head.files.isTreeFolder(a.path));
  const notices = new NoticeList([...[...copyNotices.head.filter((n) => !pathGone.gone.has(n)), ...baseNotices.filter((n) => n.code !== 'EXTERNAL_SOURCE' && n.code !== 'COMMENTED_OUT_INCLUDE' && !(n.code === 'RETIRED_FOLDERS' && headSel.retired) && !(n.code === 'UNLISTED_KUSTOMIZATIONS' && headSel.notices.some((h) => h.code === n.code)) && !headAlike.has(alikeKey(n) ?? ''))].filter((n) => n.code !== 'FIXTURE_TREES' && n.code !== 'PARTIAL_KUSTOMIZATION'), ...(fixtures ? [fixtures] : []), ...(partial ? [partial] : []), ...(renamedCluster ? [renamedClusterNotice(renamedCluster)] : []), ...pathGone.notes]);
  const charts = new Set<string>();
  /** Charts a `targets[].helm` rendered on either side, and whether a render command's stream named no source (unrendered-helm.ts). */
  const renderedCharts = new Set<string>();
  /** Charts a `targets[].helm` (or an Argo CD Application's chart source) names that could not be rendered (`helm` not on the PATH), with who asked (helm-docs.ts requesterKey). */
  const helmUnavailable = new Map<string, Set<string>>();
  let opaqueRender = false;
  const encrypted = new Set<string>();
  const defaulted = new Set<string>();
  const analyze = options.analyze ?? analyzeDiff;
  // Read through each side's index (base's is the last push's on a warm process): no map of ~12,000 texts made again per push.
  const changed = changedPaths(baseFiles, headFiles, base.files, head.files);
  const writtenText: { base: WrittenText; head: WrittenText } = { base: (p) => base.files.text(p), head: (p) => head.files.text(p) };
  const results: TargetResult[] = [];
  /** Each result's cluster and analysed files, for the moves into unbuilt files found after the loop. */
  const analysedSides: { readonly cluster?: string; readonly base: ManifestFile[]; readonly head: ManifestFile[]; readonly plain: boolean }[] = [];
  // Paths some cluster model reads, on either side (sources of rendered files included), and the changed
  // paths a build holds in a kustomization's folder without reading them (unread-files.ts), with that kustomization.
  const deployed = new Set<string>();
  const unread = new Map<string, string>();
  /** Target name → the paths its cluster model read on either side (sources of rendered files included), for rendered copies that drift from their build. */
  const readBy = new Map<string, Set<string>>();
  // A chart whose render fails on one side is left out of the other too (failed-helm.ts): every read from here on skips it.
  const skipHelm = { base: new Set<string>(), head: new Set<string>() };
  const reading = { ...options, skipHelm };
  const readPair = (unit: (typeof paired0)[number]) => allInOrder([unitFiles(unit.base, base, reading, 'base'), unitFiles(unit.head, head, reading, 'head')]);
  const read0 = await allInOrder(paired0.map(readPair));
  const helmFailed = { base: read0.flatMap(([b]) => b.helmFailed ?? []), head: read0.flatMap(([, h]) => h.helmFailed ?? []) };
  failedOnOneSide(helmFailed.head, helmFailed.base).forEach((k) => skipHelm.base.add(k));
  failedOnOneSide(helmFailed.base, helmFailed.head).forEach((k) => skipHelm.head.add(k));
  const skipped = (unit: (typeof paired0)[number]) => [...unit.base, ...unit.head].some((t) => t.helm.some((h) => skipHelm.base.has(helmKey(t.name, h.chart)) || skipHelm.head.has(helmKey(t.name, h.chart))));
  for (const [i, unit] of paired0.entries()) if (skipped(unit)) read0[i] = await readPair(unit);
  failedHelmNotices(helmFailed.base, helmFailed.head).forEach((n) => notices.add(n));
  // Layout targets only one side has because discovery changed mode, their files unchanged: set apart with a note (discovery-switch.ts).
  // The other side's text is read for changed files only, the only ones whose kinds are compared (ReadFile.other).
  const readFiles = (specs: readonly TargetSpec[], idx: SideIndex, t: TargetFiles, there: SideIndex) =>
    [...new Set([...pathsRead(specs, idx), ...t.files.flatMap((f) => [f.path, ...(f.sourceLines ?? []).map((r) => r.file)])])].filter((p) => p !== SHARED_NAMESPACES).map((path) => ({ path, text: idx.files.text(path), other: changed.has(path) ? there.files.text(path) : undefined }));
  const switched = discoverySwitch(paired0, (i, side) => (side === 'base' ? readFiles(paired0[i].base, base, read0[i][0], head) : readFiles(paired0[i].head, head, read0[i][1], base)), { base: baseSel.origin, head: headSel.origin }, changed, () => movedFiles(baseFiles, headFiles));
  switched.notices.forEach((n) => notices.add(n));
  const units = paired0.filter((_, i) => !switched.apart.has(i));
  const files = read0.filter((_, i) => !switched.apart.has(i));
  // What the other models remove and still deploy: a removed policy's Service may be in another target (gone-pods.ts).
  const elsewhere = changedObjects(units.map((u, i) => ({ cluster: u.cluster, base: files[i][0].files, head: files[i][1].files })));
  // A rollback reverts only what the pull request changed, never a base other targets build nor a document base had (rollback-scope.ts).
  const baseDocuments = keptBaseDocuments(base);
  // Targets the layout guessed may share one cluster: each sees the Namespaces the others declare (shared-namespaces.ts).
  const shared = layoutModels(units) ? ([0, 1] as const).map((side) => sharedNamespaceFiles(units.map((u, i) => ({ name: u.name, files: files[i][side].files })))) : undefined;
  const sharedOf = (name: string, side: 0 | 1) => shared?.[side].get(name);
  // A model only one side has, made of what another model deploys on the other side: compared with that one (counterpart-targets.ts).
  const paired = counterparts(
    units.map((u, i) => {
      const [b, h] = ([0, 1] as const).map((side) => [...files[i][side].files, ...[sharedOf(u.name, side)].filter((f) => f !== undefined)]);
      const bundle = [...u.base, ...u.head].some((t) => t.alternativeTo !== undefined);
      return { name: u.name, baseNames: u.base.map((t) => t.name), headNames: u.head.map((t) => t.name), folded: u.fold !== undefined, bundle, base: b, head: h, ...(u.cluster !== undefined ? { cluster: u.cluster } : {}) };
    }),
  );
  for (const [i, unit] of units.entries()) {
    const [b0, h0] = files[i];
    const withShared = (t: TargetFiles, side: 0 | 1): TargetFiles => {
      const extra = sharedOf(unit.name, side);
      return extra ? { ...t, files: [...t.files, extra] } : t;
    };
    const [own0, own1] = [withShared(b0, 0), withShared(h0, 1)];
    // A lone model with a counterpart reads the counterpart's side where it has none (its own files are still what it reads).
    const counterpart = paired.get(i);
    const [b, h] = counterpart === undefined ? [own0, own1] : unit.base.length === 0 ? [{ ...own0, files: counterpart.files }, own1] : [own0, { ...own1, files: counterpart.files }];
    const read = new Set<string>();
    for (const t of unit.members) readBy.set(t.name, read);
    for (const side of [own0, own1]) {
      const held = unreadFiles(side.files, changed);
      held.forEach((k, p) => unread.set(p, k));
      for (const f of side.files) {
        if (f.path === SHARED_NAMESPACES) continue;
        if (!held.has(f.path)) deployed.add(f.path), read.add(f.path);
        for (const r of f.sourceLines ?? []) deployed.add(r.file), read.add(r.file);
      }
    }
    // Head's HelmReleases: what they install is in no model (base's, if gone, install nothing any more).
    helmReleaseNotices(own1.files).forEach((n) => notices.add(n));
    // A kept definition's root reads nothing on head: its failing build says so (path-gone.ts).
    const goneRoot = (n: Notice) => n.code === 'MISSING_ROOT' && unit.head.some((t) => t.pathGone !== undefined && t.ref === n.ref);
    // A configured root that matches nothing on one side: said of that side (absent-paths.ts).
    const rootOn = (side: SideIndex) => (a: Absent) => rootPaths(a.path, side.files).length > 0;
    const sideNotes = [absentBySide(own1.notices, 'head', own0.notices, rootOn(base)), absentBySide(own0.notices, 'base', own1.notices, rootOn(head))];
    for (const [s, side] of [own1, own0].entries()) {
      sideNotes[s].filter((n) => !goneRoot(n)).forEach((n) => notices.add(n));
      side.unrenderedCharts.forEach((c) => charts.add(c));
      side.renderedCharts?.forEach((c) => renderedCharts.add(c));
      for (const u of side.helmUnavailable ?? []) (helmUnavailable.get(u.chart) ?? helmUnavailable.set(u.chart, new Set()).get(u.chart)!).add(requesterKey(u));
      opaqueRender ||= side.opaqueRender === true;
      side.encrypted.forEach((e) => encrypted.add(e));
    }
    const rendered = new Set(h.files.filter((f) => f.sourceLines || head.files.text(f.path) !== f.text).map((f) => f.path));
    // Either side's: a document restored from a stream only base had is no file to patch either.
    const streams = new Set([...rendered, ...b.files.filter((f) => f.sourceLines || base.files.text(f.path) !== f.text).map((f) => f.path)]);
    const sources = h.files.flatMap((f) => (f.sourceLines ? [...new Set(f.sourceLines.map((r) => r.file))] : []));
    // A chart's values files (and file parameters) are inputs of its stream too, though no `# Source:` line names them.
    const helmInputs = (t: TargetSpec) => t.helm.flatMap((h) => [...h.valuesFiles, ...(h.fileParameters ?? []).map((f) => f.path)]);
    const inputs = [...[...unit.head, ...unit.base].flatMap((t) => [...(t.ref ? [t.ref.file] : []), ...(t.substituteSources ?? []), ...helmInputs(t)]), ...sources];
    // Each cluster model keeps its own base side in a warm process.
    // A model only one side has, and no fold paired: the change adds or removes a whole deployment.
    const lifecycle = unit.fold ? undefined : unit.base.length === 0 ? 'added' : unit.head.length === 0 ? 'removed' : undefined;
    // Its namespace-less policies placed in `default` because nothing names their namespace, while it declares a namespace of its own
    // (where a deployment would rather apply them): paths only they change are one reading (placed-pairs.ts).
    const lone = lifecycle === 'added' ? own1 : own0;
    const placedInDefault = lifecycle && declaresNamespace(lone.files) ? [...placedPaths(lone.defaulted)].sort() : [];
    // Controllers that do not prune: what the change removes from their source stays in the cluster (unpruned-targets.ts).
    const unpruned = counterpart === undefined ? unprunedReaders(unit.head, unit.base, base) : [];
    const unitOptions = { ...options, baseKey: options.baseKey === undefined ? undefined : `${options.baseKey}#${unit.name}`, changedObjects: elsewhere[i], ...(placedInDefault.length ? { placedInDefault } : {}), ...unprunedOptions(unpruned), rollbackScope: revertScope(changed, streams, SYNTHETIC, { base: b.files, head: h.files }, baseDocuments), repositoryHead: headFiles, repositoryTexts: writtenText, ...substituteLinesOf(unit.base, unit.head) };
    const first = analyze(b.files, h.files, unitOptions);
    // Asked after the analysis: the loader has counted each file's namespace-less objects as it read it.
    if (placesInDefault(own1.defaulted)) defaulted.add(unit.name);
    // A build failing on head whose files the pull request changes: that change was not analysed (never a
    // silent pass), and the rest is compared with that build as base deployed it (no paths of its own).
    // A counterpart's head builds are its own model's (a removed model compared with it): reported there.
    // A Flux Kustomization or an Argo CD Application fails its whole build on a failing kustomization or a file that
    // does not parse: base's state of that whole target stays (failed-targets.ts).
    // The component folders Flux and Argo CD build into a root are read by that build though no kustomization names them.
    const components = buildComponents([...unit.head, ...unit.base]);
    const gone = pathGoneFailures(unit.name, unit.head, (t) => [...new Set([...(t.ref && changed.has(t.ref.file) ? [t.ref.file] : []), ...[...pathsRead([t], base)].filter((p) => changed.has(p))])]);
    const blind0 = counterpart && unit.head.length === 0 ? [] : [...failedTargets(unit.name, unanalysedBuilds(unit.name, first.warnings.head, h.files, [head, base], changed, first.warnings.base, components), first.warnings.head, first.warnings.base, unit.head, unit.base, { head, base }, changed, baseSel.switchedOff), ...gone];
    // An Argo CD Application with FailOnSharedResource=true that builds an object another Application builds fails its whole sync (argocd-shared-resources.ts).
    const blind = counterpart && unit.head.length === 0 ? blind0 : withSharedResourceFailures(unit.name, blind0, await sharedResourceFailures(unit.head, unit.base, head, base, reading), unit.base, { head, base }, changed, baseSel.switchedOff);
    // Flux Kustomizations a failing one holds back (held-targets.ts): its dependents keep base's state, the children its build
    // applies base's definitions (read again on head's files when head changes them).
    // A model only head has whose Flux Kustomization's first apply fails (`firstApply`) applies nothing of it: compared with its
    // counterpart, the counterpart's objects would read as removed; so it is compared with an empty cluster, as without one.
    const fresh = counterpart !== undefined && unit.base.length === 0 && blind.some((n) => n.wholeTarget?.firstApply === true);
    const paired1 = fresh ? undefined : counterpart;
    const b1 = fresh ? own0 : b;
    const held = blind.length && counterpart === undefined ? heldTargets(blind, unit.head, unit.base, (t, side) => pathsRead([t], side === 'head' ? head : base)) : [];
    heldNotices(held, (t) => [...pathsRead([t], head)].filter((p) => changed.has(p)).sort()).forEach((n) => notices.add(n));
    const heldSpecs = specsAsHeld(unit.head, held);
    const hHeld = changesSpecs(held) ? withShared(await unitFiles(heldSpecs, head, reading, 'head'), 1) : h;
    // Its base builds declare their Namespaces again: those leave the stream of what the other models declare.
    const heldHead = blind.length ? withoutOwnDeclared(withBaseTargets(blind, withBaseBuilds(blind.filter((n) => n.error.code === 'KUSTOMIZE_BUILD_FAILED' && !gone.includes(n)), hHeld.files, b1.files, [head, base], components), b1.files, heldSpecs, unit.base, { head, base }, heldDependents(heldSpecs, held))) : h.files;
    // An apply rejected after its first stage applied head's built Namespaces, whichever file relabels them (first-stage-built.ts).
    const stageOne = blind.length ? withFirstStageBuilt(blind, hHeld.files, heldHead, heldSpecs, unit.base, { head, base }, heldDependents(heldSpecs, held)) : { files: heldHead, items: blind };
    const unitHead = stageOne.files;
    // Its base is not the counterpart's the warm base key and the rollback's scope were made for.
    const options1 = fresh ? { ...unitOptions, baseKey: undefined, rollbackScope: revertScope(changed, streams, SYNTHETIC, { base: own0.files, head: h.files }, baseDocuments) } : unitOptions;
    const analysed = blind.length ? analyze(b1.files, unitHead, options1) : first;
    // Head's `${VAR}`s without a value: in plain files as their texts hold them, in builds as Flux expands them (the loader's).
    for (const u of own1.unset ?? []) {
      // Head's build as written (`first`): one held at base (failed-targets.ts) is analysed without them, yet they are head's, and may be why it fails.
      const built = u.spec.roots.flatMap((r) => [...(first.unsetVariables?.get(r) ?? []), ...(analysed.unsetVariables?.get(r) ?? [])]);
      const n = unsetVariablesNotice(u, [...new Set([...u.plain, ...built])].sort());
      if (n) notices.add(n);
    }
    // Each kept object named, with what deleting its controller's kept objects by hand would change.
    const deletedByHand = (r: UnprunedReader) => analyze(b1.files, unitHead, { ...options1, baseKey: undefined, unprunedFiles: undefined, pruneDisabledFiles: undefined, ...unprunedOptions(unpruned.filter((o) => o !== r)) }).counts;
    unprunedNotices(analysed.unpruned ?? [], unpruned, deletedByHand, analysed.counts).forEach((n) => notices.add(n));
    const proposal = analysed.counts.opened ? missingPolicyRollback(analysed, b1.files, unitHead, (x, y) => analyze(x, y, { ...options, baseKey: undefined })) : undefined;
    // Flux substitutes after the build (post-build-substitution.ts): the files stay as written, and a value changed in the controller object or a substituteFrom object changes what they render.
    const substituted = [...unit.head, ...unit.base].some((t) => t.substitute !== undefined);
    // A rendered document's own stream's inputs (stream-inputs.ts); the whole model's when that stream's targets are not known.
    const unitInputs = inputs.filter((f) => changed.has(f));
    const sourcesOf = (p: string) => h.files.filter((f) => f.path === p).flatMap((f) => (f.sourceLines ?? []).map((r) => r.file));
    const inputsOf = (paths: readonly string[]) => streamInputs(paths, unit, changed, sourcesOf, helmInputs) ?? unitInputs;
    const written = (r: DiffReport) => withoutRenderedRollback(r, streams, unitInputs, headFiles, writtenText, substituted, inputsOf);
    // With a counterpart, the comparison with an empty cluster too: its counts are said beside the report, and its rollback may be the one that closes.
    const alone = paired1 ? analyze(own0.files, own1.files, { ...unitOptions, baseKey: undefined, rollbackScope: revertScope(changed, streams, SYNTHETIC, { base: own0.files, head: own1.files }, baseDocuments) }) : undefined;
    const rolled = proposal ? { ...analysed, rollback: proposal } : alone && unit.base.length === 0 ? wholeTargetRollback(written(analysed), written(alone), unit.name) : written(analysed);
    const fixed = failedOnBase(unit.name, analysed.warnings.base, analysed.warnings.head);
    const told = withNotAnalysed(withFirstStageRollbackNote(rolled, stageOne.items), stageOne.items);
    const notAnalysedReport = fixed.length ? { ...told, failedOnBase: fixed } : told;
    // One object several Flux Kustomizations (Argo CD Applications) of the cluster apply: said in the tool's words, each at its copy (co-applied-objects.ts).
    const analysedReport = { ...notAnalysedReport, warnings: { base: coAppliedWarnings(notAnalysedReport.warnings.base, controllerOwners(unit.base, base)), head: coAppliedWarnings(notAnalysedReport.warnings.head, controllerOwners(heldSpecs, head)) } };
    // What rests on placing namespace-less objects of unrelated folders together in `default` (placement-assumption.ts).
    const report = withPlacementAssumption(analysedReport, placedPaths([...b.defaulted, ...h.defaulted]), new Map([...(b.builtTogether ?? []), ...(h.builtTogether ?? [])]));
    // What the report assumes of targets only one side has that this model joined, and what it would say otherwise.
    const aloneFiles = async (specs: readonly TargetSpec[], side: 'base' | 'head') => withShared(await unitFiles(specs, side === 'base' ? base : head, reading, side), side === 'base' ? 0 : 1).files;
    const fold = unit.fold ? await foldResult(unit.fold, [b1.files, unitHead], aloneFiles, (x, y) => analyze(x, y, { ...options, baseKey: undefined })) : undefined;
    const assumed = assumedFold(report, fold);
    // What the comparison with an empty cluster finds, said beside the counterpart's reading (report/counterpart-notes.ts).
    const comparedWith = paired1 && alone ? { names: paired1.names, shared: paired1.shared, of: paired1.of, workloads: paired1.workloads, ...(paired1.lone ? { lone: true as const } : {}), alone: { opened: alone.counts.opened, closed: alone.counts.closed } } : undefined;
    // A changed rule no path shows whose peers another repository deploys (quiet-elsewhere.ts).
    // Suspended Flux Kustomizations and Argo CD Applications synced by hand whose files the change touches: merging deploys none of it there (suspended-targets.ts).
    // Its component folders too (Flux spec.components), which no kustomization of the repository names; a file deleted there is base's.
    // Its own controller object's file when the change edits that object (its `spec.patches`), beside setting it waiting (own-controller-file.ts).
    const suspended = counterpart === undefined ? suspendedTargets(unit.head, (t) => [...new Set([...[...pathsRead([t], head), ...componentFiles([t], base)].filter((p) => changed.has(p)), ...ownControllerFile(t, unit.base, { head, base }, changed, withoutWaitSetting)])].sort()) : [];
    suspendedNotices(suspended).forEach((n) => notices.add(n));
    // The verdict names those where the change is more than comments (a comment edited deploys nothing to wait for).
    const waiting = suspended.filter((s) => s.changedFiles.some((f) => !sameDocuments(base.files.text(f), head.files.text(f))));
    const marked = withElsewhere(waiting.length ? { ...report, suspended: waiting } : report, externalSourcesOf(headSel).filter((n) => !pathGone.gone.has(n)));
    results.push({ name: unit.name, cluster: unit.cluster, members: unit.members, report: assumed ? { ...marked, assumedFold: assumed } : marked, ...(fold ? { fold } : {}), ...(lifecycle ? { lifecycle } : {}), ...(comparedWith ? { comparedWith } : {}) });
    analysedSides.push({ cluster: unit.cluster, base: b1.files, head: unitHead, plain: blind.length === 0 && fixed.length === 0 });
  }
  // A changed file below a kustomization that names the files of its folder one by one, but not this one.
  unlistedBelow(changed, deployed, [head, base]).forEach((k, p) => unread.set(p, unread.get(p) ?? k));
  // Files discovery reads (a controller object's, the objects its substitution reads) are read whether a build lists them or not.
  for (const t of units.flatMap((u) => [...u.base, ...u.head])) for (const p of [...(t.ref ? [t.ref.file] : []), ...(t.substituteSources ?? [])]) unread.delete(p);
  // A changed file the layout left out as a fixture is said by that notice, not as a policy no target deploys.
  // Rendered copies of a build are named by their own notice (rendered-copies.ts), not as files no target deploys.
  const copies = [...(headSel.copies ?? []), ...(baseSel.copies ?? [])].flatMap((c) => c.files);
  // Templates the layout left out (template-files.ts): a changed one is not analysed, the rest one note.
  const templates = new Map([...(baseSel.templates ?? []), ...(headSel.templates ?? [])].map((t) => [t.file, t.why]));
  const changedTemplates = [...templates.keys()].filter((p) => changed.has(p)).sort();
  for (const p of changedTemplates) notices.add({ code: 'OUTSIDE_TARGETS', message: `Not analysed: ${p} is a template (${templates.get(p)}): another tool renders it before anything is applied; to analyse it, render it and pass the output with --render`, ref: { file: p, line: 1 } });
  const otherTemplates = [...templates.keys()].filter((p) => !changed.has(p)).sort();
  if (otherTemplates.length) notices.add({ code: 'NOT_DEPLOYED', message: templateFilesMessage(otherTemplates), ref: { file: otherTemplates[0], line: 1 } });
  // Retired folders no deployed build reads (retired-folders.ts): their changes are said by that note, not as files no target deploys.
  const retired = [...(headSel.retired ?? []), ...(baseSel.retired ?? [])];
  const notDeployed = new Set([...leftOut, ...copies, ...templates.keys(), ...retired]);
  const deployable = notDeployed.size ? new Set([...changed].filter((p) => !notDeployed.has(p))) : changed;
  driftedCopies(headSel.copies ?? [], changed, (p) => base.files.text(p) !== undefined && head.files.text(p) !== undefined, (t) => readBy.get(t)).forEach((n) => notices.add(n));
  const moved = readMovesIntoUnbuilt(results, analysedSides, unbuiltPolicyFiles(deployable, deployed, head, [...base.charts, ...head.charts]), (x, y) => analyze(x, y, { ...options, baseKey: undefined }));
  // A policy file whose Application (or Flux Kustomization) is in a build failing on head: that build is why no target deploys it.
  // A build the change breaks is no head warning but a changed build not analysed (`notAnalysed`, compared as base has it): its error counts too.
  const headFailures = () => results.flatMap((r) => [...r.report.warnings.head, ...(r.report.notAnalysed ?? []).map((n) => n.error)]);
  const parents = (outside: readonly string[]) => failingParents(outside, headFailures(), head.files.byPath.values());
  // A folder that a file names by its path (an app-of-apps chart's values): that line is said (folder-mentions.ts).
  const mentions = (outside: readonly string[]) => folderMentions(outside, head.files.files);
  // Under the path of a Flux Kustomization switched off on head (else on base: an app deleted with its entry).
  // Base's commented-out entry is named only where head's file holds the same line (an app deleted, its entry kept).
  const lineOf = (text: string | undefined, line: number) => text?.split('\n')[line - 1];
  const onHead = (s: SwitchedOff | undefined) => (s?.entry && lineOf(head.files.text(s.entry.file), s.entry.line) !== lineOf(base.files.text(s.entry.file), s.entry.line) ? { ...s, entry: undefined } : s);
  const switchedOff = (p: string) => switchedOffHolding(p, headSel.switchedOff ?? []) ?? onHead(switchedOffHolding(p, baseSel.switchedOff ?? []));
  // Below a target's root but left out by its controller's settings (a Flux source's ignore rules, Argo CD's `directory`): head's, else base's.
  const bySetting = (p: string) => leftOutBySetting(p, headSel.targets, head.files) ?? leftOutBySetting(p, baseSel.targets, base.files);
  // In a folder a deployed kustomization above does not list (`mail` under cluster/apps/kustomization.yaml): head's, else base's.
  const unlistedIn = (p: string) => unlistedFolder(p, deployed, [head, base]);
  outsideTargets(deployable, [(p) => base.files.text(p), (p) => head.files.text(p)], deployed, [...base.charts, ...head.charts], unread, moved, parents, mentions, switchedOff, bySetting, unlistedIn).forEach((n) => notices.add(n));
  // Changed Helm inputs nothing rendered (chart files, helmCharts, HelmReleases, Applications' Helm sources): not analysed either.
  const helmTargets = units.flatMap((u) => [...u.base, ...u.head]);
  const helmSpecs = helmTargets.flatMap((t) => t.helm);
  // A release's name as Flux applies it, its post-build variables expanded with the values of the targets reading its file.
  const substitutes = ([[units.flatMap((u) => u.base), base], [units.flatMap((u) => u.head), head]] as const).map(([specs, idx]) => postBuildValues(specs, idx)) as [Substitutes, Substitutes];
  unrenderedHelmNotices(deployable, [(p) => base.files.text(p), (p) => head.files.text(p)], deployed, { charts: [...base.charts, ...head.charts], rendered: renderedCharts, specs: helmSpecs, opaque: opaqueRender, unavailable: helmUnavailable, users: valuesUsers(helmTargets), substitutes }).forEach((n) => notices.add(n));
  // Changed Cilium settings that turn its policy enforcement on or off (cilium-enforcement.ts): both sides are analysed as enforced.
  ciliumEnforcementNotices(deployable, [(p) => base.files.text(p), (p) => head.files.text(p)]).forEach((n) => notices.add(n));
  // Changed L7 or ICMP rules of a Cilium or Calico policy both sides hold: read as their whole L4 ports, or not at all, on both sides (l7-icmp-changes.ts).
  // Not for the templates of a chart nothing rendered: no analysis read them (unrendered-helm.ts says so).
  const allCharts = [...base.charts, ...head.charts];
  const readPolicies = new Set([...deployable].filter((p) => !inUnrenderedChart(p, allCharts, renderedCharts, deployed)));
  l7AndIcmpNotices(readPolicies, [(p) => base.files.text(p), (p) => head.files.text(p)]).forEach((n) => notices.add(n));
  // Head's settings: enforcement other than the default mode, enableDefaultDeny: false ignored.
  ciliumHeadNotes(head.files.files).forEach((n) => notices.add(n));
  // Changed controller objects that deploy another repository's files (external-changes.ts).
  externalChangeNotices(deployable, [(p) => base.files.text(p), (p) => head.files.text(p)], [...externalSourcesOf(baseSel), ...externalSourcesOf(headSel).filter((n) => !pathGone.gone.has(n))]).forEach((n) => notices.add(n));
  // Workloads read as removed where an added Flux Kustomization of another repository deploys (flux-external-workloads.ts).
  externalRedeployNotices(externalSourcesOf(baseSel), externalSourcesOf(headSel), results.map((r) => r.report)).forEach((n) => notices.add(n));
  // Changed Terraform, Jsonnet or CUE files that write network policies: read by no build (policy-sources.ts).
  policySourceNotices(changed, [(p) => base.files.text(p), (p) => head.files.text(p)]).forEach((n) => notices.add(n));
  // And changed manifest files that are not UTF-8 text (UTF-16) whose visible text names a policy kind (policy-sources.ts).
  unreadablePolicyNotices(changed, [(p) => base.files.text(p), (p) => head.files.text(p)]).forEach((n) => notices.add(n));
  // Changed Flux sources (a tag, branch or URL) that Kustomizations or HelmReleases here use: what those deploy changed unseen (source-changes.ts).
  // This repository's URLs: the known ones and those discovery took as this repository on another host (mirror-urls.ts).
  const known = options.discover?.repoUrls ?? [];
  const repoUrls = known.length ? [...new Set([...known, ...(headSel.mirrorUrls ?? []), ...(baseSel.mirrorUrls ?? [])])] : known;
  sourceChangeNotices(deployable, [base.files, head.files], repoUrls).forEach((n) => notices.add(n));
  // Likewise changed transformer and generator plugins (and their files) of the builds that warned they are not rendered (unrendered-plugins.ts).
  const notRendered = results.flatMap((r) => [...r.report.warnings.base, ...r.report.warnings.head]).filter((d) => d.code === 'KUSTOMIZE_NOT_RENDERED');
  unrenderedPluginNotices(deployable, [(p) => base.files.text(p), (p) => head.files.text(p)], notRendered).forEach((n) => notices.add(n));
  // And changed remote resources and components of those builds, which reachdiff does not fetch (remote-resources.ts).
  remoteResourceNotices(deployable, results.flatMap((r) => r.report.warnings.base), results.flatMap((r) => r.report.warnings.head)).forEach((n) => notices.add(n));
  // Changed documents dropped with an error the pull request did not bring: in no verdict, so not analysed (unread-documents.ts).
  const unreadDocs = unreadDocumentsNotice(results.flatMap((r) => unreadChangedDocuments(r.report)));
  if (unreadDocs) notices.add(unreadDocs);
  // Changed patches of objects only a remote resource or an uninflated chart holds: applied by Kustomize, by no analysis here (unapplied-patches.ts).
  const unappliedPatches = unappliedPatchesNotice(results.flatMap((r) => unappliedChangedPatches(r.report)));
  if (unappliedPatches) notices.add(unappliedPatches);
  // Changed paths in a namespace an unrendered chart deploys into: told without that chart's policies (unrendered-namespaces.ts).
  const failedKeys = new Set([...helmFailed.base, ...helmFailed.head].map((f) => helmKey(f.target, f.chart)));
  unrenderedNamespaceNotices(charts, units.flatMap((u) => [...u.base, ...u.head]), results.flatMap((r) => r.report.pairs), failedKeys).forEach((n) => notices.add(n));
  // A chart a --render stream read (`# Source:`) is rendered, though no target's helm entry names it.
  for (const c of [...charts].sort()) if (!readFromChart(c, deployed)) notices.add({ code: 'CHART_NOT_RENDERED', message: chartNotRendered(c, helmUnavailable.get(c)), ref: { file: chartFile(c), line: 1 } });
  if (encrypted.size) notices.add({ code: 'ENCRYPTED_FILES', message: `${plural(encrypted.size, 'encrypted file')} (SOPS or git-crypt) not analysed: ${[...encrypted].sort().join(', ')}` });
  if (defaulted.size) notices.add(defaultNamespaceNotice([...defaulted]));
  // A failing build no controller object deploys, whose controller objects head reads as written: failing on head only,
  // the change to it was not analysed, counted as a target's failing build is (unanalysed-builds.ts); reported with
  // the model of the first target its controller objects give (else the first model).
  if (headSel.unapplied?.length && results.length) {
    const holders = new Set(headSel.unapplied.flatMap((b) => b.holders));
    const i = Math.max(0, results.findIndex((r) => r.members.some((t) => t.controller !== undefined && holders.has(t.controller.ref.file))));
    const items = unappliedNotAnalysed(results[i].name, headSel.unapplied, baseSel.unapplied ?? [], [head, base], changed);
    if (items.length) results[i] = { ...results[i], report: withNotAnalysed(results[i].report, [...(results[i].report.notAnalysed ?? []), ...items]) };
  }
  // Targets new only because the build listing them fails on base: said, and their paths never fail the run (parent-failed-on-base.ts).
  const failedParents = parentsFailedOnBase(results, (p) => base.files.byPath.has(p));
  for (const [i, parent] of failedParents) results[i] = { ...results[i], parentFailedOnBase: parent, report: withBaseFindings(results[i].report, changed) };
  const parentNotice = parentFailedNotice(results, failedParents);
  if (parentNotice) notices.add(parentNotice);
  const spared = notFailing(results, failedParents, changed);
  const errors = combineErrors(results.map((r) => r.report.errors));
  const blind = results.reduce((n, r) => n + (r.report.counts.notAnalysed ?? 0), 0);
  const older = results.reduce((n, r) => n + (r.report.counts.notAnalysedOnBase ?? 0), 0);
  const uncut = results.reduce((n, r) => n + (r.report.counts.notAnalysedChanges ?? 0), 0);
  const combinedLabels = results.reduce((n, r) => n + (r.report.counts.combinedLabels ?? 0), 0);
  const counts = { opened: sum(results, 'opened'), closed: sum(results, 'closed'), errors: errors.introduced.length, ...(combinedLabels ? { combinedLabels } : {}), ...(blind ? { notAnalysed: blind } : {}), ...(older ? { notAnalysedOnBase: older } : {}), ...(uncut ? { notAnalysedChanges: uncut } : {}), ...(spared ? { notFailing: spared } : {}) };
  const origin = headSel.targets.length || !baseSel.targets.length ? headSel.origin : baseSel.origin;
  const how = `${headSel.how}${removedTargets(units)}`;
  // Many Kustomizations missing the same variables: one note naming them (alike-flux-notices.ts).
  return keepTargetsReport(base, head, reuse, { origin, how, targets: results, notices: groupedAlikeFluxNotices(notices.list, UNSET_VARIABLES), changedFiles: changed, counts, combined: combine(results, headFiles, counts, errors) });
}

/**
 * A fold as the report tells it: with a kept target and lone targets on one side only, the counts of the
 * comparison without them (base without the folded-in targets, or head without the split-out ones): what
 * the change does if they were not deployed to that cluster. One more analysis, only for such a model.
 */
async function foldResult(fold: TargetFold, full: readonly [ManifestFile[], ManifestFile[]], files: (specs: readonly TargetSpec[], side: 'base' | 'head') => Promise<ManifestFile[]>, analyze: (base: ManifestFile[], head: ManifestFile[]) => DiffReport): Promise<NonNullable<TargetResult['fold']>> {
  const { alone, ...told } = fold;
  if (!alone || (fold.olds.length > 0) === (fold.news.length > 0)) return told;
  const [b, h] = fold.olds.length ? [await files(alone.base, 'base'), full[1]] : [full[0], await files(alone.head, 'head')];
  const { opened, closed } = analyze(b, h).counts;
  return { ...told, alternative: { opened, closed } };
}

/** Head's changed files holding policies that no cluster model reads on either side, outside charts: where moved policies may have gone. */
function unbuiltPolicyFiles(changed: ReadonlySet<string>, deployed: ReadonlySet<string>, head: SideIndex, charts: readonly string[]): ManifestFile[] {
  return [...changed].sort().flatMap((p) => {
    const f = head.files.byPath.get(p);
    return f && !deployed.has(p) && !inChartFolder(p, charts) && POLICY_KIND.test(f.text) ? [f] : [];
  });
}

/**
 * Results whose paths come from policies that moved into files no target builds (unbuilt-moves.ts), replaced
 * (in place) by the move's reading when that finds no change: the report with the moved policies applied,
 * carrying `assumedFold.unbuilt` and the counts of the reading without them. Returns the files so taken
 * as applied, each with the model it was taken for (the OUTSIDE_TARGETS notice names them apart).
 */
function readMovesIntoUnbuilt(results: TargetResult[], sides: readonly { readonly cluster?: string; readonly base: ManifestFile[]; readonly head: ManifestFile[]; readonly plain: boolean }[], unbuilt: readonly ManifestFile[], analyze: (base: ManifestFile[], head: ManifestFile[]) => DiffReport): Map<string, string> {
  const taken = new Map<string, string>();
  if (unbuilt.length === 0) return taken;
  const heads = new Map<number, PolicyIdentities>();
  const headOf = (i: number) => heads.get(i) ?? heads.set(i, policyIdentities(sides[i].head)).get(i)!;
  for (const [i, r] of results.entries()) {
    const { opened, closed } = r.report.counts;
    if (opened + closed === 0 || r.report.assumedFold || !sides[i].plain) continue;
    const cluster = sides.flatMap((s, j) => (s.cluster === sides[i].cluster ? [headOf(j)] : []));
    const copies = movedCopies(goneFromCluster(policyIdentities(sides[i].base), cluster), unbuilt);
    if (copies.length === 0) continue;
    const report = analyze(sides[i].base, [...sides[i].head, ...copies]);
    if (report.counts.opened + report.counts.closed > 0) continue;
    const paths = [...new Set(copies.map((c) => c.path))];
    results[i] = { ...r, report: { ...report, assumedFold: { olds: [], news: [], opened, closed, unbuilt: paths } } };
    for (const p of paths) taken.set(p, r.name);
  }
  return taken;
}

/**
 * A "no change" that holds only under the fold's assumption: the report finds no path changed and the
 * comparison without the lone targets does (report/assumed-fold.ts says both readings).
 */
function assumedFold(report: DiffReport, fold: TargetResult['fold']): AssumedFold | undefined {
  const alt = fold?.alternative;
  if (!fold || !alt || alt.opened + alt.closed === 0 || report.counts.opened + report.counts.closed > 0) return undefined;
  return { olds: fold.olds, news: fold.news, opened: alt.opened, closed: alt.closed, ...(fold.wiredBy ? { wiredBy: fold.wiredBy } : {}) };
}

/**
 * The sentence that completes head's target line with the targets only base has (head removed them, and
 * no head target is their moved or restructured form): `" Head removes 2 targets base had: b, c."`;
 * empty when there are none. Head's line alone would not describe every target the report shows.
 */
function removedTargets(units: readonly ClusterModel[]): string {
  const gone = units.filter((u) => u.head.length === 0 && u.base.length > 0).map((u) => u.name);
  if (gone.length === 0) return '';
  return ` Head removes ${plural(gone.length, 'target')} base had: ${gone.join(', ')}.`;
}

/** Each values file (and file parameter) a `helm` entry names, with the targets naming it (helm-docs.ts `requesterKey`s). */
function valuesUsers(targets: readonly TargetSpec[]): Map<string, Set<string>> {
  const users = new Map<string, Set<string>>();
  for (const t of targets) {
    for (const h of t.helm) {
      for (const path of [...h.valuesFiles, ...(h.fileParameters ?? []).map((f) => f.path)]) (users.get(path) ?? users.set(path, new Set()).get(path)!).add(requesterKey({ target: t.name, configured: t.origin === 'config' }));
    }
  }
  return users;
}

/** One cluster model's files on each side, as `diff` analyses them. */
export interface ModelSides {
  readonly name: string;
  readonly cluster?: string;
  readonly members: readonly TargetSpec[];
  readonly base: readonly ManifestFile[];
  readonly head: readonly ManifestFile[];
  /** Head's files whose objects nothing places in a namespace (`placesInDefault` tells whether any lands in `default`). */
  readonly headDefaulted: readonly ManifestFile[];
}

/**
 * The cluster models `diff` finds for these sides, each with its files (roots resolved, rendered,
 * placed): what `explain`, `diff --explain` and `lint` evaluate, so they see what `diff` sees. For one
 * side, pass no base files. `charts`: head's Helm charts no target rendered (CHART_NOT_RENDERED, why helm did not run).
 */
export async function clusterModelSides(
  baseFiles: readonly ManifestFile[],
  headFiles: readonly ManifestFile[],
  options: Pick<TargetsOptions, 'discover' | 'renderers' | 'namespace' | 'extraTargets' | 'treeFolders'> = {},
): Promise<{ readonly how: string; readonly models: readonly ModelSides[]; readonly charts: readonly Notice[] }> {
  // Each side's folder set as analyzeTargets reads it: the same repository finds the same targets in every command.
  const base = sideIndex(new RepoFiles(baseFiles, options.treeFolders?.base));
  const head = sideIndex(new RepoFiles(headFiles, options.treeFolders?.head));
  // One side: no base targets (an empty side would be one plain target).
  const [headFound, baseSel] = withExtra(...alignConfigSyncClusters(...discoverSides(head, baseFiles.length ? base : undefined, options.discover)), options.extraTargets);
  const baseTargets = baseSel?.targets ?? [];
  const headSel = baseFiles.length ? { ...headFound, targets: switchedOnInTree(apartWhenNewInTree(baseTargets, headFound.targets, (p) => base.files.text(p)), headFound.targets, baseSel?.switchedOff) } : headFound;
  const read = async (specs: readonly TargetSpec[], which: 'base' | 'head') => (await unitFiles(specs, which === 'base' ? base : head, options, which)).files;
  // As analyzeTargets models them: the repository's one Flux cluster on each side, under another name, is one (sole-cluster.ts).
  const renamedCluster = soleClusterRename(baseTargets, headSel.targets);
  const charts = new Set<string>();
  const streamRead = new Set<string>();
  const helmUnavailable = new Map<string, Set<string>>();
  const failed: Notice[] = [];
  const models = await allInOrder(
    (await pairRenamed(clusterModels(onRenamedCluster(baseTargets, renamedCluster), headSel.targets, (p) => head.files.text(p) !== undefined, renamedCluster), base, head, read)).map(async (unit) => {
      const [b, h] = await allInOrder([unitFiles(unit.base, base, options, 'base'), unitFiles(unit.head, head, options, 'head')]);
      h.unrenderedCharts.forEach((c) => charts.add(c));
      h.files.forEach((f) => f.sourceLines?.forEach((r) => streamRead.add(r.file)));
      for (const u of h.helmUnavailable ?? []) (helmUnavailable.get(u.chart) ?? helmUnavailable.set(u.chart, new Set()).get(u.chart)!).add(requesterKey(u));
      failed.push(...(h.helmFailed ?? []).map(failedChartNote));
      // A render command that wrote no object (target-files.ts): said by `list`, `lint` and `explain` as `diff` says it.
      failed.push(...h.notices.filter((n) => n.code === 'RENDER_EMPTY'));
      return { name: unit.name, cluster: unit.cluster, members: unit.members, base: b.files, head: h.files, headDefaulted: h.defaulted };
    }),
  );
  // Head's charts nothing rendered, as diff's footnote says them: `lint`, `list` and `explain` are as blind to their templates (new-user trial 36).
  // A chart a --render stream read (`# Source:`) is rendered, though no target's helm entry names it.
  const chartNotes = [...charts].filter((c) => !readFromChart(c, streamRead)).sort().map((c): Notice => ({ code: 'CHART_NOT_RENDERED', message: chartNotRendered(c, helmUnavailable.get(c)), ref: { file: chartFile(c), line: 1 } }));
  return { how: headSel.how, models, charts: [...chartNotes, ...failed] };
}

/** The same change to every target's report and to the combined one (`first`: the first target's, and the combined). */
export function mapReports(report: TargetsReport, change: (r: DiffReport, first: boolean) => DiffReport): TargetsReport {
  const targets = report.targets.map((t, i) => ({ ...t, report: change(t.report, i === 0) }));
  const combined = report.targets.length === 1 ? targets[0].report : change(report.combined, true);
  return { ...report, targets, combined };
}

function combine(results: readonly TargetResult[], headFiles: readonly ManifestFile[], counts: DiffReport['counts'], errors: DiffReport['errors']): DiffReport {
  if (results.length === 1) return results[0].report;
  const reports = results.map((r) => r.report);
  // A file read under two paths (one through a folder link, manifests/real-paths.ts) by two targets is one document.
  const real = realPathOf(headFiles);
  const span = (d: DocumentChange) => {
    const s = (d.head ?? d.base)!;
    return `${d.head ? 'head' : 'base'}:${real(s.file)}:${s.startLine}-${s.endLine}`;
  };
  const once = <T>(items: T[], key: (t: T) => string) => [...new Map(items.map((i) => [key(i), i])).values()];
  const documents = onceRendered(reports.flatMap((r) => r.rollback.documents), span, (d) => real((d.head ?? d.base)!.file) === (d.head ?? d.base)!.file);
  const rollbacks = reports.map((r) => r.rollback);
  const proposals = rollbacks.flatMap((r) => (r.proposal ? [r.proposal] : []));
  const rollback: Rollback = {
    documents,
    minimality: rollbacks.every((r) => r.minimality === 'proven') ? 'proven' : 'greedy',
    remainingOpened: rollbacks.reduce((n, r) => n + r.remainingOpened, 0),
    patch: [documents.length ? unifiedPatch(revertedFiles(headFiles, documents)) : '', ...rollbacks.filter((r) => r.proposal).map((r) => r.patch)].join(''),
    hunks: replacementHunks(documents, headFiles),
    notes: [...new Set(rollbacks.flatMap((r) => r.notes))],
    ...(proposals.length === 1 ? { proposal: proposals[0] } : {}),
  };
  // A renamed namespace two targets revert is one step (analysis/namespace-renames.ts).
  const renames = once(rollbacks.flatMap((r) => r.renames ?? []), (r) => JSON.stringify(r));
  return {
    pairs: reports.flatMap((r) => r.pairs),
    added: reports.flatMap((r) => r.added),
    removed: reports.flatMap((r) => r.removed),
    ...(reports.some((r) => r.renamed?.length) ? { renamed: reports.flatMap((r) => r.renamed ?? []) } : {}),
    changes: once(reports.flatMap((r) => r.changes), span),
    rollback: renames.length ? { ...rollback, renames } : rollback,
    warnings: uniqueWarnings(reports.map((r) => r.warnings)),
    errors,
    unmodelled: combineUnmodelled(reports.map((r) => r.unmodelled)),
    // A shared source file's finding is found by each target that deploys it: once here, naming those targets.
    findings: onceAcrossTargets(results.map((r) => ({ name: r.name, findings: onceBy(r.report.findings, positionKey) }))),
    counts,
    ...(counts.notAnalysed ? { notAnalysed: reports.flatMap((r) => r.notAnalysed ?? []) } : {}),
    ...(reports.some((r) => r.failedOnBase?.length) ? { failedOnBase: reports.flatMap((r) => r.failedOnBase ?? []) } : {}),
    // The check run's summary says when any target's analysis of pods the manifests do not hold was cut short.
    ...(reports.some((r) => r.abstractPeers) ? { abstractPeers: combinedAbstract(reports) } : {}),
    // Changed policies no path shows, each target's (quiet-changes.ts).
    ...(reports.some((r) => r.quietChanges?.length) ? { quietChanges: reports.flatMap((r) => r.quietChanges ?? []) } : {}),
  };
}

/**
 * Documents once per source span; a document several targets render under other names (two overlays'
 * prefixes) keeps every rendered name (analysis/rendered-names.ts).
 */
function onceRendered(documents: readonly DocumentChange[], span: (d: DocumentChange) => string, underRealPath: (d: DocumentChange) => boolean): DocumentChange[] {
  const out = new Map<string, DocumentChange>();
  for (const d of documents) {
    const key = span(d);
    const known = out.get(key);
    // The last copy, as elsewhere here, with the names of every copy; one read under its own path over one read through a link.
    const kept = known && underRealPath(known) && !underRealPath(d) ? known : d;
    const rendered = [...new Set([...(known?.rendered ?? []), ...(d.rendered ?? [])])];
    out.set(key, rendered.length ? { ...kept, rendered } : kept);
  }
  return [...out.values()];
}

/** Regions summed, incomplete if any target is, unresolved named ports of every target. */
function combinedAbstract(reports: readonly DiffReport[]): NonNullable<DiffReport['abstractPeers']> {
  const unresolved = reports.flatMap((r) => r.abstractPeers?.unresolvedNamedPorts ?? []);
  const regions = reports.reduce((n, r) => n + (r.abstractPeers?.regions ?? 0), 0);
  const incomplete = reports.some((r) => r.abstractPeers?.incomplete);
  const cut = reports.find((r) => r.abstractPeers?.regionPairsCut !== undefined)?.abstractPeers?.regionPairsCut;
  const unshown = reports.flatMap((r) => r.abstractPeers?.unshownChanges ?? []);
  return { regions, incomplete, ...(cut === undefined ? {} : { regionPairsCut: cut }), ...(unresolved.length ? { unresolvedNamedPorts: unresolved } : {}), ...(unshown.length ? { unshownChanges: unshown } : {}) };
}

/** Both sides' selections with the extra targets (`--render`) added, each joining a found cluster model where rendered-join.ts says. */
function withExtra<B extends TargetSelection | undefined>(head: TargetSelection, base: B, extra: readonly TargetSpec[] = []): [TargetSelection, B] {
  if (extra.length === 0) return [head, base];
  const found = [...head.targets, ...(base?.targets ?? []).filter((t) => !head.targets.some((h) => h.name === t.name))];
  const joined = joinRendered(extra, found);
  const add = (sel: TargetSelection): TargetSelection => ({ ...sel, how: `${sel.how}${joined.how}`, targets: [...sel.targets, ...joined.targets] });
  return [add(head), (base === undefined ? base : add(base)) as B];
}

export interface ClusterModel {
  readonly name: string;
  readonly cluster?: string;
  readonly members: readonly TargetSpec[];
  readonly base: readonly TargetSpec[];
  readonly head: readonly TargetSpec[];
  /** Set when targets only one side has were paired into this model (renamed-targets.ts). */
  readonly fold?: TargetFold;
}

/** Notice codes whose alike notices are told once across targets (a variable unset for several Kustomizations). */
const UNSET_VARIABLES: ReadonlySet<NoticeCode> = new Set(['SUBSTITUTION']);

/** A side's `EXTERNAL_SOURCE` notices, one per controller object (not as `notices` groups them). */
function externalSourcesOf(sel: TargetSelection): readonly Notice[] {
  return sel.externalSources ?? sel.notices.filter((n) => n.code === 'EXTERNAL_SOURCE');
}

/** Targets by name across both sides, grouped by cluster (a target without one is its own cluster). */
function clusterModels(baseFound: readonly TargetSpec[], head: readonly TargetSpec[], inHead: (path: string) => boolean, renamed?: RenamedCluster): ClusterModel[] {
  // Same-named objects' `#N` as head numbers them, so a name stands for one object on both sides (side-names.ts).
  const base = withHeadNames(baseFound, head, inHead);
  const names = [...new Set([...head.map((t) => t.name), ...base.map((t) => t.name)])];
  const groups = new Map<string, { cluster?: string; names: string[] }>();
  for (const name of names) {
    const spec = head.find((t) => t.name === name) ?? base.find((t) => t.name === name)!;
    const key = modelKey(spec, [...head, ...base]);
    const g = groups.get(key) ?? { names: [] };
    // A joining stream takes its host's cluster (and does not name the model).
    if (!spec.joins) g.cluster ??= spec.cluster;
    g.names.push(name);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => {
    const pick = (side: readonly TargetSpec[]) => side.filter((t) => g.names.includes(t.name));
    const members = g.names.map((n) => head.find((t) => t.name === n) ?? base.find((t) => t.name === n)!);
    const own = members.filter((m) => !m.joins);
    return { name: own.length === 1 ? own[0].name : renamedModelName(g.cluster ?? g.names[0], renamed), cluster: g.cluster, members, base: pick(base), head: pick(head) };
  });
}

/** The files of a side's targets; without renderers (no command runs) once per side and specs (side-reuse.ts). */
/** How a side's targets are read: `skipHelm`, per side, the charts not to render (`helmKey`s: they failed on the other side). */
type ReadOptions = Pick<TargetsOptions, 'renderers' | 'namespace'> & { readonly skipHelm?: { readonly base: ReadonlySet<string>; readonly head: ReadonlySet<string> } };

/** The Flux Kustomizations and Argo CD Applications of `specs` whose build reads a file on `side` (made on first call). */
function controllerOwners(specs: readonly TargetSpec[], side: SideIndex): FileOwners {
  let byFile: Map<string, FileOwner[]> | undefined;
  return (file) => {
    if (!byFile) {
      byFile = new Map();
      for (const t of specs) {
        const c = wholeBuildController(t);
        if (!c) continue;
        const owner: FileOwner = { tool: c.kind === 'FluxKustomization' ? 'flux' : 'argocd', name: c.name };
        for (const p of pathsRead([t], side)) {
          const known = byFile.get(p) ?? [];
          if (!known.some((o) => o.tool === owner.tool && o.name === owner.name)) byFile.set(p, [...known, owner]);
        }
      }
    }
    return byFile.get(file) ?? [];
  };
}

/**
 * The Argo CD Applications of a cluster model (`headSpecs`, `baseSpecs`) whose sync fails on a shared object
 * (argocd-shared-resources.ts): each Application read as its own build, on both sides, only when one of head's sets
 * FailOnSharedResource=true (most models: no build read again).
 */
async function sharedResourceFailures(headSpecs: readonly TargetSpec[], baseSpecs: readonly TargetSpec[], head: SideIndex, base: SideIndex, reading: ReadOptions): Promise<SharedFailure[]> {
  const apps = (specs: readonly TargetSpec[]) => specs.filter((t) => t.origin === 'argocd' && t.controller !== undefined);
  const option = (t: TargetSpec, side: SideIndex) => appSyncOption(t.controller!, (p) => side.files.text(p), FAIL_ON_SHARED);
  if (!apps(headSpecs).some((t) => option(t, head))) return [];
  const builds = (specs: readonly TargetSpec[], side: SideIndex, which: 'base' | 'head') =>
    allInOrder(apps(specs).map(async (t): Promise<AppBuild> => ({ spec: t, id: controllerIdentity(t.controller!), name: t.controller!.name, failsOnShared: option(t, side), objects: buildObjects((await unitFiles([t], side, reading, which)).files) })));
  return sharedFailures(await builds(headSpecs, head, 'head'), await builds(baseSpecs, base, 'base'));
}

function unitFiles(specs: readonly TargetSpec[], side: SideIndex, options: ReadOptions, which: 'base' | 'head'): Promise<TargetFiles> {
  return keptUnitFiles(side, specs, options.namespace, options.renderers?.[which] === undefined, () => readUnitFiles(specs, side, options, which));
}

async function readUnitFiles(specs: readonly TargetSpec[], side: SideIndex, options: ReadOptions, which: 'base' | 'head'): Promise<TargetFiles> {
  const skipHelm = options.skipHelm?.[which];
  const parts = await allInOrder(specs.map((s) => targetFiles(s, side, { renderers: options.renderers?.[which], namespace: options.namespace, ...(skipHelm?.size ? { skipHelm } : {}) })));
  return {
    files: deploymentBuilds(parts.map((p) => p.files)),
    // An empty render on base is a chart the change adds (a command printing nothing there): said of head only.
    notices: parts.flatMap((p) => p.notices).filter((n) => which === 'head' || n.code !== 'RENDER_EMPTY'),
    unrenderedCharts: parts.flatMap((p) => p.unrenderedCharts),
    renderedCharts: parts.flatMap((p) => p.renderedCharts ?? []),
    helmUnavailable: parts.flatMap((p) => p.helmUnavailable ?? []),
    helmFailed: parts.flatMap((p) => p.helmFailed ?? []),
    unset: parts.flatMap((p) => p.unset ?? []),
    opaqueRender: parts.some((p) => p.opaqueRender),
    encrypted: [...new Set(parts.flatMap((p) => p.encrypted))],
    defaulted: parts.flatMap((p) => p.defaulted),
    builtTogether: new Map(parts.flatMap((p) => [...(p.builtTogether ?? [])])),
  };
}

/**
 * A new target compared with its counterpart (counterpart-targets.ts) whose own documents, reverted one by one,
 * cannot close what it opens against that target (the patch it applies is read through the shared bases,
 * which a rollback leaves alone): its rollback is the one of the comparison with an empty cluster, which
 * removes the new target, when that one closes every path. One document is minimal as it is, and so is deleting
 * only what the change added; more may not be.
 */
function wholeTargetRollback(compared: DiffReport, alone: DiffReport, name: string): DiffReport {
  const own = compared.rollback;
  const whole = alone.rollback;
  if (own.remainingOpened === 0 || whole.remainingOpened > 0 || whole.documents.length === 0) return compared;
  const note = `No revert of a part of ${name} closes every path it opens: the rollback removes the new target.`;
  // Deleting what the change added (the new kustomization, and the files only it named: rollback-relevance.ts) is that removal, not a larger set than needed.
  const removal = whole.documents.every((d) => d.change === 'added');
  return { ...compared, rollback: { ...whole, minimality: whole.documents.length === 1 || removal ? whole.minimality : 'greedy', notes: [...whole.notes, note] } };
}

/**
 * A patch can only revert text as written: documents that were rendered (a command's stream, `${VAR}`
 * substituted) are reverted in their sources, which the note names when the controller object changed.
 * The rollback's other documents (plain manifests of the same cluster model) keep their patch; the note
 * says it alone does not close every opened path. `headFiles`: the repository's head files, as written.
 * `${VAR}` substitution alone, with no input of it changed (the same values on both sides), is reverted
 * in the written documents themselves (written-documents.ts). `inputsOf`: the changed inputs of the given
 * streams alone (stream-inputs.ts); `changedInputs`, the whole model's, name the sources of paths no document holds.
 */
function withoutRenderedRollback(analysed: DiffReport, renderedPaths: ReadonlySet<string>, changedInputs: readonly string[], headFiles: readonly ManifestFile[], writtenText: { base: WrittenText; head: WrittenText }, substituted = false, inputsOf: (streams: readonly string[]) => readonly string[] = () => changedInputs): DiffReport {
  const isRendered = (d: DocumentChange) => renderedPaths.has((d.head ?? d.base)!.file);
  // A Flux Kustomization's or an Argo CD Application's edit of the kustomization it builds is reverted in that object's own document (flux-edit-documents.ts).
  const report = asControllerDocuments(analysed, isRendered, headFiles, writtenText);
  const rendered = report.rollback.documents.filter(isRendered);
  if (rendered.length === 0 && !substituted && report.rollback.documents.length === 0 && report.rollback.remainingOpened > 0 && renderedPaths.size && changedInputs.length) return withRenderedInputsNote(report, renderedPaths, changedInputs);
  if (rendered.length === 0) return substituted && changedInputs.length && report.rollback.remainingOpened > 0 ? withSubstitutionNote(report, changedInputs) : report;
  // Stream by stream: a stream none of whose inputs changed is reverted as written (its documents keep their patch).
  const streamOf = (d: DocumentChange) => (d.head ?? d.base)!.file;
  const asWritten = new Map<DocumentChange, DocumentChange>();
  for (const stream of new Set(rendered.map(streamOf))) {
    const own = rendered.filter((d) => streamOf(d) === stream);
    // A stream the change adds whole (its kustomization absent on base): reverting its written documents restores
    // base, where it did not exist, whatever its inputs (the new controller object building it) say. So does one it
    // removes whole, restored with the controller object building it (analysis/rollback-flux-targets.ts).
    const wholeStream = (writtenText.base(stream) === undefined) !== (writtenText.head(stream) === undefined);
    const mapped = inputsOf([stream]).length === 0 || wholeStream ? writtenDocuments(own, writtenText) : undefined;
    mapped?.forEach((w, d) => asWritten.set(d, w));
  }
  const left = rendered.filter((d) => !asWritten.has(d));
  if (left.length === 0) {
    const documents = report.rollback.documents.map((d) => asWritten.get(d) ?? d);
    const patched = { ...report, rollback: { ...report.rollback, documents, patch: unifiedPatch(revertedFiles(headFiles, documents)), hunks: replacementHunks(documents, headFiles) } };
    // Paths the reverts leave open through changed post-build values: those values named.
    return substituted && changedInputs.length && report.rollback.remainingOpened > 0 ? withSubstitutionNote(patched, changedInputs) : patched;
  }
  const leftStreams = [...new Set(left.map(streamOf))];
  const streamChanged = inputsOf(leftStreams);
  const streams = leftStreams.join(', ');
  const inputs = streamChanged.length ? ` (changed here: ${[...new Set(streamChanged)].join(', ')})` : '';
  const written = report.rollback.documents.filter((d) => !left.includes(d)).map((d) => asWritten.get(d) ?? d);
  const source = `revert the change in its sources${inputs}, templates or values`;
  const note = written.length
    ? `Some opened paths come from rendered output (${streams}): ${source}. The patch reverts ${written.length === 1 ? 'the other document of the rollback, which alone does' : `the other ${written.length} documents of the rollback, which alone do`} not close those paths.`
    : `The opened paths come from rendered output (${streams}): ${source}; no patch is offered.`;
  const patch = written.length ? unifiedPatch(revertedFiles(headFiles, written)) : '';
  return { ...report, rollback: { ...report.rollback, documents: written, patch, hunks: replacementHunks(written, headFiles), notes: [...report.rollback.notes, note] } };
}

/**
 * No document to revert, paths left open, and inputs of a rendered stream changed (a chart's values file, its
 * Argo CD Application): the rendered objects changed through those inputs, not through a document of their own
 * that a patch could revert (new-user trial 36: a values file's typo read "Even reverting every changed
 * document leaves 2 opened paths", with no changed document and no source named). The note names the inputs.
 */
function withRenderedInputsNote(report: DiffReport, renderedPaths: ReadonlySet<string>, changedInputs: readonly string[]): DiffReport {
  const streams = [...renderedPaths].filter((p) => /^[a-z]+:/.test(p)).sort();
  const from = streams.length ? ` (${streams.join(', ')})` : '';
  const note = `The opened paths come from rendered output${from}: revert the change in its sources (changed here: ${[...new Set(changedInputs)].join(', ')}), templates or values; no patch is offered.`;
  const notes = report.rollback.notes.filter((n) => !n.startsWith('Even reverting every changed document'));
  return { ...report, rollback: { ...report.rollback, notes: [...notes, note] } };
}

/**
 * The rollback of a model whose Flux post-build values changed (the Kustomization's `postBuild.substitute`, a
 * `substituteFrom` object) and whose written documents, reverted, leave paths open: the paths come from the
 * values, which the note names; the patch (if any) stays.
 */
function withSubstitutionNote(report: DiffReport, changedInputs: readonly string[]): DiffReport {
  const inputs = [...new Set(changedInputs)].join(', ');
  const note = `Some opened paths come from rendered output whose post-build variables changed (changed here: ${inputs}): revert the change in those values${report.rollback.documents.length ? '; the patch alone does not close those paths' : '; no patch is offered'}.`;
  return { ...report, rollback: { ...report.rollback, notes: [...report.rollback.notes, note] } };
}

/**
 * The report's Flux edits (documents no repository holds) told as the controller documents they come from:
 * the changed documents always (where the change was written), the rollback's where reverting that whole
 * document reverts only the edit (its patch and suggestions then edit it).
 */
function asControllerDocuments(report: DiffReport, isRendered: (d: DocumentChange) => boolean, headFiles: readonly ManifestFile[], writtenText: { base: WrittenText; head: WrittenText }): DiffReport {
  const revert = fluxEditDocuments(report.rollback.documents.filter(isRendered), writtenText);
  const told = fluxEditDocuments(report.changes.filter(isRendered), writtenText, false);
  if (revert.size === 0 && told.size === 0) return report;
  const documents = report.rollback.documents.map((d) => revert.get(d) ?? d);
  // The controller document read as a document of its own too (by the Flux Kustomization that applies its
  // folder, keyed `file#line`) is that same change: told once, by its object's name.
  const at = (d: DocumentChange) => [d.base, d.head].map((s) => (s ? `${s.file}:${s.startLine}-${s.endLine}` : '')).join('|');
  const named = new Set([...told.values()].flatMap((d) => (d ? [at(d)] : [])));
  const changes = report.changes.flatMap((d) => {
    const as = told.get(d);
    return as ? [as] : told.has(d) || !named.has(at(d)) ? [d] : [];
  });
  const reverted = documents.some((d, i) => d !== report.rollback.documents[i]);
  const rollback = reverted ? { ...report.rollback, documents, patch: unifiedPatch(revertedFiles(headFiles, documents)), hunks: replacementHunks(documents, headFiles) } : report.rollback;
  return { ...report, changes, rollback };
}

/**
 * Paths whose text differs between `base` and `head` (added, removed or edited), head's first, each list in
 * its order; read through each side's index of the same files (`baseIndex`, `headIndex`: by path, the last
 * file of a path counting, as a map of the list would; made here when not given).
 */
export function changedPaths(base: readonly ManifestFile[], head: readonly ManifestFile[], baseIndex = new RepoFiles(base), headIndex = new RepoFiles(head)): Set<string> {
  const out = new Set<string>();
  for (const f of head) if (baseIndex.text(f.path) !== f.text) out.add(f.path);
  for (const f of base) if (!headIndex.byPath.has(f.path)) out.add(f.path);
  return out;
}

/** Each warning once, across targets that share files. */
function uniqueWarnings(lists: readonly DiffReport['warnings'][]): DiffReport['warnings'] {
  return { base: onceBy(lists.flatMap((l) => l.base), positionKey), head: onceBy(lists.flatMap((l) => l.head), positionKey) };
}

function sum(results: readonly TargetResult[], key: 'opened' | 'closed'): number {
  return results.reduce((n, r) => n + r.report.counts[key], 0);
}

/** Notices without repeats (both sides and several targets often say the same thing). */
class NoticeList {
  readonly list: Notice[] = [];
  private readonly seen = new Set<string>();
  constructor(initial: readonly Notice[]) {
    initial.forEach((n) => this.add(n));
  }
  add(n: Notice): void {
    if (this.seen.has(n.message)) return;
    this.seen.add(n.message);
    this.list.push(n);
  }
}

/** A Namespace object other than `default` among a target's files: its namespace-less objects are probably meant for it. */
function declaresNamespace(files: readonly ManifestFile[]): boolean {
  return files.some((f) => /^kind:\s*["']?Namespace["']?\s*(#.*)?$/m.test(f.text) && !/^\s*name:\s*["']?default["']?\s*$/m.test(f.text));
}

/** Where each side's Flux post-build values are written (TargetSpec `substituteLines`), for the analysis to cite a changed one; none without. */
function substituteLinesOf(base: readonly TargetSpec[], head: readonly TargetSpec[]): { readonly substituteLines?: SubstituteLines } {
  const merged = (ts: readonly TargetSpec[]) => Object.assign({}, ...ts.map((t) => t.substituteLines ?? {})) as Record<string, SourceRef>;
  if (![...base, ...head].some((t) => t.substituteLines)) return {};
  return { substituteLines: { base: merged(base), head: merged(head) } };
}

/** Each path → the Flux post-build values of the targets of `specs` that read it (renamed-targets.ts `pathsRead`), worked out when first asked. */
function postBuildValues(specs: readonly TargetSpec[], idx: SideIndex): Substitutes {
  let byPath: Map<string, Readonly<Record<string, string>>[]> | undefined;
  return (path) => {
    if (!byPath) {
      byPath = new Map();
      for (const t of specs) {
        if (!t.substitute) continue;
        for (const p of pathsRead([t], idx)) (byPath.get(p) ?? byPath.set(p, []).get(p)!).push(t.substitute);
      }
    }
    return byPath.get(path) ?? [];
  };
}
