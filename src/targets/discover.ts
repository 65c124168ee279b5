/**
 * Which targets a side deploys, first match wins:
 * 1. `targets:` of the configuration;
 * 2. GitOps controller objects in the repository (Argo CD `Application`/`ApplicationSet`, Flux
 *    `Kustomization`) whose sources are folders of this repository;
 * 3. every top-level kustomization (one no other kustomization includes), plus one target for the
 *    plain manifests outside any kustomization.
 */
import { isObject } from '../manifests/context.js';
import type { ClustersFromList, GeneratedApplication } from './applicationset.js';
import { clustersFromListNotice, generatedApplications } from './applicationset.js';
import { clustersFor } from './cluster-secrets.js';
import { isSelectedClusters } from './unknown-clusters.js';
import { namedBySecrets } from './secret-cluster-names.js';
import { LOCAL_CLUSTER } from './cluster-secrets.js';
import { firstAndMore } from '../util/and-list.js';
import { plural } from '../util/plural.js';
import { applicationTarget } from './argocd.js';
import type { ControllerObject } from './controller-objects.js';
import { findControllerObjects, sameRepository } from './controller-objects.js';
import { inBuildNamespace, renderedControllerObjects } from './rendered-controllers.js';
import { patchFiles, patchFilesNotice } from './patch-files.js';
import { fluxEditedControllers } from './flux-edited-controllers.js';
import { withoutNonDeployments } from './not-deployments.js';
import { commentedIncludeNotices, commentedIncludes } from './commented-includes.js';
import { alternativeBundles } from './alternative-bundles.js';
import { HAS_KIND_LINE, HOLDS_NO_OBJECT } from './object-files.js';
import { hasFact } from './text-facts.js';
import { buildObjects, copiedKeys, renderedCopies } from './rendered-copies.js';
import type { GoFolderList } from './fixture-trees.js';
import { fixtureTreesNotice, goFoldersOf, withoutFixtureTrees } from './fixture-trees.js';
import { templateFiles } from './template-files.js';
import { fluxArtifact, fluxRepoUrls, fluxTarget, fromThisRepository, invalidSourceRef, trackedBranch } from './flux.js';
import { withParentSubstitutions } from './flux-parent-substitution.js';
import { fluxInstanceSources } from './flux-instance-sync.js';
import { mirrorUrls } from './mirror-urls.js';
import type { FluxPaths } from './flux-builds.js';
import { builtFromArtifact, fluxBuildPath, fluxPaths } from './flux-builds.js';
import { artifactLeftOutKustomizations } from './flux-artifact-kustomizations.js';
import { topLevelKustomizations } from '../kustomize/index.js';
import { groupedExternalSources } from './external-source-notices.js';
import { retiredNotice, unbuiltRetired } from './retired-folders.js';
import { unlistedKustomizations } from './unlisted-kustomizations.js';
import { unappliedBuildNotice } from './unapplied-builds.js';
import { groupedAlikeFluxNotices } from './alike-flux-notices.js';
import { kustomizationClosure } from './kustomizations.js';
import { partialKustomizationNotice, partialKustomizations } from './partial-kustomizations.js';
import { chartFile, fileSkipReason, skipReason } from './non-manifest.js';
import { clusterSecretBuilds } from './cluster-secrets.js';
import { splitByConfigSyncCluster } from './config-sync-clusters.js';
import { configSyncScopes, scopeClusterNames } from './config-sync-scopes.js';
import type { ManifestFile } from '../manifests/load.js';
import type { RepoFiles } from './repo-files.js';
import { normalizeFolder } from './repo-files.js';
import { inheritFluxClusters } from './flux-clusters.js';
import type { SideIndex } from './target-files.js';
import { sideIndex } from './target-files.js';
import type { Notice, SwitchedOff, TargetSelection, TargetSpec } from './types.js';
import { HELM_CHARTS_DOCS, chartNotRenderedWhy, helmNotOnPath } from './helm-docs.js';
import { dirOf } from '../util/repo-paths.js';
import type { InstanceFolders } from './controller-instances.js';
import { definingFolder, fluxApplies, instanceFolders, instancesNotIn, joinedInstances, localClustersByInstance, noInstances } from './controller-instances.js';

export interface DiscoverOptions {
  /** `targets:` from the configuration (already validated). */
  readonly configTargets?: readonly TargetSpec[];
  /** Top-level `namespaceFromPath`, for discovered targets (configured ones carry their own). */
  readonly namespaceFromPath?: string;
  /** URLs of this repository, to tell its sources from other repositories' (empty: unknown). */
  readonly repoUrls?: readonly string[];
  /**
   * The branch under review (a pull request's base branch): a Flux source that tracks another branch of
   * this repository deploys that branch, and is not analysed (flux.ts). Undefined: unknown.
   */
  readonly branch?: string;
  /**
   * Set when `branch` is only the name of the base revision's branch (the CLI's `diff feature-1 feature-2`
   * without `--branch`), not a branch stated as the one under review: a side none of whose Flux sources of
   * this repository tracks it reads `defaultBranch` (the repository's default branch, `origin/HEAD`) as the
   * branch under review when one tracks that, else the branch as unknown (every source analysed, as for a
   * revision naming no branch). So a stacked branch's diff reads the same targets as `diff HEAD~1 HEAD`.
   */
  readonly branchFromRevision?: { readonly defaultBranch?: string };
  /**
   * The include globs the user gave (`--path`, else the configuration's `manifests`): one that names a
   * test-fixture or vendored tree's folder brings that tree back into the layout's targets (fixture-trees.ts).
   */
  readonly selectGlobs?: readonly string[];
  /**
   * Set when those globs narrow the files read (`--path`, or `manifests:` other than the default): Argo CD and
   * Flux objects outside them are not read, so the targets line says none was found among the files selected,
   * not that the repository has none (new-user trial fresh60: `--path 'k8s/**'` beside a `clusters/` folder).
   */
  readonly narrowed?: boolean;
  /**
   * The folders of the repository holding `.go` sources and `go.mod` (either side; files discovery is not
   * given): YAML inside a Go package tree is the package's, not a deployment (fixture-trees.ts).
   */
  readonly goFolders?: GoFolderList;
  /**
   * The workloads and policies (`Kind/namespace/name`) the other side's rendered copies define, when the two
   * sides of a change are judged together (`discoverSides`): a unit defining only those is a copy with less
   * evidence of its own (rendered-copies.ts).
   */
  readonly copiedElsewhere?: readonly string[];
  /**
   * This side's name, when the other side of the change is read through controller objects and this one would
   * be read from the layout (`discoverSides`): the controller objects of failing builds no controller object
   * deploys are read as written even with no other object giving targets, so that both sides are read the same
   * way (unapplied-builds.ts), said by a notice naming the side and the failing build at its file:line.
   */
  readonly unappliedAlone?: 'base' | 'head';
  /**
   * The clusters the other side's Argo CD targets name (`namedClusters`), when the two sides of a change are
   * judged together (`discoverSides`) and this side has ApplicationSets whose clusters only Argo CD knows: their
   * Applications for those clusters are made on this side too, so a change adding the first Application sent
   * to a cluster does not read the set's Application there as new.
   */
  readonly clustersElsewhere?: readonly string[];
  /**
   * The folders of Argo CD and Flux instances the other side defines and this one does not (controller-instances.ts),
   * when the two sides are judged together (`discoverSides`): this side's targets sent to in-cluster from those
   * folders, and its Flux roots defined in them, are on that folder's cluster too, so a commit adding a second
   * cluster's folder does not move the first cluster's targets.
   */
  readonly instancesElsewhere?: InstanceFolders;
}

export const PLAIN_TARGET = 'plain manifests';

export function discoverTargets(files: RepoFiles | SideIndex, options: DiscoverOptions = {}): TargetSelection {
  const side = 'charts' in files ? files : sideIndex(files);
  if (options.configTargets?.length) {
    const names = options.configTargets.map((t) => t.name);
    return perCluster({ origin: 'config', how: `Targets from the configuration (targets:): ${names.join(', ')}.`, targets: options.configTargets, notices: [] }, side);
  }
  const withPattern = (t: TargetSpec): TargetSpec => (options.namespaceFromPath && !t.namespaceFromPath ? { ...t, namespaceFromPath: options.namespaceFromPath } : t);
  const controllers = fromControllers(side, options.repoUrls ?? [], options.branch, options.selectGlobs, options.branchFromRevision, options.unappliedAlone, options.clustersElsewhere, options.instancesElsewhere);
  if (controllers.targets.length) return perCluster({ ...controllers, targets: controllers.targets.map(withPattern) }, side);
  // Controller objects that deploy nothing from this tree (sources elsewhere, other branches, missing
  // paths) left notices: the targets line says they were found, not that there were none.
  const layout = fromLayout(side, controllers.notices.length ? 'no targets configured; the Argo CD or Flux objects found deploy nothing from this tree (see the notes)' : `no targets configured, no Argo CD or Flux objects${options.narrowed ? ' in the files selected by --path or manifests' : ''}`, controllers.notDeployed, options.namespaceFromPath, options.selectGlobs, options.goFolders, controllers.fluxPaths, new Set(controllers.retired), new Set(options.copiedElsewhere));
  return perCluster({ ...layout, targets: layout.targets.map(withPattern), notices: [...controllers.notices, ...layout.notices], ...(controllers.retired ? { retired: controllers.retired } : {}), ...(controllers.switchedOff ? { switchedOff: controllers.switchedOff } : {}), ...(controllers.externalSources ? { externalSources: controllers.externalSources } : {}) }, side);
}

/**
 * The targets of both sides of a change (`base` absent: one side only), each side's rendered copies judged
 * with the other's (rendered-copies.ts): a side is discovered again, knowing the workloads and policies the
 * other side's copies define, when it does not leave them all out as copies itself. A side read from the
 * layout while the other is read through controller objects is read again with `unappliedAlone`: when its
 * controller objects were all lost with a failing build, it is read through them as well. `discover`: how one
 * side is discovered (a warm process keeps its answers: side-reuse.ts).
 */
export function discoverSides<B extends SideIndex | undefined>(head: SideIndex, base: B, options: DiscoverOptions = {}, discover: (side: SideIndex, options: DiscoverOptions) => TargetSelection = discoverTargets): [TargetSelection, B extends SideIndex ? TargetSelection : undefined] {
  type Base = B extends SideIndex ? TargetSelection : undefined;
  let headSel = discover(head, options);
  if (!base) return [headSel, undefined as Base];
  let baseSel = discover(base, options);
  // One side read through controller objects, the other from the layout because its controller objects are all in
  // a failing build no controller object deploys (an app-of-apps kustomization applied by a bootstrap): that side
  // reads them as written too, so both sides are read the same way (unapplied-builds.ts).
  let [headOptions, baseOptions] = [alignedOptions(options, headSel, baseSel, 'head'), alignedOptions(options, baseSel, headSel, 'base')];
  if (headOptions !== options) [headSel, headOptions] = aligned(headSel, discover(head, headOptions), options, headOptions);
  if (baseOptions !== options) [baseSel, baseOptions] = aligned(baseSel, discover(base, baseOptions), options, baseOptions);
  // ApplicationSets whose clusters only Argo CD knows make their Applications for the clusters either side names.
  const [headNamed, baseNamed] = [headSel, baseSel];
  [headSel, headOptions] = withClustersElsewhere(head, headSel, baseNamed, headOptions, discover);
  [baseSel, baseOptions] = withClustersElsewhere(base, baseSel, headNamed, baseOptions, discover);
  // Argo CD and Flux instances one side defines name the other side's clusters too (controller-instances.ts).
  const [headInstances, baseInstances] = [headSel.instances ?? {}, baseSel.instances ?? {}];
  [headSel, headOptions] = withInstancesElsewhere(head, headSel, baseInstances, headOptions, discover);
  [baseSel, baseOptions] = withInstancesElsewhere(base, baseSel, headInstances, baseOptions, discover);
  const keys = (side: SideIndex, sel: TargetSelection) => copiedKeys(sel.copies ?? [], (p) => side.files.text(p), options.namespaceFromPath);
  const [headKeys, baseKeys] = [keys(head, headSel), keys(base, baseSel)];
  const again = (side: SideIndex, sel: TargetSelection, own: ReadonlySet<string>, other: ReadonlySet<string>, sideOptions: DiscoverOptions) => ([...other].some((k) => !own.has(k)) ? discover(side, { ...sideOptions, copiedElsewhere: [...other].sort() }) : sel);
  return [again(head, headSel, headKeys, baseKeys, headOptions), again(base, baseSel, baseKeys, headKeys, baseOptions) as Base];
}

/**
 * A side with stand-in clusters (unknown-clusters.ts) read again with `clustersElsewhere`, the clusters only the
 * other side's Argo CD targets name, and its options; else the side and options as they are. A pull request
 * adding the first Application sent to in-cluster then finds the set's in-cluster Application on base too, not
 * as new on head.
 */
function withClustersElsewhere(side: SideIndex, sel: TargetSelection, other: TargetSelection, options: DiscoverOptions, discover: (side: SideIndex, options: DiscoverOptions) => TargetSelection): [TargetSelection, DiscoverOptions] {
  if (!sel.targets.some((t) => t.standIn)) return [sel, options];
  const own = new Set(namedClusters(sel.targets));
  const more = namedClusters(other.targets).filter((c) => !own.has(c));
  if (more.length === 0) return [sel, options];
  const withMore = { ...options, clustersElsewhere: more };
  return [discover(side, withMore), withMore];
}

/** A side read again with `instancesElsewhere` when the other side defines Argo CD or Flux instances in folders this side does not, and its options; else as they are. */
function withInstancesElsewhere(side: SideIndex, sel: TargetSelection, other: InstanceFolders, options: DiscoverOptions, discover: (side: SideIndex, options: DiscoverOptions) => TargetSelection): [TargetSelection, DiscoverOptions] {
  // A side of Flux targets alone has no Argo CD target to place.
  const more = instancesNotIn(sel.origin === 'flux' ? { flux: other.flux } : other, sel.instances ?? {});
  if (noInstances(more) || !FROM_CONTROLLERS.has(sel.origin)) return [sel, options];
  const withMore = { ...options, instancesElsewhere: more };
  return [discover(side, withMore), withMore];
}

const FROM_LAYOUT: ReadonlySet<TargetSelection['origin']> = new Set(['kustomization', 'plain']);
const FROM_CONTROLLERS: ReadonlySet<TargetSelection['origin']> = new Set(['argocd', 'flux']);

/** `options` with `unappliedAlone` for the side `sel` (named `side`) when it comes from the layout and the other side's from controller objects; else `options` itself. */
function alignedOptions(options: DiscoverOptions, sel: TargetSelection, other: TargetSelection, side: 'base' | 'head'): DiscoverOptions {
  return FROM_LAYOUT.has(sel.origin) && FROM_CONTROLLERS.has(other.origin) ? { ...options, unappliedAlone: side } : options;
}

/** The side's selection read again with `unappliedAlone`, and its options, when that reads it through controller objects; else the first reading and options (no failing build held them). */
function aligned(first: TargetSelection, again: TargetSelection, options: DiscoverOptions, alignedWith: DiscoverOptions): [TargetSelection, DiscoverOptions] {
  return FROM_CONTROLLERS.has(again.origin) ? [again, alignedWith] : [first, options];
}

/** Config Sync cluster selectors: each target once per cluster the repository names (config-sync-clusters.ts). */
function perCluster(selection: TargetSelection, side: SideIndex): TargetSelection {
  const split = splitByConfigSyncCluster(selection.targets, side);
  return split.notices.length ? { ...selection, targets: split.targets, notices: [...selection.notices, ...split.notices] } : selection;
}

/** A Helm values file by its name (`values.yaml`, `values-prod.yaml`, `helm/values.yml`). */
const HELM_VALUES_FILE = /(^|\/)values[^/]*\.ya?ml$/;

/**
 * `notDeployed`: files holding controller objects that are templates, test fixtures or samples (not-deployments.ts), no plain
 * manifests either; `selectGlobs` bring a fixture or sample tree back. `fluxPaths`: the folders the Flux Kustomizations
 * found name that may be folders of this tree (flux-builds.ts).
 */
function fromControllers(side: SideIndex, knownUrls: readonly string[], stated: string | undefined, selectGlobs: readonly string[] = [], fromRevision?: DiscoverOptions['branchFromRevision'], unappliedAlone?: 'base' | 'head', clustersElsewhere: readonly string[] = [], instancesElsewhere: InstanceFolders = {}): TargetSelection & { readonly notDeployed: ReadonlySet<string>; readonly fluxPaths: FluxPaths } {
  let repoUrls = knownUrls;
  const { files } = side;
  const readable = (path: string) => skipReason(path, '', side.charts) === undefined;
  // Objects that kustomizations use are read as rendered (an overlay's patch applied), the rest as committed.
  const rendered = renderedControllerObjects(side, readable);
  // Templates and test fixtures are no deployments: left out, each with a notice (not-deployments.ts).
  // Objects a parent Flux Kustomization's patches change are read from its edited build (flux-edited-controllers.ts).
  // A Flux Kustomization is applied with its parent's post-build variables expanded (flux-parent-substitution.ts).
  // Objects of failing builds read as written keep the namespace their build sets (rendered-controllers.ts).
  const read = withParentSubstitutions(fluxEditedControllers([...findControllerObjects(files, readable, rendered.claimed).map((o) => inBuildNamespace(o, side, rendered.unapplied)), ...rendered.objects], side), files);
  const nonFixtures = withoutNonDeployments(read, selectGlobs);
  // Retired folders (`archive/`) no deployed Flux build reads: their Kustomizations and files are no deployments (retired-folders.ts).
  const retired = unbuiltRetired(side, nonFixtures.objects);
  const afterRetired = retired.kustomizations.length ? nonFixtures.objects.filter((o) => !retired.kustomizations.includes(o)) : nonFixtures.objects;
  // Flux Kustomizations their folder's kustomization leaves out (switched off) and no deployed build reads (unlisted-kustomizations.ts).
  const unlisted = unlistedKustomizations(side, afterRetired);
  const gone = new Set(unlisted.kustomizations);
  const kept = gone.size ? afterRetired.filter((o) => !gone.has(o)) : afterRetired;
  const notices = unlisted.notice ? [...nonFixtures.notices, unlisted.notice] : nonFixtures.notices;
  const notDeployed = retired.files.size ? new Set([...nonFixtures.files, ...retired.files]) : nonFixtures.files;
  // The GitRepository a FluxInstance's sync makes, which no file writes (flux-instance-sync.ts).
  // Helm values files (not manifests) are read too: the flux-instance chart's `instance.sync` is written in one.
  const synced = fluxInstanceSources(files, (p) => (readable(p) || HELM_VALUES_FILE.test(p)) && !notDeployed.has(p), kept);
  const found = synced.length ? [...kept, ...synced] : kept;
  let mirrors: ReturnType<typeof mirrorUrls> | undefined;
  if (repoUrls.length === 0) repoUrls = [...new Set([...inferRepoUrls(found, files), ...fluxRepoUrls(found, files)])];
  else {
    // This repository's URL on another host (a self-hosted server GitHub mirrors) is this repository (mirror-urls.ts).
    mirrors = mirrorUrls(found, files, repoUrls);
    if (mirrors.urls.length) (repoUrls = [...repoUrls, ...mirrors.urls]), notices.push(...mirrors.notices);
  }
  // Flux Kustomizations whose file their parent's source artifact leaves out: Flux never applies them (flux-artifact-kustomizations.ts).
  const foundSources = found.filter((s) => s.kind === 'GitRepository');
  const leftOut = artifactLeftOutKustomizations(side, found, (ks) => (fromThisRepository(ks, foundSources, files, repoUrls) ? fluxArtifact(ks, foundSources, files) : undefined));
  const objects = leftOut.kustomizations.length ? found.filter((o) => !leftOut.kustomizations.includes(o)) : found;
  if (leftOut.notice) notices.push(leftOut.notice);
  const branch = reviewedBranch(stated, fromRevision, objects, repoUrls, notices);
  const targets: TargetSpec[] = [];
  const counts = { Application: 0, ApplicationSet: 0, FluxKustomization: 0 };
  /** Target index → the kustomization folder its controller object was rendered from. */
  const via = new Map<number, string>();
  const add = (t: TargetSpec | undefined, from: ControllerObject) => {
    if (!t) return;
    counts[from.kind as keyof typeof counts] += 1;
    targets.push(uniqueName(from.via !== undefined ? { ...t, parentBuild: from.via } : t, targets));
    if (from.via !== undefined) via.set(targets.length - 1, from.via);
  };
  const clusterSecrets = objects.filter((o) => o.kind === 'ClusterSecret');
  // Builds an Application syncs that render no ApplicationSet: folders of cluster Secrets every set of that Argo CD reads (cluster-secrets.ts).
  const secretBuilds = clusterSecretBuilds(objects);
  const listUses: ClustersFromList[] = [];
  const missingListed: string[] = [];
  /** ApplicationSets with a stand-in cluster (unknown-clusters.ts), expanded again below for the clusters other targets name. */
  const standInSets: ControllerObject[] = [];
  const collect = (o: ControllerObject) => {
    if (o.kind === 'Application') add(applicationTarget(o, specOf(o), files, repoUrls, notices), o);
    if (o.kind === 'ApplicationSet') {
      const uses = listUses.length;
      const apps = generatedApplications(o, files, repoUrls, notices, clustersFor(o, clusterSecrets, secretBuilds), listUses);
      // Clusters taken from a list may not be this environment's: a path missing for one says it is not (a staging
      // cluster listed in a base that a production overlay patches), and goes into the notice, not a note each.
      const guessed = listUses.length > uses;
      if (apps.some((a) => a.eachCluster !== undefined)) standInSets.push(o);
      for (const app of apps) {
        const own: Notice[] = guessed ? [] : notices;
        const t = applicationTarget({ ...o, name: app.name }, app.spec, files, repoUrls, own);
        for (const n of guessed ? own : []) {
          if (n.code === 'MISSING_ROOT') missingListed.push(app.name);
          else notices.push(n);
        }
        // The set's own name, not the generated Application's (real-eval 11, G12).
        const each = app.eachCluster !== undefined ? ' for each cluster it selects' : '';
        add(t && { ...t, why: `Application ${app.name} generated by ApplicationSet ${o.name} (${o.ref.file}:${o.ref.line})${each}`, controller: { kind: 'Application', name: app.name, ref: o.ref, generatedBy: o.name }, ...(app.eachCluster !== undefined ? { standIn: true as const } : {}) }, o);
      }
    }
    if (o.kind === 'FluxKustomization') add(fluxTarget(o, objects.filter((s) => s.kind === 'GitRepository'), files, repoUrls, notices, branch), o);
  };
  // Objects of failing builds no controller object deploys are read as written (unapplied-builds.ts) only beside
  // targets the other objects give: alone they would turn a layout reading, where such a build is a target
  // whose error is reported, into one that deploys their few Applications and nothing else. Unless the other
  // side is read through controller objects (`unappliedAlone`): then the layout reading is the odd one.
  const unapplied = rendered.unapplied;
  const asWritten = (o: ControllerObject) => unapplied !== undefined && o.via === undefined && unapplied.files.has(o.ref.file);
  for (const o of objects) if (!asWritten(o)) collect(o);
  const alone = targets.length === 0 && unappliedAlone !== undefined;
  const readAsWritten = unapplied !== undefined && (targets.length > 0 || alone) && objects.some(asWritten);
  if (readAsWritten) {
    for (const o of objects) if (asWritten(o)) collect(o);
    notices.push((alone && unappliedBuildNotice(unapplied.builds, unapplied.objects, unappliedAlone)) || unapplied.notice);
  }
  // A cluster named by its server URL is the cluster Secret's name for it: one cluster, one model (secret-cluster-names.ts).
  namedBySecrets(targets, clusterSecrets);
  const before = targets.length;
  if (standInSets.length) notices.push(...namedClusterApplications(targets, standInSets, clustersElsewhere, (o, named) => generatedApplications(o, files, repoUrls, [], clustersFor(o, clusterSecrets, secretBuilds), [], named), (o, app) => applicationTarget({ ...o, name: app.name }, app.spec, files, repoUrls, [])));
  counts.ApplicationSet += targets.length - before;
  inheritClusters(targets, via);
  // The same Argo CD or Flux object in two folders is two instances of it, each on its own cluster (controller-instances.ts):
  // what each Argo CD sends to in-cluster is on it; each Flux's roots are, below (inheritFluxClusters).
  // A Flux Kustomization copy counts where a Flux applies it: under a path this side's Flux Kustomizations name, or rendered by an install's folder.
  const instances = instanceFolders(objects, fluxApplies(targets.filter((t) => t.origin === 'flux').flatMap((t) => t.roots)));
  const allInstances = joinedInstances(instances, instancesElsewhere);
  localClustersByInstance(targets, allInstances.argocd ?? [], (i) => definingFolder({ ref: targets[i].ref!, via: via.get(i) }));
  const fromList = clustersFromListNotice(listUses, missingListed);
  if (fromList) notices.push(fromList);
  if (branch === undefined) notices.push(...branchesUnknown(targets));
  // A Flux Kustomization deployed by another, without kubeConfig, is in that one's cluster (flux-clusters.ts).
  inheritFluxClusters(targets, allInstances.flux);
  // Flux Kustomizations of one name in several clusters: each named by its cluster, not told apart by `#2`.
  namedByCluster(targets);
  const parts = [
    counts.Application && plural(counts.Application, 'Argo CD Application'),
    counts.ApplicationSet && `${plural(counts.ApplicationSet, 'Application')} generated by ApplicationSets`,
    counts.FluxKustomization && plural(counts.FluxKustomization, 'Flux Kustomization'),
  ].filter(Boolean);
  const clusters = [...new Set(targets.map((t) => t.cluster).filter((c): c is string => !!c))];
  // The clusters a selector picks (unknown-clusters.ts) are said as such, after the clusters named.
  const named = clusters.filter((c) => !isSelectedClusters(c));
  const selected = clusters.filter(isSelectedClusters);
  const where = clusters.length ? ` (${[...(named.length ? [`cluster${named.length === 1 ? '' : 's'} ${named.join(', ')}`] : []), ...selected].join('; ')})` : '';
  const origin = counts.FluxKustomization && !counts.Application && !counts.ApplicationSet ? 'flux' : 'argocd';
  // A Kustomization of another repository's GitRepository names that repository's folders, not this tree's;
  // one without a valid sourceRef is rejected by the cluster and builds nothing.
  const sources = objects.filter((s) => s.kind === 'GitRepository');
  const building = objects.filter((o) => o.kind === 'FluxKustomization' && invalidSourceRef(o) === undefined && (sourceKindOf(o) !== 'GitRepository' || fromThisRepository(o, sources, files, repoUrls)));
  const retiredNote = retiredNotice(retired);
  const withRetired = retired.files.size ? { retired: [...retired.files] } : {};
  const withMirrors = mirrors?.urls.length ? { mirrorUrls: mirrors.urls } : {};
  // A switched-off Kustomization of another repository's source names that repository's folders: a changed
  // file here is not "under its path" (one without spec.path would hold every file: real repositories 41).
  const ofThisTree = (s: SwitchedOff) => {
    const ks = unlisted.kustomizations.find((k) => k.ref.file === s.ref.file && k.ref.line === s.ref.line);
    return ks === undefined || sourceKindOf(ks) !== 'GitRepository' || fromThisRepository(ks, sources, files, repoUrls);
  };
  const switchedOff = [...(unlisted.switchedOff ?? []).filter(ofThisTree), ...(leftOut.switchedOff ?? [])];
  const withSwitchedOff = switchedOff.length ? { switchedOff } : {};
  // Each object's own notice, before alike ones are told once: a change to any of them is said (external-changes.ts).
  const externalSources = notices.filter((n) => n.code === 'EXTERNAL_SOURCE').map(({ fluxSource: _grouping, ...n }: Notice & { fluxSource?: unknown }) => n);
  return { origin, how: `Targets from ${parts.join(' and ')} in this repository${where}.`, targets, notices: [...groupedAlikeFluxNotices(groupedExternalSources(notices)), ...(retiredNote ? [retiredNote] : [])], ...(externalSources.length ? { externalSources } : {}), notDeployed, fluxPaths: fluxPaths(building, (p) => files.isFolder(p), (ks) => fluxArtifact(ks, sources, files)), ...withRetired, ...withSwitchedOff, ...withMirrors, ...(readAsWritten ? { unapplied: unapplied.builds } : {}), ...(noInstances(instances) ? {} : { instances }) };
}

/**
 * The clusters a side's Argo CD targets name (`in-cluster`, `prod`, a server URL), the stand-ins' selectors in
 * words and their copies (`standInCopy`) aside, sorted.
 */
export function namedClusters(targets: readonly TargetSpec[]): string[] {
  return [...new Set(targets.flatMap((t) => (t.origin === 'argocd' && !t.standIn && !t.standInCopy && t.cluster !== undefined && !isSelectedClusters(t.cluster) ? [t.cluster] : [])))].sort();
}

/**
 * What an ApplicationSet whose clusters only the live Argo CD knows deploys to every cluster (an empty selector
 * picks every cluster registered with it, the local cluster `in-cluster` included: Cluster Generator
 * documentation), it also deploys beside the Applications sent to a cluster other targets name: its
 * Applications for that cluster (`generate(set, named)`, named as Argo CD names them) join that cluster model,
 * when their destination is that cluster (one written as another cluster is the stand-in's already) and the
 * set's stand-in is not there already. A cluster named by a plain Application (`destination.name: prod`) is
 * taken as registered with the same Argo CD. `elsewhere`: the clusters the other side names (discoverSides), so
 * both sides hold these Applications. The stand-in stays the model of the clusters not named here. Adds them to
 * `targets`; one note per set.
 */
function namedClusterApplications(targets: TargetSpec[], sets: readonly ControllerObject[], elsewhere: readonly string[], generate: (set: ControllerObject, named: readonly string[]) => readonly GeneratedApplication[], target: (set: ControllerObject, app: GeneratedApplication) => TargetSpec | undefined): Notice[] {
  const named = [...new Set([...namedClusters(targets), ...elsewhere])].sort();
  if (named.length === 0) return [];
  const notices: Notice[] = [];
  for (const set of sets) {
    const names: string[] = [];
    const clusters = new Set<string>();
    for (const app of generate(set, named)) {
      const t = app.copyFor !== undefined ? target(set, app) : undefined;
      if (!t || t.cluster !== app.copyFor || targets.some((x) => x.standIn && x.cluster === t.cluster && x.controller?.generatedBy === set.name)) continue;
      const whose = t.cluster === LOCAL_CLUSTER.name ? "Argo CD's local cluster in-cluster" : `cluster ${t.cluster}`;
      targets.push(uniqueName({ ...t, why: `Application ${app.name} generated by ApplicationSet ${set.name} (${set.ref.file}:${set.ref.line}) for ${whose}, one of the clusters it selects`, controller: { kind: 'Application', name: app.name, ref: set.ref, generatedBy: set.name }, standInCopy: true }, targets));
      names.push(targets[targets.length - 1].name);
      clusters.add(app.copyFor!);
    }
    if (names.length) notices.push({ code: 'CLUSTERS_UNKNOWN', message: namedClustersNote(set.name, [...clusters], names), ref: set.ref });
  }
  return notices;
}

/** The note of a set whose Applications for clusters other targets name join them (namedClusterApplications). */
function namedClustersNote(set: string, clusters: readonly string[], names: readonly string[]): string {
  const apps = `${plural(names.length, 'Application')}: ${firstAndMore(names, 5)}`;
  const local = LOCAL_CLUSTER.name;
  if (clusters.length === 1 && clusters[0] === local) return `ApplicationSet ${set}: Argo CD's local cluster in-cluster is one of the clusters it selects, and other Applications of this repository deploy to it, so what it makes for in-cluster is analysed there beside them (${apps})`;
  const others = clusters.filter((c) => c !== local);
  const where = [...(clusters.includes(local) ? ["Argo CD's local cluster in-cluster"] : []), `${others.length === 1 ? 'cluster' : 'clusters'} ${firstAndMore(others, 5)}`].join(' and ');
  return `ApplicationSet ${set}: it selects every cluster registered with its Argo CD, and other Applications of this repository deploy to ${where}, taken as registered with the same Argo CD, so what it makes for ${clusters.length === 1 ? clusters[0] : 'each'} is analysed there beside them (${apps})`;
}

/**
 * A target whose controller object was rendered from a kustomization folder (`via`) and names no cluster of
 * its own is deployed to the cluster of the target that applies that folder (a tenant's Flux Kustomization
 * in `tenants/staging`, applied by the `tenants` Kustomization of `clusters/staging`). Targets are replaced
 * in place; a chain of such folders is followed.
 */
function inheritClusters(targets: TargetSpec[], via: ReadonlyMap<number, string>): void {
  for (let changed = true; changed; ) {
    changed = false;
    for (const [i, folder] of via) {
      const t = targets[i];
      if (t.cluster !== undefined) continue;
      const parent = targets.find((p) => p !== t && p.cluster !== undefined && p.roots.includes(folder));
      if (parent) (targets[i] = { ...t, cluster: parent.cluster }), (changed = true);
    }
  }
}

/**
 * The branch under review on this side: `stated` (the pull request's base branch, `--branch`), but for a
 * branch that only names the base revision (`fromRevision`) which no GitRepository of this repository among
 * `objects` tracks: then the repository's default branch when one tracks that, else unknown (undefined).
 * A notice says which was read.
 */
function reviewedBranch(stated: string | undefined, fromRevision: DiscoverOptions['branchFromRevision'], objects: readonly ControllerObject[], repoUrls: readonly string[], notices: Notice[]): string | undefined {
  if (stated === undefined || fromRevision === undefined) return stated;
  const tracked = new Set(objects.flatMap((o) => (o.kind === 'GitRepository' && isObject(o.value.spec) && sameRepository(o.value.spec.url, repoUrls) ? [trackedBranch(o)].filter((b): b is string => b !== undefined) : [])));
  if (tracked.size === 0 || tracked.has(stated)) return stated;
  const fallback = fromRevision.defaultBranch !== undefined && tracked.has(fromRevision.defaultBranch) ? fromRevision.defaultBranch : undefined;
  const list = [...tracked].sort().join(', ');
  const read = fallback !== undefined ? `the sources tracking ${fallback} (the repository's default branch) are read as the branch under review` : 'the branch under review is taken as unknown and every source is analysed from this tree';
  notices.push({ code: 'OTHER_BRANCH', message: `the base revision's branch ${stated} is tracked by no Flux source of this repository (they track ${list}): ${read} (CLI: --branch NAME to choose)` });
  return fallback;
}

/**
 * Targets whose Flux sources track different branches of this repository while the branch under review is
 * unknown: at most one of them is this tree, yet each is analysed from it. One notice naming them.
 */
function branchesUnknown(targets: readonly TargetSpec[]): Notice[] {
  const byBranch = new Map<string, string[]>();
  for (const t of targets) {
    if (t.branch !== undefined) (byBranch.get(t.branch) ?? byBranch.set(t.branch, []).get(t.branch)!).push(t.name);
  }
  if (byBranch.size < 2) return [];
  const list = [...byBranch].map(([b, names]) => `${b} (${names.join(', ')})`).join(', ');
  return [{ code: 'BRANCH_UNKNOWN', message: `Flux sources track several branches of this repository: ${list}; the branch under review is unknown, so each is analysed from this tree (CLI: --branch NAME)` }];
}

/**
 * Without known URLs (a folder, a clone without remotes), this repository is the one whose URL the
 * Argo CD objects use with paths that exist here; a URL only used with missing paths is another (Flux
 * sources: flux.ts `fluxRepoUrls`; none found, no Flux source is taken as this repository).
 */
function inferRepoUrls(objects: readonly ControllerObject[], files: RepoFiles): string[] {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (v === null || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const url = o.repoURL;
    if (typeof url === 'string' && typeof o.path === 'string' && !o.path.includes('{{')) {
      const folder = normalizeFolder(o.path);
      if (folder !== undefined && files.isFolder(folder)) found.add(url);
    }
    Object.values(o).forEach(visit);
  };
  objects.filter((o) => o.kind === 'Application' || o.kind === 'ApplicationSet').forEach((o) => visit(o.value.spec));
  return [...found];
}

/**
 * Targets from the layout; `reason`: why the layout decides (no configuration, no controller objects deploying
 * here). `notDeployed`: files of controller objects that are test fixtures, samples or templates, read by no target.
 * Plain files that redefine each other's objects are alternative bundles, each its own target (alternative-bundles.ts);
 * plain files that are rendered copies of a top-level kustomization's build are left out (rendered-copies.ts).
 * The plain files of a Config Sync source folder whose cluster selection names clusters are a target of
 * their own, split per cluster later (config-sync-scopes.ts).
 * Files under test-fixture and vendored trees are no deployments: neither plain manifests nor top-level
 * kustomizations, unless a glob of `selectGlobs` names their tree (fixture-trees.ts); a kustomization
 * outside them that includes such files still renders them.
 */
function fromLayout(side: SideIndex, reason: string, notDeployed: ReadonlySet<string> = new Set(), namespacePattern?: string, selectGlobs?: readonly string[], goList?: GoFolderList, flux: FluxPaths = new Map(), retired: ReadonlySet<string> = new Set(), copiedElsewhere: ReadonlySet<string> = new Set()): TargetSelection {
  const { files } = side;
  const builtByFlux = fluxBuilder(side, flux);
  const go = goFoldersOf(goList);
  const fixtures = new Set(withoutFixtureTrees(files.files.map((f) => f.path), selectGlobs, go).leftOut);
  // Top-level kustomizations are among the side's kustomizations: without any, every file is one plain target.
  // Found without the fixture trees' files, so a kustomization only a fixture includes is top-level.
  const tops = side.kustomizations.size === 0 ? [] : topLevelKustomizations(new Map(files.files.filter((f) => !fixtures.has(f.path) && !retired.has(f.path)).map((f) => [f.path, f.text])))
    .map((dir) => side.kustomizations.get(dir))
    .filter((k): k is NonNullable<typeof k> => k !== undefined);
  const consumed = new Set<string>();
  for (const k of tops) for (const p of kustomizationClosure(k, side.kustomizations, files).consumed) consumed.add(p);
  // A path's folders up to the root, each looked up (a scan of every kustomization per file was quadratic in large repositories).
  const kustomizeFolders = new Set(side.kustomizations.keys());
  const insideKustomization = (path: string) => {
    // A side without kustomizations (a repository of plain folders) asks no folder of any path.
    if (kustomizeFolders.size === 0) return false;
    if (kustomizeFolders.has('')) return true;
    for (let d = dirOf(path); d !== ''; d = dirOf(d)) if (kustomizeFolders.has(d)) return true;
    return false;
  };
  const candidates = files.files.filter((f) => !consumed.has(f.path) && !notDeployed.has(f.path) && fileSkipReason(f, side.charts) === undefined);
  // Templates another tool renders first (`*.ftl.yaml`, a policy in `${namespace}`) are no manifests (template-files.ts).
  const templates = templateFiles(candidates.filter((f) => !fixtures.has(f.path)));
  const templated = new Set(templates.map((t) => t.file));
  const readable = templated.size ? candidates.filter((f) => !templated.has(f.path)) : candidates;
  const readableSet = new Set(readable.map((f) => f.path));
  // Counted when they look like they hold objects (a line starting `kind:`), not a fixture tree's settings files.
  const leftOut = readable.filter((f) => fixtures.has(f.path) && hasFact(f, HAS_KIND_LINE)).map((f) => f.path);
  // A kustomization that lists few of its folder's manifests, leaving out workloads or policies: the files it
  // leaves out are what `kubectl apply -f` of single files deploys (partial-kustomizations.ts). They join the
  // plain manifests, as any plain folder's files do (one target; rendered copies left out and alternative
  // bundles split off below), so a file moving between such a folder and another plain folder stays in one target.
  const partial = partialKustomizations(side, (p) => fixtures.has(p) || notDeployed.has(p) || templated.has(p));
  const unlisted = new Set(partial.flatMap((p) => p.unlisted));
  // YAML holding no Kubernetes object (a GitHub Action's action.yml) is no plain manifest of any target (object-files.ts).
  const plainFiles = files.files.filter((f) => unlisted.has(f.path) || (readableSet.has(f.path) && !fixtures.has(f.path) && !insideKustomization(f.path) && !hasFact(f, HOLDS_NO_OBJECT)));
  // Rendered copies of a build that is a target already are left out, before plain files are compared with each other.
  const copies = tops.length ? renderedCopies(plainFiles, () => buildObjects(side, tops.map((k) => k.folder), (dir) => (builtByFlux(dir) ? 'LoadRestrictionsNone' : 'LoadRestrictionsRootOnly')), namespacePattern, copiedElsewhere) : undefined;
  const copied = new Set(copies?.copies.flatMap((c) => c.files));
  const sources = configSyncSources(files, copied.size ? plainFiles.filter((f) => !copied.has(f.path)) : plainFiles);
  // Partial workloads patching another plain file's (no kustomization names them) are no objects of their own (patch-files.ts).
  const patched = patchFiles(sources.rest);
  const patchNotice = patchFilesNotice(patched.patches);
  const split = alternativeBundles(patched.rest, namespacePattern);
  const plain = split.rest;
  const fixtureNotice = fixtureTreesNotice(leftOut, go);
  // A chart under such a tree is no deployment either: no CHART_NOT_RENDERED notice for it.
  const inFixtureTree = (chart: string) => withoutFixtureTrees([chartFile(chart)], selectGlobs, go).leftOut.length > 0;
  const withLeftOut = (s: TargetSelection): TargetSelection => {
    const withCopies = copied.size ? { ...s, notices: [...s.notices, ...copies!.notices], copies: copies!.copies } : s;
    const withTemplates = templates.length ? { ...withCopies, templates } : withCopies;
    return fixtureNotice ? { ...withTemplates, notices: [...withTemplates.notices, fixtureNotice], leftOut } : withTemplates;
  };
  if (tops.length === 0 && split.bundles.length === 0 && sources.carved.size === 0) {
    // Every file, read as a folder (charts inside it noted as the target reads it), unless some are left out.
    const some = notDeployed.size > 0 || fixtures.size > 0 || templated.size > 0 || patchNotice !== undefined;
    const roots = some ? [...plain] : [''];
    return withLeftOut({ origin: 'plain', how: `One target: every manifest (${reason}, no kustomizations).`, targets: [{ name: PLAIN_TARGET, origin: 'plain', roots, helm: [], why: 'every manifest of the repository' }], notices: some ? [...chartNotices(side.charts.filter((c) => !inFixtureTree(c))), ...(patchNotice ? [patchNotice] : [])] : [] });
  }
  // Scaffolds' optional parts, switched off by a comment in the kustomization that would include them.
  const commented = commentedIncludes(tops, side.kustomizations, files);
  const aloneWhy = (k: (typeof tops)[number]) => {
    const c = commented.get(k.folder);
    return c ? ` (built alone: ${c.ref.file}:${c.ref.line} names it only in a comment)` : '';
  };
  const besides = partial.length ? ` and those ${partial.map((p) => p.file).join(', ')} ${partial.length === 1 ? 'leaves' : 'leave'} out` : '';
  const targets: TargetSpec[] = tops.map((k) => {
    const ks = builtByFlux(k.folder);
    const target: TargetSpec = { name: k.folder || '.', origin: 'kustomization', roots: [k.folder], helm: [], why: `top-level kustomization ${k.file}${aloneWhy(k)}${ks ? fluxBuiltWhy(ks) : ''}`, ref: { file: k.file, line: 1 } };
    return ks ? { ...target, loadRestrictor: 'LoadRestrictionsNone', ...builtFromArtifact(flux, ks) } : target;
  });
  const charts = side.charts.filter((c) => !insideKustomization(chartFile(c)) && !inFixtureTree(c));
  if (plain.length) targets.push({ name: PLAIN_TARGET, origin: 'plain', roots: plain, helm: [], why: tops.length ? `manifests outside every kustomization${besides}` : 'every manifest of the repository but the alternative bundles' });
  for (const b of split.bundles) targets.push({ name: b.name, origin: 'plain', roots: b.files, helm: [], why: b.why, alternativeTo: b.alternativeTo });
  for (const [root, paths] of sources.carved) targets.push({ name: root, origin: 'plain', roots: paths, helm: [], why: `the plain manifests of the Config Sync source ${root}, whose cluster selection names clusters` });
  const parts = [
    tops.length && plural(tops.length, 'top-level kustomization'),
    sources.carved.size && `${plural(sources.carved.size, 'Config Sync source')} naming clusters (${[...sources.carved.keys()].join(', ')})`,
    plain.length && (!tops.length ? 'the plain manifests' : plain.some((p) => !unlisted.has(p)) ? `the plain manifests outside them${besides.replace(' those', ' the files')}` : `the plain manifests${besides.replace(' and those', '')}`),
    split.bundles.length && `${plural(split.bundles.length, 'alternative bundle')} of plain manifests that define the same objects (${split.bundles.map((b) => b.name).join(', ')})`,
  ].filter((p): p is string => !!p);
  const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
  const origin = tops.length ? 'kustomization' : 'plain';
  const copiedHow = copies?.copies.length ? ` Left out as ${copies.copies.length === 1 ? 'a rendered copy' : 'rendered copies'} of a build: ${copies.copies.map((c) => `${c.files.length === 1 ? c.files[0] : dirOf(c.files[0]) || '.'} (of ${c.of})`).join(', ')}.` : '';
  const partialNotice = partialKustomizationNotice(partial);
  const withPartial = (s: TargetSelection): TargetSelection => (partial.length ? { ...s, partial } : s);
  return withPartial(withLeftOut({ origin, how: `Targets: ${list} (${reason}${tops.length ? '' : ', no kustomizations'}).${copiedHow}`, targets, notices: [...chartNotices(charts), ...split.notices, ...(patchNotice ? [patchNotice] : []), ...commentedIncludeNotices(commented), ...(partialNotice ? [partialNotice] : [])] }));
}

/**
 * The Flux Kustomization among `flux` (fluxPaths) whose build builds a kustomization folder of `side`
 * (flux-builds.ts), if any: the layout's target for that folder builds as Flux does, without Kustomize's
 * load restrictor, even when the Kustomization's source is not known to be this repository (a notice says it
 * is not analysed as a Flux target; the folder's build still is Flux's).
 */
function fluxBuilder(side: SideIndex, flux: FluxPaths): (dir: string) => ControllerObject | undefined {
  const isKustomization = (folder: string) => side.kustomizations.has(folder);
  return (dir) => {
    const path = flux.size ? fluxBuildPath(dir, flux, isKustomization) : undefined;
    return path === undefined ? undefined : flux.get(path);
  };
}

/** A Flux Kustomization's `sourceRef.kind` (Flux's default: GitRepository). */
function sourceKindOf(ks: ControllerObject): string {
  const ref = specOf(ks).sourceRef;
  const kind = ref !== null && typeof ref === 'object' ? (ref as Record<string, unknown>).kind : undefined;
  return typeof kind === 'string' ? kind : 'GitRepository';
}

function fluxBuiltWhy(ks: ControllerObject): string {
  return `, built without Kustomize's load restrictor as Flux builds it (Flux Kustomization ${ks.name}, ${ks.ref.file}:${ks.ref.line})`;
}

/**
 * The plain files of each Config Sync source folder whose cluster selection names clusters (config-sync-scopes.ts),
 * each source its own target, split per cluster later; `rest`: the other plain files. A source at the
 * repository's root is the whole repository and carves nothing.
 */
function configSyncSources(files: RepoFiles, plain: readonly ManifestFile[]): { readonly carved: ReadonlyMap<string, string[]>; readonly rest: ManifestFile[] } {
  const roots = configSyncScopes(files).filter((s) => s.root !== '' && scopeClusterNames(s).length > 0).map((s) => s.root).sort((a, b) => b.length - a.length);
  if (roots.length === 0) return { carved: new Map(), rest: [...plain] };
  const carved = new Map<string, string[]>();
  const rest = plain.filter((f) => {
    const root = roots.find((r) => f.path.startsWith(`${r}/`));
    if (root === undefined) return true;
    carved.set(root, [...(carved.get(root) ?? []), f.path]);
    return false;
  });
  return { carved: new Map([...carved].sort(([a], [b]) => (a < b ? -1 : 1))), rest };
}

function chartNotices(charts: readonly string[]): Notice[] {
  return charts.map((c): Notice => ({ code: 'CHART_NOT_RENDERED', message: chartNotRendered(c), ref: { file: chartFile(c), line: 1 } }));
}

/**
 * The footnote of a chart nothing rendered. `unavailable`: the targets whose `targets[].helm` names it, in a
 * run whose Helm renderer could not run (`helm` not on the PATH): said, instead of advising what was configured.
 */
export function chartNotRendered(chart: string, unavailable?: ReadonlySet<string>): string {
  if (unavailable?.size) return `Helm chart ${chart || '.'} not rendered: ${helmNotOnPath(unavailable)}, so nothing from its templates is analysed (install Helm where reachdiff runs; ${HELM_CHARTS_DOCS})`;
  return `Helm chart ${chart || '.'} not rendered: ${chartNotRenderedWhy(chart)}`;
}


function specOf(o: ControllerObject) {
  const spec = o.value.spec;
  return spec !== null && typeof spec === 'object' && !Array.isArray(spec) ? (spec as Record<string, unknown>) : {};
}

/**
 * Flux targets of one name (`apps`, `apps#2`: uniqueName) that are each in another cluster the repository names
 * (`clusters/<name>/`, `kubeConfig.secretRef`) renamed by it, as Config Sync's per-cluster targets are:
 * `apps (cluster prod)`, `apps (cluster staging)`. A verdict reading `apps#2: 4 paths opened; apps: no change`
 * did not say which cluster changed (new-user trial 50). Not for trees of Kustomizations named after their root
 * (flux-clusters.ts: their clusters are named by folder already, as are Flux instances' `fluxInstance`), nor when two
 * share a cluster. In place.
 */
function namedByCluster(targets: TargetSpec[]): void {
  const groups = new Map<string, number[]>();
  targets.forEach((t, i) => {
    const own = t.name.replace(/#\d+$/, '');
    (groups.get(own) ?? groups.set(own, []).get(own)!).push(i);
  });
  const names = new Set(targets.map((t) => t.name));
  for (const [own, at] of groups) {
    const ts = at.map((i) => targets[i]);
    if (ts.length < 2 || !ts.every((t) => t.origin === 'flux' && t.cluster !== undefined && !t.fluxTree && t.fluxInstance === undefined)) continue;
    if (new Set(ts.map((t) => t.cluster)).size !== ts.length) continue;
    const renamed = ts.map((t) => `${own} (cluster ${t.cluster})`);
    if (renamed.some((n) => names.has(n))) continue;
    at.forEach((i, k) => (targets[i] = { ...targets[i], name: renamed[k] }));
  }
}

function uniqueName(t: TargetSpec, taken: readonly TargetSpec[]): TargetSpec {
  if (!taken.some((x) => x.name === t.name)) return t;
  let n = 2;
  while (taken.some((x) => x.name === `${t.name}#${n}`)) n++;
  return { ...t, name: `${t.name}#${n}` };
}

