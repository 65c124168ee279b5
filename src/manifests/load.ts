/**
 * Manifest files → the engine's model, with diagnostics instead of exceptions. Kinds the engine does
 * not use are ignored without noise; defaults the API server would fill in are applied here, once.
 */
import type { LoadRestrictor, RenderResult } from '../kustomize/index.js';
import { isKustomizationPath, renderRepository } from '../kustomize/index.js';
import { unique } from '../kustomize/render-one.js';
import type { Cluster, ClusterPolicy, ClusterPolicyKind, IngressBackend, Namespace, NetworkPolicy, OperatorResource, Service, SourceRef, Workload } from '../engine/model.js';
import { NAMESPACE_NAME_LABEL } from '../engine/model.js';
import { sameLabels } from '../engine/selectors.js';
import type { Json } from './context.js';
import { emptiedValue } from './emptied-values.js';
import { namespaceNameError, objectNameError } from './api-syntax.js';
import { DocContext, asArray, isObject, readLabels } from './context.js';
import { readLabelMap } from './kinds/labels.js';
import type { Diagnostic, Unapplied } from './diagnostics.js';
import { CLUSTER_POLICY_KINDS, readClusterPolicy } from './kinds/cluster-policy.js';
import { readNetworkPolicy } from './kinds/network-policy.js';
import type { ClusterwideAllow } from './kinds/cilium-policy.js';
import { CILIUM_API_VERSION, CILIUM_POLICY_KINDS, clusterwideNamespaced, readCiliumPolicy, resolveCiliumDeferred, scopedPolicy } from './kinds/cilium-policy.js';
import { FLUX_INSTANCE_KIND, fluxInstancePolicies, isFluxInstanceApi } from './kinds/flux-instance.js';
import type { CiliumDeferred } from './kinds/cilium-policy.js';
import type { CidrGroup } from './kinds/cilium-cidr-group.js';
import { CIDR_GROUP_API_VERSIONS, CIDR_GROUP_KIND, CidrGroups, readCidrGroup } from './kinds/cilium-cidr-group.js';
import { kyvernoObjectKey, readKyvernoGenerates } from './kinds/kyverno-generate.js';
import type { ObjectGenerate, ObjectIdentity } from './kinds/kyverno-object-generate.js';
import { generatedPolicies, readObjectGenerates, unmatchedMessage } from './kinds/kyverno-object-generate.js';
import type { CalicoPolicyDraft, CalicoTierDraft } from './kinds/calico-policy.js';
import { calicoKind, readCalicoPolicy, readCalicoTier } from './kinds/calico-policy.js';
import { calicoParts } from './kinds/calico-tiers.js';
import { CILIUM_TOP_LEVEL, CILIUM_UNKNOWN_FIELD } from './kinds/cilium-fields.js';
import { readIngress, readService } from './kinds/service.js';
import { readWorkload, usesHostNetwork } from './kinds/workload.js';
import type { WorkloadRefDraft } from './kinds/template-workloads.js';
import { TEMPLATE_WORKLOAD_RAW_KINDS, scaledToZero, templateWorkloadKind, workloadRefDraft } from './kinds/template-workloads.js';
import type { ChartRefRelease } from './kinds/app-template.js';
import { appTemplateChartRef, appTemplateWorkloads, helmReleaseKey, helmReleasePodNamespace, isAppTemplateRelease } from './kinds/app-template.js';
import type { ChartSource } from './kinds/chart-sources.js';
import { isChartSource, readChartSource } from './kinds/chart-sources.js';
import { chartRefReadings, chartSourcesOf, withChartReadings } from './chart-refs.js';
import { chartApplicationNamespace } from './kinds/chart-applications.js';
import { operatorResource } from './operator-pod-kinds.js';
import { dragonflyOperatorVersion, dragonflyPolicies, isDragonfly, withOperatorRelease } from './kinds/dragonfly-policy.js';
import { builtInVersion } from './core-api-versions.js';
import { hostNetworkWarnings } from './host-network.js';
import { DRAFT_CLUSTER_NETWORK_POLICY, OTHER_VERSION_NETWORK_POLICY, dynamicPlacementKind, unmodelledKind } from './unmodelled-kinds.js';
import { reportDraftPorts } from './kinds/cluster-policy-draft.js';
import { lastUnmodelled, readUnmodelled } from './unmodelled-read.js';
import type { UnmodelledObject } from './unmodelled-summary.js';
import { groupUnmodelled, unmodelledDiagnostic } from './unmodelled-summary.js';
import { duplicateWarnings, lastCopies, shadowedObjects, withoutObjects } from './last-copy.js';
import { loadRenderedObjects, postBuildResult, sourceDocuments, unsetVariables } from './load-kustomized.js';
import { renderedReload } from './rendered-reload.js';
import type { BuildLoad } from './builds.js';
import { buildPath, combineBuilds, splitBuilds } from './builds.js';
import type { Unsettled } from './across-builds.js';
import { emptyUnsettled, settleAcross, workloadRefMessage } from './across-builds.js';
import { parseDocuments } from './yaml-documents.js';
import { documentLine } from './document-line.js';
import { checkFields, describeValue, readMap } from './field-checks.js';
import { OBJECT_META, OBJECT_TOP_LEVEL } from './known-fields.js';
import { kindNearMiss } from './kind-near-miss.js';
import { quote } from './quote.js';
import { placeholderIdentityMessage, placeholdersIn } from './placeholder-identity.js';
import { countNamespaceLess } from './namespace-less.js';
import { modelReadsKind } from './model-kinds.js';
import { SizedCache } from '../util/sized-cache.js';
import { dirOf } from '../util/repo-paths.js';
import { patchedMerge, recordMerge } from './patched-merge.js';
import { ownString } from './own-string.js';
import { withFirstStageCopies } from './first-stage-copies.js';
import { isText, isUtf16Text } from './unreadable-text.js';
import { fitted } from '../util/fitted.js';
import type { NamedDocument } from './named-documents.js';
import { namedDocuments } from './named-documents.js';

export interface ManifestFile {
  readonly path: string;
  readonly text: string;
  /**
   * The file's own repository path, when `path` names it through a symbolic link to a folder or file
   * (set by every source: cli/sources.ts, github/load-commit.ts). The analysis cites `path`; what writes
   * to the repository (a rollback patch, a suggested change) writes here, once (real-paths.ts).
   */
  readonly realPath?: string;
  /** Namespace for namespaced objects that name none (a target's default); `default` when absent. */
  readonly defaultNamespace?: string;
  /** Namespace of every namespaced object, overriding what it names (Kustomize `namespace`, Flux `targetNamespace`). */
  readonly overrideNamespace?: string;
  /**
   * For rendered text (a `helm template` or `--render` stream): the source position of each line
   * (index 0 = line 1), so objects point at the template or source file rather than at the stream.
   */
  readonly sourceLines?: readonly SourceRef[];
  /**
   * Which deployment of its path this is, when one load holds the same paths deployed several times
   * (two targets of one cluster placing one folder in two namespaces): files of one build are rendered
   * and read together, each build on its own (see builds.ts). Absent: the one build.
   */
  readonly build?: string;
  /**
   * Config Sync: this copy's objects go to namespaces on the cluster that the repository does not declare,
   * which the named NamespaceSelector (`mode: dynamic`) selects by their labels. Those namespaces and their
   * labels are unknown, so its NetworkPolicies are counted as unmodelled (config-sync.ts), never applied
   * to a guessed namespace; its other objects are not read.
   */
  readonly undeclaredNamespaces?: string;
  /**
   * On a kustomization file: the build of its folder runs with Kustomize's `LoadRestrictionsNone`, its
   * kustomizations naming files anywhere in the file set, as Flux's kustomize-controller builds (a Flux
   * Kustomization's target, target-files.ts). Absent: Kustomize's default, `LoadRestrictionsRootOnly`.
   */
  readonly loadRestrictor?: 'LoadRestrictionsNone';
  /**
   * On a kustomization file a Flux build reads from its source's artifact (targets/flux-source-ignore.ts
   * `leftOutWords`): why the artifact leaves out a repository path, in words, undefined when it does not. A build
   * of it that finds no such file says the rule that left it out.
   */
  readonly artifactLeftOut?: (path: string) => string | undefined;
  /**
   * On a kustomization file: the one Flux's kustomize-controller generates for a folder without one
   * (targets/flux-edit.ts `generatedKustomization`), no file of the repository. Its listing of the folder is
   * no document of the change (load-kustomized.ts `sourceDocuments`: the folder's files are), and a reverted
   * build lists the folder's files again, as Flux would (kustomize/generated-kustomization.ts).
   */
  readonly fluxGenerated?: true;
  /**
   * On a kustomization file: Flux `postBuild` variables (`substitute` over `substituteFrom`) expanded in the
   * objects its build renders, after the build, as the kustomize-controller does
   * (post-build-substitution.ts). The files the build reads are given as written.
   */
  readonly substitute?: Readonly<Record<string, string>>;
  /**
   * A file a Kustomize build reads, when `text` is Flux's `${VAR}` substitution of it (what readers of the
   * target's texts see, object names as the cluster gets them): the text as written, which the loader
   * builds and reads instead, substituting after the build (`substitute`).
   */
  readonly written?: string;
  /**
   * A plain file of a Flux target whose `text` is the post-build substitution: per line (1-based), the
   * variables without a value it emptied there (targets/substitute.ts). A field the API server would reject
   * so is read as unknown, not as an error (emptied-values.ts). Absent: none.
   */
  readonly emptied?: ReadonlyMap<number, readonly string[]>;
  /**
   * With `substitute`: the objects the Flux Kustomization's `substituteFrom` names whose values are not read
   * here (`Secret cluster-secrets`, encrypted or only in the cluster). A variable without a value may have
   * one there, so an address it empties is unknown, not invalid (emptied-values.ts). Absent: none.
   */
  readonly substituteUnread?: readonly string[];
}

/** What one document contributes to the model. */
export interface DocumentModel {
  readonly namespaces: Namespace[];
  readonly workloads: Workload[];
  readonly policies: NetworkPolicy[];
  readonly services: Service[];
  readonly ingressBackends: IngressBackend[];
  /** AdminNetworkPolicy, BaselineAdminNetworkPolicy and ClusterNetworkPolicy objects, normalised. */
  readonly clusterPolicies: ClusterPolicy[];
  /** Objects of policy kinds reachdiff does not model (Cilium, Calico …): counted and named, never applied. */
  readonly unmodelled: UnmodelledObject[];
  /** Ids of the workloads whose pods use hostNetwork. */
  readonly hostNetwork: string[];
  /** CiliumClusterwideNetworkPolicy allow parts, made per namespace when the cluster's namespaces are known (mergeDocuments). */
  readonly clusterwide?: ClusterwideAllow[];
  /** Calico policies and tiers, placed into the model once every one is known (mergeDocuments, kinds/calico-tiers.ts). */
  readonly calico?: CalicoPolicyDraft[];
  readonly calicoTiers?: CalicoTierDraft[];
  /** CiliumCIDRGroups, and the Cilium policies whose rules name them: made into parts once every group of the build is known (mergeDocuments). */
  readonly cidrGroups?: CidrGroup[];
  readonly ciliumDeferred?: CiliumDeferred[];
  /** Namespaces a Flux HelmRelease that is not read (a chart not rendered) installs pods in. */
  readonly releaseNamespaces?: string[];
  /** `HelmRelease/namespace/name` of the Flux HelmReleases of this document that are not read (a chart not rendered). */
  readonly unreadReleases?: string[];
  /** Rollouts running another workload's template (`spec.workloadRef`), resolved once every document is read (mergeDocuments). */
  readonly workloadRefs?: WorkloadRefDraft[];
  /** Deployments and ReplicaSets written with `spec.replicas: 0` (`key`: object key, `id`: workload id), for the Rollouts that reference them. */
  readonly zeroReplicas?: { readonly key: string; readonly id: string }[];
  /** Custom resources an operator turns into pods (operator-pod-kinds.ts). */
  readonly operatorResources?: OperatorResource[];
  /** Dragonfly operator releases this document names (kinds/dragonfly-policy.ts `dragonflyOperatorVersion`). */
  readonly dragonflyOperatorVersions?: string[];
  /** Kyverno rules generating a NetworkPolicy per object of another kind, made once the build's objects are known (mergeDocuments). */
  readonly objectGenerates?: ObjectGenerate[];
  /** Objects of kinds the model does not read, by identity: what those rules are triggered by. */
  readonly otherObjects?: ObjectIdentity[];
  /** Flux OCIRepositories and HelmCharts, with the chart version each serves: what an app-template release's `chartRef` names (kinds/chart-sources.ts). */
  readonly chartSources?: ChartSource[];
  /** App-template releases whose chart version is their chartRef source's: read as chart 4 above, and as chart 3 here, picked when merged (chart-refs.ts). */
  readonly chartRefReleases?: ChartRefRelease[];
}

export function emptyModel(): DocumentModel {
  return { namespaces: [], workloads: [], policies: [], services: [], ingressBackends: [], clusterPolicies: [], unmodelled: [], hostNetwork: [] };
}

/**
 * One empty list for every read document's empty lists (frozen: a document's model, objects and rejected keys
 * are complete once it is read, and shared by both sides and later loads). A document of one object fills one
 * of its model's eight lists: the seven others, and its usually empty `rejected`, were some 260 bytes a
 * document kept for the whole analysis (20,600 documents a side on the 10k bench pair).
 */
const NONE: never[] = Object.freeze([]) as unknown as never[];

/** `list` fitted to its length (util/fitted.ts: built by `push`, it holds 17 slots for one element), or the shared empty list when it is empty. */
function settled<T>(list: T[]): T[] {
  return list.length === 0 ? NONE : fitted(list);
}

/** `m` with its empty lists made the shared one (in place: the same fields, so every model keeps one shape). */
function settledModel(m: DocumentModel): DocumentModel {
  const w = m as { -readonly [K in keyof DocumentModel]: DocumentModel[K] };
  w.namespaces = settled(m.namespaces);
  w.workloads = settled(m.workloads);
  w.policies = settled(m.policies);
  w.services = settled(m.services);
  w.ingressBackends = settled(m.ingressBackends);
  w.clusterPolicies = settled(m.clusterPolicies);
  w.unmodelled = settled(m.unmodelled);
  w.hostNetwork = settled(m.hostNetwork);
  return m;
}

/** One YAML document (or JSON file) and the objects it defines, for diffs and rollbacks. */
export interface ManifestDocument {
  readonly file: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly text: string;
  /** `Kind/namespace/name` of every object the document defines (a List defines several). */
  readonly objects: readonly string[];
  /** `Kind/namespace/` of objects of modelled kinds it holds without a usable `metadata.name` (ignored; see `DocContext.unnamed`). */
  readonly unnamed?: readonly string[];
  /** Those of `objects` named (or placed in a namespace named) as the API server refuses, with a prefix as `unnamed`'s (see `DocContext.refusedNames`). */
  readonly refusedNames?: readonly { readonly key: string; readonly prefix: string }[];
  /**
   * Those of `objects` the API server would reject: they identify the document, and never replace another
   * copy. A policy among them is not applied; another kind is analysed without its bad fields (what one
   * side alone can say). A diff gives head base's version of each instead (analysis/rejected-objects.ts):
   * the sync fails on it, and the cluster keeps what base deployed.
   */
  readonly rejected: readonly string[];
  readonly model: DocumentModel;
}

export interface LoadResult {
  readonly cluster: Cluster;
  /** Source documents: plain manifests, and the documents of files a Kustomize render used (without a model of their own). */
  readonly documents: readonly ManifestDocument[];
  readonly diagnostics: readonly Diagnostic[];
  /** Objects of policy kinds reachdiff does not model, last copies only. */
  readonly unmodelled: readonly UnmodelledObject[];
  /** The Kustomize renders of the top-level kustomizations (empty without kustomizations). */
  readonly renders: readonly RenderResult[];
  /**
   * One model document per rendered object (absent without renders): its `objects` name it as the build
   * renamed it (namePrefix, namespace …), its `file` and `startLine` are the source document's position.
   */
  readonly rendered?: readonly ManifestDocument[];
  /**
   * The cluster after replacing some files' texts (null: deleted), rendered again: how the rollback
   * evaluates reverting source documents that a render uses; undefined when the change makes a
   * kustomization that builds fail. Absent when nothing is rendered (the documents' own models then suffice).
   * `deployed`: folders of top-level kustomizations the other side builds (base's, for a revert): a folder
   * that becomes top-level only because of the change (its files restored while the entry that included it
   * is not, or the kustomization that included it deleted) is built by nothing that deploys, so its files
   * are left out.
   */
  readonly reload?: (changed: ReadonlyMap<string, string | null>, deployed?: ReadonlySet<string>) => Cluster | undefined;
  /** Ids of the workloads whose pods use hostNetwork (`spec.hostNetwork: true`); absent: none known. */
  readonly hostNetwork?: ReadonlySet<string>;
  /** Per built folder (a render's `dir`), the Flux post-build `${VAR}`s without a value in its objects (load-kustomized.ts `unsetVariables`); absent: none. */
  readonly unsetVariables?: ReadonlyMap<string, readonly string[]>;
}

/** YAML and JSON files, and `Kustomization` (a kustomization file without extension). */
export function isManifestPath(path: string): boolean {
  return /\.(ya?ml|json)$/i.test(path) || isKustomizationPath(path);
}

/**
 * A Go-templated YAML or JSON file (`values.yaml.gotmpl`, `helmfile.yaml.gotmpl`): helmfile's values and
 * state files (targets/helmfile.ts). Read beside the manifests so that a change to one is seen (and said
 * not analysed), never parsed as manifests (targets/non-manifest.ts skips them).
 */
export function isTemplatedManifestPath(path: string): boolean {
  return /\.(ya?ml|json)\.gotmpl$/i.test(path);
}

/**
 * The files a side reads: manifests, Go-templated YAML (`isTemplatedManifestPath`), policy sources, and Flux's
 * `.sourceignore` files (what a Flux source leaves out of the files its Kustomizations build: targets/flux-source-ignore.ts).
 */
export function isReadPath(path: string): boolean {
  return isManifestPath(path) || isTemplatedManifestPath(path) || isPolicySourcePath(path) || isSourceIgnorePath(path);
}

/** A Flux `.sourceignore` file (targets/flux-source-ignore.ts). */
export function isSourceIgnorePath(path: string): boolean {
  return path === '.sourceignore' || path.endsWith('/.sourceignore');
}

/**
 * A file of a tool that writes Kubernetes objects in its own language: Terraform (`.tf`: `yamlencode`,
 * `kubernetes_manifest`, `kubernetes_network_policy`), Jsonnet (`.jsonnet`, `.libsonnet`), CUE (`.cue`) and KCL (`.k`).
 * Read beside the manifests so that a change to one that writes network policies is seen and said not
 * analysed (targets/policy-sources.ts), never parsed as manifests (targets/non-manifest.ts skips them).
 */
export function isPolicySourcePath(path: string): boolean {
  return /\.(tf|jsonnet|libsonnet|cue|k)$/i.test(path);
}

/** One file's documents and diagnostics, as `loadManifests` read them; see `FileLoads`. */
export interface LoadedFile extends Placement {
  readonly text: string;
  readonly documents: readonly ManifestDocument[];
  readonly diagnostics: readonly Diagnostic[];
  /** Namespaced objects the engine reads that name no namespace (namespace-less.ts), as written in the text. */
  readonly namespaceLess: number;
  /** The file's emptied lines (`ManifestFile.emptied`) as one string, '' for none: a load serves only a file with the same. */
  readonly emptied: string;
  /** The objects its documents name, from the same parse (named-documents.ts); absent when the text was not parsed (not UTF-8 text). */
  readonly named?: readonly NamedDocument[];
}

/**
 * Files already read, by path (within its build, see `buildPath`): a file with the same path and text is not read again, and the side that
 * reuses it gets the very same document objects (base and head of a pull request share almost every
 * file, and identical model objects let the diff skip them by identity). Filled by `loadManifests`.
 */
export type FileLoads = Map<string, LoadedFile>;

/**
 * Files → model. A folder holding a kustomization is rendered (src/kustomize), not read file by file,
 * and files a kustomization uses are never read as plain objects; every other file is.
 * `known`: files read before (e.g. base's, when loading head), consulted and filled. `after`: a load these
 * files mostly repeat (base's, when loading head), whose merged cluster is patched rather than merged
 * again where that gives the same cluster (patched-merge.ts).
 */
export function loadManifests(given: readonly ManifestFile[], known?: FileLoads, after?: Pick<LoadResult, 'documents'>): LoadResult {
  // Builds read their files as written; Flux substitutes in what they render (`ManifestFile.written`).
  const files = given.some((f) => f.written !== undefined) ? given.map(asWritten) : given;
  const builds = splitBuilds(files);
  if (builds.length <= 1) return loadBuild(files, known, true, after?.documents);
  // The blind spots are said once, on the builds' cluster as one: a hostNetwork workload of one build may be
  // a peer of another build's policy, and an unmodelled object of one may select another's workloads.
  const loads = builds.map((b) => loadBuild(b, known, false));
  // So are the merge's facts that name objects another build may hold (a Rollout's workloadRef, a Kyverno rule per object): across-builds.ts.
  const unsettled = loads.flatMap((l) => (l.unsettled ? [l.unsettled] : []));
  // A revert's reload settles them again, with what each reloaded build leaves (the reverted documents' base versions) and the others' as loaded.
  const resettle = (cluster: Cluster, reloaded: readonly Unsettled[]) => settleAcross(cluster, reloaded, new Set()).cluster;
  const combined = combineBuilds(builds, loads, (b) => loadBuild(b, known, false), unsettled.length ? resettle : undefined);
  const settled = settleAcross(combined.cluster, unsettled, combined.hostNetwork ?? new Set());
  const spots = blindSpotWarnings(combined.unmodelled, settled.hostNetwork, settled.cluster);
  return { ...combined, cluster: settled.cluster, hostNetwork: settled.hostNetwork, diagnostics: [...combined.diagnostics, ...settled.diagnostics, ...spots] };
}

function asWritten(f: ManifestFile): ManifestFile {
  if (f.written === undefined) return f;
  const { written, ...rest } = f;
  return { ...rest, text: written };
}

/**
 * One build: paths unique. `warn`: whether its blind spots are said (false: one build of several, said on their
 * cluster as one), and whether the merge settles the facts another build may hold (false: left `unsettled`, across-builds.ts).
 */
function loadBuild(files: readonly ManifestFile[], known?: FileLoads, warn = true, after?: readonly ManifestDocument[]): BuildLoad {
  const diagnostics: Diagnostic[] = [];
  const unsettled = warn ? undefined : emptyUnsettled();
  const documents: ManifestDocument[] = [];
  const plain: ManifestDocument[] = [];
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const render = sorted.some((f) => isKustomizationPath(f.path)) ? renderRepository(new Map(sorted.map((f) => [f.path, f.text])), undefined, loadRestrictors(sorted)) : undefined;
  for (const file of sorted) {
    if (render?.claimed.has(file.path)) {
      documents.push(...sourceDocuments(file));
      continue;
    }
    const loaded = loadFileOnce(file, known);
    // Indexed: no iterator per file (12,400 per side at 10k workloads).
    for (let i = 0; i < loaded.documents.length; i++) {
      documents.push(loaded.documents[i]);
      plain.push(loaded.documents[i]);
    }
    for (let i = 0; i < loaded.diagnostics.length; i++) diagnostics.push(loaded.diagnostics[i]);
  }
  if (!render) {
    // One build of plain files: its merge can serve another load's, or be served by `after`'s (patched-merge.ts).
    const cluster = (!unsettled && after && patchedMerge(documents, after)) || mergeDocuments(documents, diagnostics, unsettled, !unsettled);
    return { cluster, documents, diagnostics, ...blindSpots(documents, cluster, warn ? diagnostics : undefined), renders: [], ...(unsettled ? { unsettled } : {}) };
  }
  const byPath = new Map(sorted.map((f) => [f.path, f]));
  const renderDiagnostics = unique(render.results.flatMap((r) => r.diagnostics)).map((d) => withLeftOutRule(d, byPath.get(d.ref.file)));
  diagnostics.push(...renderDiagnostics);
  // A rendered object without a namespace goes where its kustomization file's target says.
  const textOf = (p: string) => byPath.get(p)?.text;
  // The builds' output as the cluster gets it: Flux's post-build variables expanded (load-kustomized.ts).
  const results = render.results.map((r) => postBuildResult(r, byPath.get(r.file), textOf));
  const rendered = new Map(results.map((r) => [r.dir, loadRenderedObjects(r, diagnostics, byPath.get(r.file), textOf)]));
  const renderedDocs = [...rendered.values()].flat();
  const merged = [...plain, ...renderedDocs];
  const cluster = mergeDocuments(merged, diagnostics, unsettled);
  const { unmodelled, hostNetwork } = blindSpots(merged, cluster, warn ? diagnostics : undefined);
  // A build of several is loaded again as it was loaded: leaving what the builds settle as one to them (across-builds.ts).
  const reloadBuild = renderedReload({ files: sorted, render, plain, rendered, load: (again) => loadBuild(again, known, warn), ofSeveral: !warn });
  const reload = (changed: ReadonlyMap<string, string | null>, deployed?: ReadonlySet<string>) => reloadBuild(changed, deployed)?.cluster;
  const unset = new Map(results.flatMap((r) => (unsetVariables(r).length ? [[r.dir, unsetVariables(r)] as const] : [])));
  return { cluster, documents, diagnostics, unmodelled, renders: results, rendered: renderedDocs, reload, hostNetwork, ...(unset.size ? { unsetVariables: unset } : {}), ...(unsettled ? { unsettled, reloadBuild } : {}) };
}

/**
 * A build error naming a file it does not find (`no such file or folder (apps/np.yaml)`) that the Flux artifact the
 * kustomization `file` is read from leaves out (`ManifestFile.artifactLeftOut`), with the rule that does; else `d`.
 */
function withLeftOutRule(d: Diagnostic, file: ManifestFile | undefined): Diagnostic {
  if (!file?.artifactLeftOut || d.code !== 'KUSTOMIZE_BUILD_FAILED') return d;
  const path = /: no such file(?: or folder)? \(([^()]+)\)/.exec(d.message)?.[1];
  const why = path === undefined ? undefined : file.artifactLeftOut(path);
  return why ? { ...d, message: d.message.replace(`(${path})`, `(${path}): ${why}`) } : d;
}

/** Each kustomization folder's load restrictor, as its kustomization file says (`ManifestFile.loadRestrictor`). */
function loadRestrictors(files: readonly ManifestFile[]): (dir: string) => LoadRestrictor {
  const none = new Set(files.filter((f) => f.loadRestrictor === 'LoadRestrictionsNone' && isKustomizationPath(f.path)).map((f) => dirOf(f.path)));
  return (dir) => (none.has(dir) ? 'LoadRestrictionsNone' : 'LoadRestrictionsRootOnly');
}

/**
 * What the analysis cannot see: the unmodelled policy objects and the hostNetwork workloads of `documents`,
 * said out loud into `diagnostics` when given (blindSpotWarnings).
 */
function blindSpots(documents: readonly ManifestDocument[], cluster: Cluster, diagnostics: Diagnostic[] | undefined): { unmodelled: UnmodelledObject[]; hostNetwork: Set<string> } {
  // One walk, no array per document (most hold neither): 100k workloads' documents every push.
  const objects: UnmodelledObject[] = [];
  const hostNetwork = new Set<string>();
  const refs: WorkloadRefDraft[] = [];
  for (let i = 0; i < documents.length; i++) {
    const d = documents[i];
    for (let j = 0; j < d.model.unmodelled.length; j++) objects.push(d.model.unmodelled[j]);
    for (let j = 0; j < d.model.hostNetwork.length; j++) hostNetwork.add(d.model.hostNetwork[j]);
    if (d.model.workloadRefs) for (const r of d.model.workloadRefs) refs.push(r);
    // Either reading of a chartRef release may be the merged one (chart-refs.ts); an id the cluster lacks is never warned of.
    if (d.model.chartRefReleases) for (const r of d.model.chartRefReleases) for (const id of r.asChart3.hostNetwork) hostNetwork.add(id);
  }
  // A Rollout running another workload's template (spec.workloadRef) runs its hostNetwork too (resolveWorkloadRefs).
  for (const r of refs) if (r.target !== undefined && hostNetwork.has(r.target)) hostNetwork.add(r.rollout);
  const unmodelled = lastUnmodelled(objects);
  diagnostics?.push(...blindSpotWarnings(unmodelled, hostNetwork, cluster));
  return { unmodelled, hostNetwork };
}

/** One warning per unmodelled policy kind (count and the workloads its objects select), and one per hostNetwork workload a policy of `cluster` touches. */
function blindSpotWarnings(unmodelled: readonly UnmodelledObject[], hostNetwork: ReadonlySet<string>, cluster: Cluster): Diagnostic[] {
  return [...groupUnmodelled(unmodelled, cluster).map(unmodelledDiagnostic), ...hostNetworkWarnings(cluster, hostNetwork)];
}

/**
 * Where a file's namespace-less objects go, and how a kustomization file's build runs: part of what makes
 * two reads of one text the same read.
 */
type Placement = Pick<ManifestFile, 'defaultNamespace' | 'overrideNamespace' | 'undeclaredNamespaces' | 'loadRestrictor'>;

export function samePlacement(a: Placement, b: Placement): boolean {
  return a.defaultNamespace === b.defaultNamespace && a.overrideNamespace === b.overrideNamespace && a.undeclaredNamespaces === b.undeclaredNamespaces && a.loadRestrictor === b.loadRestrictor;
}

/** A file's emptied lines as one string, for telling two loads of one text apart ('' for none). */
function emptiedKey(file: ManifestFile): string {
  return file.emptied ? JSON.stringify([...file.emptied]) : '';
}

/**
 * The read of `file`: `known`'s at its path when that read this text, else this process's read of the text at
 * that path (`loadedFiles`), else a new one. Both are asked: `known` is base's reads when loading head, so at
 * the path of a file the pull request edits it holds base's text, while the last push read head's.
 */
function loadFileOnce(file: ManifestFile, known: FileLoads | undefined): LoadedFile {
  const key = buildPath(file);
  const serves = (l: LoadedFile | undefined): l is LoadedFile => l !== undefined && l.text === file.text && samePlacement(l, file) && !file.sourceLines && l.emptied === emptiedKey(file);
  const atPath = known?.get(key);
  const before = serves(atPath) ? atPath : loadedAt(file.text, key);
  if (serves(before)) {
    known?.set(key, before);
    namespaceLessOf.set(file, before.namespaceLess);
    return before;
  }
  const diagnostics: Diagnostic[] = [];
  const read = readFile(file, diagnostics, false);
  const loaded = { text: file.text, defaultNamespace: file.defaultNamespace, overrideNamespace: file.overrideNamespace, undeclaredNamespaces: file.undeclaredNamespaces, loadRestrictor: file.loadRestrictor, documents: read.documents, diagnostics, namespaceLess: read.namespaceLess, emptied: emptiedKey(file), named: read.named };
  known?.set(key, loaded);
  namespaceLessOf.set(file, read.namespaceLess);
  keepLoaded(file.text, key, loaded);
  return loaded;
}

/** `loadedFiles`' read of `text` at the path `key`. */
function loadedAt(text: string, key: string): LoadedFile | undefined {
  const at = loadedFiles.get(text);
  return at === undefined ? undefined : at instanceof Map ? at.get(key) : at.key === key ? at.loaded : undefined;
}

/** Keeps `loaded` as the read of `text` at `key` (a single read as a record: most texts stand at one path). */
function keepLoaded(text: string, key: string, loaded: LoadedFile): void {
  const at = loadedFiles.get(text);
  if (at instanceof Map) {
    at.set(key, loaded);
    return;
  }
  // The cache keeps the first value stored for a text: replaced by deleting it first.
  if (at !== undefined) loadedFiles.delete(text);
  loadedFiles.set(text, at === undefined || at.key === key ? { key, loaded } : new Map([[at.key, at.loaded], [key, loaded]]));
}

/**
 * Files read by this process, by text then path: a warm process (the App, event after event) reads a
 * file it has seen only once. The documents are kept, not the parsed YAML they came from. Bounded by
 * text size, oldest first.
 */
const LOADED_MAX_CHARS = 64 * 2 ** 20;
const loadedFiles = new SizedCache<string, LoadsOfText>(LOADED_MAX_CHARS, (text) => text.length, LOADED_MAX_CHARS / 4);

/**
 * The reads of one text: one record for the usual text read at one path, by path when read at several. A map
 * per text cost about 450 bytes for its one entry (12,400 maps per side on the 10k bench pair).
 */
type LoadsOfText = { readonly key: string; readonly loaded: LoadedFile } | Map<string, LoadedFile>;

/** Forget every file read (benchmarks measure cold runs with it). */
export function clearLoadedFiles(): void {
  loadedFiles.clear();
}

/**
 * Per file object `loadManifests` read (or found read before): its namespace-less objects. Asked about the
 * same objects after the analysis, when the texts read may exceed `loadedFiles`' bound (100,000 workloads:
 * every file would be parsed again).
 */
const namespaceLessOf = new WeakMap<object, number>();

/**
 * Namespaced objects the engine reads that name no namespace in a file's text (namespace-less.ts): from
 * `loadManifests`' read of this file object or of that text when this process still holds it, else from a
 * parse that is not kept.
 */
export function namespaceLessObjects(file: Pick<ManifestFile, 'path' | 'text'>): number {
  const counted = namespaceLessOf.get(file);
  if (counted !== undefined) return counted;
  const read = loadedFiles.get(file.text);
  if (read instanceof Map) for (const loaded of read.values()) return loaded.namespaceLess;
  else if (read) return read.loaded.namespaceLess;
  return countNamespaceLess(parseDocuments(file.text, 'kubectl', false));
}

/**
 * The objects the documents of `file`'s text name (named-documents.ts): from this process's read of that text
 * when it still holds one (at any path: they depend on the text only), else from a parse that is not kept.
 */
export function namedDocumentsOf(file: Pick<ManifestFile, 'text'>): readonly NamedDocument[] {
  const read = loadedFiles.get(file.text);
  if (read instanceof Map) {
    for (const loaded of read.values()) if (loaded.named) return loaded.named;
  } else if (read?.loaded.named) return read.loaded.named;
  return namedDocuments(parseDocuments(file.text, 'kubectl', false));
}

/**
 * The documents of one file; each is parsed on its own, so one bad document costs only itself. A file
 * that holds no Kubernetes object at all (no document with both `apiVersion` and `kind`: a workflow,
 * `package.json`, a compose file, Helm values) is not a manifest: it is skipped without a word.
 * `keepParse`: whether the parsed YAML is kept for reuse (see `parseDocuments`).
 */
export function loadFile(file: ManifestFile, diagnostics: Diagnostic[], keepParse = true): ManifestDocument[] {
  return readFile(file, diagnostics, keepParse).documents;
}

/** `loadFile`, and the file's namespace-less objects counted from the same parse. */
function readFile(file: ManifestFile, diagnostics: Diagnostic[], keepParse: boolean): { documents: ManifestDocument[]; namespaceLess: number; named?: readonly NamedDocument[] } {
  const documents: ManifestDocument[] = [];
  if (!isText(file.text)) {
    const message = isUtf16Text(file.text)
      ? `${file.path} is UTF-16 text (as Windows PowerShell's > and Out-File write it), not UTF-8; not read: save it as UTF-8`
      : `${file.path} is not UTF-8 text (binary, or encrypted e.g. by git-crypt); not read`;
    diagnostics.push({ severity: 'warning', code: 'UNREADABLE_FILE', message, ref: { file: file.path, line: 1 } });
    return { documents, namespaceLess: 0 };
  }
  const own: Diagnostic[] = [];
  const sources = file.sourceLines;
  const locate = sources ? (line: number): SourceRef => sources[line - 1] ?? { file: file.path, line } : (line: number): SourceRef => ({ file: file.path, line });
  let holdsObject = false;
  const parsed = parseDocuments(file.text, 'kubectl', keepParse);
  const namespaceLess = countNamespaceLess(parsed);
  const named = namedDocuments(parsed);
  for (const doc of parsed) {
    const docRef = locate(documentLine(doc));
    if (doc.error) {
      holdsObject ||= looksLikeObject(file.text);
      // kubectl and GitOps controllers fail on it: an error, like every input the API would not get.
      own.push({ severity: 'error', code: 'YAML_SYNTAX', message: `cannot parse: ${doc.error.message}`, ref: locate(doc.error.line) });
      continue;
    }
    if (doc.value === null || doc.value === undefined) continue;
    holdsObject ||= isObject(doc.value) && typeof doc.value.kind === 'string' && (typeof doc.value.apiVersion === 'string' || meantAsObject(doc.value));
    const ctx = new DocContext(file.path, doc.lines, docRef, own, undefined, locate, file.defaultNamespace, file.overrideNamespace, { text: doc.text, value: doc.value, startLine: doc.startLine });
    if (file.emptied) ctx.emptiedLines = file.emptied;
    const model = emptyModel();
    const read: string[] = [];
    const refused: string[] = [];
    if (file.undeclaredNamespaces === undefined) readObject(ctx, model, doc.value, read, refused);
    else readUndeclaredPlacement(model, doc.value, read, file.undeclaredNamespaces, docRef);
    settledModel(model);
    const objects = settled(read);
    const rejected = settled(refused);
    // Spread only when a name was refused: a plain literal otherwise (every document of both sides), the same fields in the same order.
    documents.push(
      ctx.unnamed.length || ctx.refusedNames.length
        ? { file: file.path, startLine: doc.startLine, endLine: doc.endLine, text: doc.text, objects, rejected, ...(ctx.unnamed.length ? { unnamed: ctx.unnamed } : {}), ...(ctx.refusedNames.length ? { refusedNames: ctx.refusedNames } : {}), model }
        : { file: file.path, startLine: doc.startLine, endLine: doc.endLine, text: doc.text, objects, rejected, model },
    );
  }
  if (!holdsObject) return { documents: [], namespaceLess, named };
  diagnostics.push(...own);
  return { documents: fitted(documents), namespaceLess, named };
}

/**
 * A document Config Sync places in namespaces the repository does not declare (`ManifestFile.undeclaredNamespaces`):
 * a NetworkPolicy is counted as unmodelled (what it does there cannot be analysed), anything else is not read.
 */
function readUndeclaredPlacement(m: DocumentModel, value: unknown, objects: string[], selector: string, ref: SourceRef): void {
  if (!isObject(value) || value.kind !== 'NetworkPolicy' || value.apiVersion !== 'networking.k8s.io/v1') return;
  const object = readUnmodelled(value, dynamicPlacementKind(selector), ref);
  m.unmodelled.push(object);
  objects.push(object.key);
}

/**
 * A mapping without `apiVersion` whose `kind` is one the model reads, with `metadata`, was meant as an
 * object (a NetworkPolicy whose apiVersion was forgotten): its file is a manifest, so its NOT_AN_OBJECT
 * warning is said. It was skipped without a word, as a file of no Kubernetes object (fresh-user trial 32),
 * and a default-deny written so read as absent while kubectl refuses the file.
 */
function meantAsObject(value: Record<string, unknown>): boolean {
  return typeof value.kind === 'string' && modelReadsKind(value.kind) && isObject(value.metadata);
}

/** An unparseable document that still names both `apiVersion` and `kind` was meant as an object: its error counts. */
function looksLikeObject(text: string): boolean {
  return /\bapiVersion["']?\s*:/.test(text) && /\bkind["']?\s*:/.test(text);
}

/**
 * The cluster the documents describe together. An object defined twice keeps its last definition, as
 * `kubectl apply` does (see last-copy.ts); pods of one owner are one peer, with the first pod's labels
 * standing for all of them. `record`: keep what a later load of mostly the same documents needs to patch
 * this merge instead of merging again (patched-merge.ts `recordMerge`).
 */
export function mergeDocuments(given: readonly ManifestDocument[], diagnostics?: Diagnostic[], unsettled?: Unsettled, record = false): Cluster {
  // A failed Flux apply's first stage: head's built Namespaces replace the copies its build held at base renders (first-stage-copies.ts).
  const documents = withFirstStageCopies(given);
  const namespaces = new Map<string, Namespace>();
  const workloads = new Map<string, Workload>();
  const policies = new Map<string, NetworkPolicy>();
  const services: Service[] = [];
  const servicesByNamespace = new Map<string, Set<string>>();
  const ingressBackends: IngressBackend[] = [];
  const clusterPolicies = new Map<string, ClusterPolicy>();
  const clusterwide = new Map<string, ClusterwideAllow>();
  const calico = new Map<string, CalicoPolicyDraft>();
  const calicoTiers = new Map<string, CalicoTierDraft>();
  const cidrGroups = new Map<string, CidrGroup>();
  const ciliumDeferred = new Map<string, CiliumDeferred>();
  const releaseNamespaces = new Set<string>();
  const workloadRefs: WorkloadRefDraft[] = [];
  const zeroReplicas = new Set<string>();
  const operatorResources = new Map<string, OperatorResource>();
  const dragonflyOperatorVersions = new Set<string>();
  const objectGenerates = new Map<string, ObjectGenerate>();
  const otherObjects = new Map<string, ObjectIdentity>();
  const warn = (code: Diagnostic['code'], message: string, ref: SourceRef) => diagnostics?.push({ severity: 'warning', code, message, ref });
  // A copy the API server would reject is not applied, so it neither shadows nor is shadowed.
  const last = lastCopies(documents);
  if (diagnostics) diagnostics.push(...duplicateWarnings(documents, last));
  // App-template releases whose chart version is their chartRef source's: read as the chart the build's source serves (chart-refs.ts).
  const chartSources = chartSourcesOf(documents.map((d) => d.model));
  const asChart3 = chartReadings(documents, last, chartSources, warn, unsettled);
  for (let i = 0; i < documents.length; i++) {
    const doc = documents[i];
    const shadowed = shadowedObjects(documents, i, last);
    const kept = shadowed.size ? withoutObjects(doc.model, shadowed) : doc.model;
    const m = asChart3.size && kept.chartRefReleases ? withChartReadings(kept, asChart3) : kept;
    // Indexed loops, and none over a part the document lacks: this runs for every document of both sides
    // (20,000 at 10k workloads), where a `for…of` over `part ?? []` made an array and an iterator per part.
    for (let k = 0; k < m.namespaces.length; k++) if (!namespaces.has(m.namespaces[k].name)) namespaces.set(m.namespaces[k].name, m.namespaces[k]);
    for (let k = 0; k < m.policies.length; k++) if (!policies.has(m.policies[k].id)) policies.set(m.policies[k].id, m.policies[k]);
    if (m.clusterPolicies?.length) for (const p of m.clusterPolicies) if (!clusterPolicies.has(p.id)) clusterPolicies.set(p.id, p);
    if (m.clusterwide) for (const c of m.clusterwide) if (!clusterwide.has(c.key)) clusterwide.set(c.key, c);
    if (m.calico) for (const c of m.calico) if (!calico.has(c.key)) calico.set(c.key, c);
    if (m.calicoTiers) for (const t of m.calicoTiers) if (!calicoTiers.has(t.key)) calicoTiers.set(t.key, t);
    if (m.cidrGroups) for (const g of m.cidrGroups) if (!cidrGroups.has(g.key)) cidrGroups.set(g.key, g);
    if (m.ciliumDeferred) for (const d of m.ciliumDeferred) if (!ciliumDeferred.has(d.key)) ciliumDeferred.set(d.key, d);
    if (m.releaseNamespaces) for (const n of m.releaseNamespaces) releaseNamespaces.add(n);
    if (m.workloadRefs) for (const r of m.workloadRefs) workloadRefs.push(r);
    if (m.zeroReplicas) for (const z of m.zeroReplicas) zeroReplicas.add(z.id);
    if (m.operatorResources) for (const r of m.operatorResources) operatorResources.set(`${r.group}/${r.namespace}/${r.name}`, r);
    if (m.dragonflyOperatorVersions) for (const v of m.dragonflyOperatorVersions) dragonflyOperatorVersions.add(v);
    if (m.objectGenerates) for (const g of m.objectGenerates) if (!objectGenerates.has(g.key)) objectGenerates.set(g.key, g);
    if (m.otherObjects) for (const o of m.otherObjects) otherObjects.set(`${o.apiVersion}/${o.kind}/${o.namespace}/${o.name}`, o);
    for (let k = 0; k < m.services.length; k++) {
      const sv = m.services[k];
      // By namespace, then name: no key string made and hashed per Service (100k workloads: every push).
      let inNamespace = servicesByNamespace.get(sv.namespace);
      if (!inNamespace) servicesByNamespace.set(sv.namespace, (inNamespace = new Set()));
      if (inNamespace.has(sv.name)) continue;
      inNamespace.add(sv.name);
      services.push(sv);
    }
    for (let k = 0; k < m.ingressBackends.length; k++) ingressBackends.push(m.ingressBackends[k]);
    for (let k = 0; k < m.workloads.length; k++) {
      const w = m.workloads[k];
      const existing = workloads.get(w.id);
      if (!existing) workloads.set(w.id, w);
      else if (!sameLabels(existing.podLabels, w.podLabels) && existing.ref.file + existing.ref.line !== w.ref.file + w.ref.line) {
        warn('INVALID_FIELD', `pods of ${w.id} have different labels; analysed with those of the first pod (${existing.ref.file}:${existing.ref.line})`, w.ref);
      }
    }
  }
  // A Rollout's `workloadRef` may name a Deployment of another file: its pods are known only now.
  if (workloadRefs.length > 0) resolveWorkloadRefs(workloads, workloadRefs, zeroReplicas, warn, unsettled);
  // One build of several: another build's Rollout may replace a workload written with replicas: 0 (across-builds.ts).
  if (unsettled) for (const z of zeroReplicas) unsettled.zeroReplicas.add(z);
  // Cilium policies naming CiliumCIDRGroups get their addresses from the build's groups, known only now.
  if (ciliumDeferred.size > 0 || (unsettled && cidrGroups.size > 0)) {
    const rejectedGroups = new Set(documents.flatMap((d) => d.rejected.filter((k) => k.startsWith(`${CIDR_GROUP_KIND}//`)).map((k) => k.slice(CIDR_GROUP_KIND.length + 2))));
    const groups = new CidrGroups(cidrGroups.values(), rejectedGroups);
    // One build of several: its groups for the others' policies, and its namespaced policies naming a group it
    // lacks left to the builds as one (across-builds.ts), their parts here replaced there.
    if (unsettled) {
      unsettled.groups.push(...cidrGroups.values());
      for (const g of rejectedGroups) unsettled.rejectedGroups.add(g);
    }
    for (const d of ciliumDeferred.values()) {
      const open = unsettled !== undefined && d.peers.some((p) => !groups.resolve(p.use)) && resolveCiliumDeferred(d, groups).clusterwide.length === 0;
      if (open && unsettled) unsettled.deferred.push(d);
      const read = resolveCiliumDeferred(d, groups, open ? undefined : (message, ref) => warn('UNSUPPORTED_PEER', message, ref));
      for (const p of read.policies) if (!policies.has(p.id)) policies.set(p.id, p);
      for (const p of read.denies) if (!clusterPolicies.has(p.id)) clusterPolicies.set(p.id, p);
      for (const c of read.clusterwide) if (!clusterwide.has(c.key)) clusterwide.set(c.key, c);
    }
  }
  // A Kyverno rule generating a NetworkPolicy per object of another kind (a Dragonfly) makes one per such object of the build, known only now.
  if (objectGenerates.size > 0) {
    const generated = generatedPolicies([...objectGenerates.values()], [...otherObjects.values()]);
    for (const p of generated.policies) if (!policies.has(p.id)) policies.set(p.id, p);
    // A rule no object of the build matches: what it makes in the cluster is not known, said at its line;
    // of one build of several, on the builds' objects as one (across-builds.ts), which may match it.
    if (!unsettled) for (const r of generated.unmatched) warn('UNSUPPORTED_FIELD', unmatchedMessage(r), r.ref);
  }
  // Its rules apply to every build's objects: each build's rules and objects, for the builds' cluster as one.
  if (unsettled) {
    unsettled.generates.push(...objectGenerates.values());
    unsettled.objects.push(...otherObjects.values());
  }
  // Calico's policies are placed by their tiers' and their own order, known only now.
  const fromCalico = calicoParts([...calico.values()], [...calicoTiers.values()]);
  for (const p of fromCalico.policies) if (!policies.has(p.id)) policies.set(p.id, p);
  for (const p of fromCalico.clusterPolicies) if (!clusterPolicies.has(p.id)) clusterPolicies.set(p.id, p);
  for (const c of fromCalico.clusterwide) if (!clusterwide.has(c.key)) clusterwide.set(c.key, c);
  diagnostics?.push(...fromCalico.diagnostics);
  // A CiliumClusterwideNetworkPolicy's allow rules apply in every namespace its selector matches (a Calico
  // GlobalNetworkPolicy's in the NetworkPolicy tier too): copied here into the ones the manifests define or use.
  for (const p of clusterwideNamespaced([...clusterwide.values()], namespaces, workloads.values(), policies.values())) if (!policies.has(p.id)) policies.set(p.id, p);
  // Their pods in namespaces only the cluster has are regions of label space, copied there by the engine.
  const scopedPolicies = [...clusterwide.values()].map(scopedPolicy);
  const operatorVersions = [...dragonflyOperatorVersions].sort();
  const cluster: Cluster = {
    namespaces: [...namespaces.values()],
    workloads: [...workloads.values()],
    // The Dragonfly operator's policies, unless every release the manifests name predates them (kinds/dragonfly-policy.ts).
    policies: [...withOperatorRelease([...policies.values()], operatorVersions)],
    services,
    ingressBackends,
    clusterPolicies: [...clusterPolicies.values()],
    ...(scopedPolicies.length > 0 ? { scopedPolicies } : {}),
    ...(releaseNamespaces.size > 0 ? { unreadReleaseNamespaces: [...releaseNamespaces].sort() } : {}),
    ...(operatorResources.size > 0 ? { operatorResources: [...operatorResources.values()] } : {}),
    ...(operatorVersions.length > 0 ? { dragonflyOperatorVersions: operatorVersions } : {}),
    ...(chartSources.size > 0 ? { chartSources: [...chartSources.values()] } : {}),
  };
  if (record) recordMerge(documents, cluster, { objects: last, namespaces, workloads, policies, services: servicesByNamespace });
  return cluster;
}

/**
 * The chartRef releases of `documents` (last copies) to read as chart 3, by the documents' `sources`. One build of
 * several leaves the releases whose source it lacks to the builds as one (across-builds.ts).
 */
function chartReadings(documents: readonly ManifestDocument[], last: ReadonlyMap<string, number>, sources: ReadonlyMap<string, ChartSource>, warn: (code: Diagnostic['code'], message: string, ref: SourceRef) => void, unsettled?: Unsettled): ReadonlySet<ChartRefRelease> {
  const releases: ChartRefRelease[] = [];
  for (let i = 0; i < documents.length; i++) {
    const rs = documents[i].model.chartRefReleases;
    // The last copy's reading (a copy the API server rejects is merged too: `lastCopies` names none then).
    if (rs) for (const r of rs) if ((last.get(r.key) ?? i) === i) releases.push(r);
  }
  if (releases.length === 0) return new Set();
  const read = chartRefReadings(releases, sources, (message, ref) => warn('UNSUPPORTED_FIELD', message, ref), unsettled !== undefined);
  // The sources of every build are the builds' clusters' (`Cluster.chartSources`).
  if (unsettled) unsettled.chartRefs.push(...read.missing);
  return read.asChart3;
}

/**
 * Why a document is no object, naming what it lacks: a NetworkPolicy written without `apiVersion` read
 * "no apiVersion and kind" (fresh-user trial 32), which sent the reader looking for a kind it has.
 */
function notAnObject(value: unknown): string {
  if (!isObject(value)) return `not a Kubernetes object: a ${Array.isArray(value) ? 'list' : typeof value === 'string' ? 'string' : 'scalar'}, not a mapping with apiVersion and kind; ignored`;
  const kind = typeof value.kind === 'string' ? value.kind : undefined;
  const name = isObject(value.metadata) && typeof value.metadata.name === 'string' ? ` ${value.metadata.name}` : '';
  if (kind !== undefined) return `${kind}${name} has no apiVersion: kubectl refuses it; ignored`;
  if (typeof value.apiVersion === 'string') return `no kind (apiVersion ${value.apiVersion}${name ? `, name${name}` : ''}): kubectl refuses it; ignored`;
  return 'not a Kubernetes object (no apiVersion and kind); ignored';
}

/**
 * Rollouts with `spec.workloadRef` (kinds/template-workloads.ts), in place in `workloads`: the Rollout's pods
 * carry the referenced workload's template labels and named ports (Argo Rollouts copies the template into
 * the ReplicaSets it makes; their `rollouts-pod-template-hash` label is the controller's, unknown here).
 * The referenced Deployment then runs no pods of its own when it is written with `replicas: 0` (the usual
 * migration) or the reference says `scaleDown: onsuccess | progressively`: it is left out, so its pods are
 * not counted twice. With `scaleDown: never` (the default) and replicas, both run, and both are kept.
 * A reference to a workload the manifests do not hold (or of a kind whose template is not read) leaves the
 * Rollout's pods unknown: the Rollout is left out, and said at its line (UNSUPPORTED_FIELD). `unsettled`: one
 * build of several, whose reference to a workload it does not hold is left to the builds as one (across-builds.ts).
 */
function resolveWorkloadRefs(workloads: Map<string, Workload>, drafts: readonly WorkloadRefDraft[], zeroReplicas: ReadonlySet<string>, warn: (code: Diagnostic['code'], message: string, ref: SourceRef) => void, unsettled?: Unsettled): void {
  const replaced = new Set<string>();
  for (const d of drafts) {
    const rollout = workloads.get(d.rollout);
    if (!rollout) continue;
    const target = d.target === undefined ? undefined : workloads.get(d.target);
    if (!target) {
      workloads.delete(d.rollout);
      // One build of several: another build may hold the workload it names (across-builds.ts settles it).
      if (unsettled && d.target !== undefined) unsettled.refs.push({ draft: d, rollout });
      else warn('UNSUPPORTED_FIELD', workloadRefMessage(rollout, d), rollout.ref);
      continue;
    }
    workloads.set(d.rollout, { ...rollout, podLabels: target.podLabels, namedPorts: target.namedPorts, templateFrom: target.id });
    if (d.scalesDown || zeroReplicas.has(target.id)) replaced.add(target.id);
  }
  for (const id of replaced) workloads.delete(id);
}

/**
 * Items of a typed list (`PodList`, `NamespaceList` …) may omit kind and apiVersion: the list implies them.
 * `at`: where `raw` was written, for a value without a position of its own (a scalar List item).
 */
export function readObject(ctx: DocContext, m: DocumentModel, raw: unknown, objects: string[], rejected: string[], implied?: { kind: string; apiVersion: string }, at?: SourceRef): void {
  const ref = ctx.ref(raw, at);
  const value = implied && isObject(raw) ? { kind: implied.kind, apiVersion: implied.apiVersion, ...raw } : raw;
  if (value !== raw && isObject(value) && isObject(raw)) ctx.alias(value, raw);
  if (!isObject(value) || typeof value.kind !== 'string' || typeof value.apiVersion !== 'string') {
    ctx.report('warning', 'NOT_AN_OBJECT', notAnObject(value), ref);
    return;
  }
  const kind = value.kind;
  if (kind === 'List' || (kind.endsWith('List') && Array.isArray(value.items))) {
    const itemKind = kind === 'List' ? undefined : { kind: kind.slice(0, -'List'.length), apiVersion: value.apiVersion };
    const items = asArray(value.items) ?? [];
    const itemsRef = ctx.ref(items, ref);
    items.forEach((item, i) => readObject(ctx, m, item, objects, rejected, itemKind, ctx.itemRef(items, i, itemsRef)));
    return;
  }
  // A hook Argo CD skips is never applied, whatever its kind and name: not read, and said where the annotation is.
  const skip = skippedHook(value);
  if (skip) {
    ctx.report('warning', 'SKIPPED_HOOK', `${kind} ${skip.name}: annotated ${skip.key}: ${skip.value}, which Argo CD never applies; not read`, ctx.keyRef(skip.annotations, skip.key, ref));
    return;
  }
  // Which Dragonfly operator release runs decides whether it makes a policy per Dragonfly (mergeDocuments); asked
  // before the kinds read on their own below return, since an app-template release or a Rollout may run it.
  const dragonflyOperator = dragonflyOperatorVersion(value);
  if (dragonflyOperator !== undefined) (m as { dragonflyOperatorVersions?: string[] }).dragonflyOperatorVersions = [...(m.dragonflyOperatorVersions ?? []), dragonflyOperator];
  // Calico's kinds share names with others (NetworkPolicy): read under names of their own from here on.
  const calicoModelKind = calicoKind(kind, value.apiVersion);
  if (calicoModelKind) return readModelObject(ctx, m, value, calicoModelKind, objects, rejected, ref);
  // An Argo Rollout or an OpenKruise workload: read as a workload under its model kind (kinds/template-workloads.ts).
  const templateKind = templateWorkloadKind(kind, value.apiVersion);
  if (templateKind) return readModelObject(ctx, m, value, templateKind, objects, rejected, ref);
  const version = builtInVersion(kind, value.apiVersion);
  // A NetworkPolicy of another API group is another resource, named as not analysed; at another version of a built-in
  // group (`extensions/v1beta1`, a typo `networking/v1`) kubectl refuses it, an error below (new-user trial 39).
  const unmodelled = unmodelledKind(kind, value.apiVersion, value) ?? (kind === 'NetworkPolicy' && version?.status === 'other-group' ? OTHER_VERSION_NETWORK_POLICY : undefined);
  if (unmodelled) {
    const object = readUnmodelled(value, unmodelled, ref, ctx);
    m.unmodelled.push(object);
    objects.push(object.key);
    // Read as v0.2 it would be an error a draft CRD never makes: said at each rule, and left out (kinds/cluster-policy-draft.ts).
    if (unmodelled === DRAFT_CLUSTER_NETWORK_POLICY) return reportDraftPorts(ctx, value, ref);
  }
  // A Kyverno ClusterPolicy's rules that generate a NetworkPolicy per Namespace are cluster-scoped parts (kinds/kyverno-generate.ts).
  if (kind === 'ClusterPolicy' && value.apiVersion.startsWith('kyverno.io/')) readKyvernoObject(ctx, m, value, objects);
  // A Flux HelmRelease of the app-template chart: its controllers are read from its values (kinds/app-template.ts).
  if (kind === 'HelmRelease' && isAppTemplateRelease(value)) return readModelObject(ctx, m, value, kind, objects, rejected, ref);
  // Another HelmRelease, or an Argo CD Application of a repository's chart, installs pods the manifests do not hold in
  // its namespace (`Cluster.unreadReleaseNamespaces`);
  // an operator makes them from a custom resource of a pod-making kind (`Cluster.operatorResources`: a CloudNativePG Cluster).
  const appliedIn = ctx.overrideNamespace ?? (isObject(value.metadata) && typeof value.metadata.namespace === 'string' && value.metadata.namespace !== '' ? value.metadata.namespace : ctx.defaultNamespace);
  const released = kind === 'HelmRelease' ? helmReleasePodNamespace(value, appliedIn) : kind === 'Application' ? chartApplicationNamespace(value) : undefined;
  const operated = kind === 'HelmRelease' ? undefined : operatorResource(value, appliedIn);
  // A source an app-template release's chartRef may name: the chart version it serves decides how the release is read (mergeDocuments).
  if (isChartSource(value)) {
    const source = readChartSource(ctx, value, appliedIn);
    if (source) (m as { chartSources?: ChartSource[] }).chartSources = [...(m.chartSources ?? []), source];
  }
  if (operated !== undefined) (m as { operatorResources?: OperatorResource[] }).operatorResources = [...(m.operatorResources ?? []), operated];
  // A Dragonfly's operator also makes a NetworkPolicy for its pods (kinds/dragonfly-policy.ts); the Dragonfly stays an
  // object the model does not read otherwise (a Kyverno rule may generate policies per Dragonfly too).
  if (operated !== undefined && isDragonfly(value)) m.policies.push(...dragonflyPolicies(ctx, value, operated.namespace, operated.name));
  if (released !== undefined) (m as { releaseNamespaces?: string[] }).releaseNamespaces = [...(m.releaseNamespaces ?? []), released];
  // Which release is not read, by its object key: the other side may read it (analysis/unrendered-releases.ts).
  if (kind === 'HelmRelease' && released !== undefined && isObject(value.metadata) && typeof value.metadata.name === 'string') (m as { unreadReleases?: string[] }).unreadReleases = [...(m.unreadReleases ?? []), helmReleaseKey(appliedIn, value.metadata.name)];
  // Its targetNamespace emptied by a Flux variable without a value: the namespace is unknown here, said (emptied-values.ts).
  const releaseSpec = kind === 'HelmRelease' && released !== undefined && isObject(value.spec) ? value.spec : undefined;
  if (releaseSpec && (releaseSpec.targetNamespace === null || releaseSpec.targetNamespace === '') && ctx.emptied(releaseSpec, 'targetNamespace') !== undefined) {
    const releaseName = isObject(value.metadata) && typeof value.metadata.name === 'string' ? value.metadata.name : '(unnamed)';
    emptiedValue(ctx, releaseSpec, 'targetNamespace', releaseSpec.targetNamespace, `HelmRelease ${released}/${releaseName}: spec.targetNamespace`, `the pods it installs are taken to be in the release's namespace ${released}`, ctx.keyRef(releaseSpec, 'targetNamespace', ref));
  }
  if (version?.status === 'other-group' && kind !== 'NetworkPolicy') return;
  if (version?.status === 'refused') {
    ctx.report('error', 'UNSUPPORTED_API_VERSION', `${kind} of apiVersion ${value.apiVersion}: the API server serves ${kind} only as ${version.served}, so kubectl refuses it; ignored`, ctx.keyRef(value, 'apiVersion', ref));
    // The document still defines the object, refused: a diff keeps base's version (new-user trial 39: "Removes web/frontend").
    const key = refusedObjectKey(ctx, kind, value);
    if (key !== undefined) {
      objects.push(key);
      rejected.push(key);
    }
    return;
  }
  if (!isUsedKind(kind, value.apiVersion)) {
    // Kept by identity: a Kyverno rule may generate a NetworkPolicy per object of its kind (kinds/kyverno-object-generate.ts).
    const other = otherObject(value, kind, appliedIn, ref);
    if (other) (m as { otherObjects?: ObjectIdentity[] }).otherObjects = [...(m.otherObjects ?? []), other];
    if (kind === 'NetworkPolicy') ctx.report('warning', 'UNSUPPORTED_API_VERSION', `NetworkPolicy of apiVersion ${value.apiVersion} is not analysed (only networking.k8s.io/v1)`, ref);
    if (CILIUM_POLICY_KINDS.has(kind)) ctx.report('warning', 'UNSUPPORTED_API_VERSION', `${kind} of apiVersion ${value.apiVersion} is not analysed (only ${CILIUM_API_VERSION})`, ref);
    const clusterKind = CLUSTER_POLICY_KINDS.get(kind as ClusterPolicyKind);
    if (clusterKind) ctx.report('warning', 'UNSUPPORTED_API_VERSION', `${kind} of apiVersion ${value.apiVersion} is not analysed (only ${clusterKind})`, ref);
    const meant = unmodelled ? undefined : kindNearMiss(kind, value.apiVersion);
    if (meant) {
      // kubectl refuses it ("no matches for kind"), as it refuses an apiVersion the API server does not serve
      // (above): an error, and the object it was meant to be keeps base's version in a diff (a typo put into an
      // existing policy removes nothing from the cluster).
      ctx.report('error', 'UNKNOWN_KIND', `kind ${quote(kind)} is not a kind of ${value.apiVersion}: did you mean ${meant}? kubectl refuses it; ignored`, ctx.keyRef(value, 'kind', ref));
      const key = refusedObjectKey(ctx, meant, value);
      if (key !== undefined) {
        objects.push(key);
        rejected.push(key);
      }
    }
    return;
  }
  readModelObject(ctx, m, value, kind, objects, rejected, ref);
}

/** A Kyverno ClusterPolicy's NetworkPolicy generators, as cluster-scoped parts; its key among `objects` once (the unmodelled reading of its other rules uses the same). */
function readKyvernoObject(ctx: DocContext, m: DocumentModel, value: Json, objects: string[]): void {
  const name = isObject(value.metadata) && typeof value.metadata.name === 'string' && value.metadata.name !== '' ? value.metadata.name : undefined;
  if (name === undefined) return;
  const parts = readKyvernoGenerates(ctx, value, name);
  const key = kyvernoObjectKey(name);
  const perObject = readObjectGenerates(ctx, value, name, key);
  if (parts.length === 0 && perObject.length === 0) return;
  if (parts.length > 0) (m as { clusterwide?: ClusterwideAllow[] }).clusterwide = [...(m.clusterwide ?? []), ...parts];
  if (perObject.length > 0) (m as { objectGenerates?: ObjectGenerate[] }).objectGenerates = [...(m.objectGenerates ?? []), ...perObject];
  if (!objects.includes(key)) objects.push(key);
}

const NO_LABELS: Readonly<Record<string, string>> = Object.freeze({});

/** A named object of a kind the model does not read, where the build applies it, with its labels. */
function otherObject(value: Json, kind: string, namespace: string, ref: SourceRef): ObjectIdentity | undefined {
  const meta = isObject(value.metadata) ? value.metadata : undefined;
  if (!meta || typeof meta.name !== 'string' || meta.name === '') return undefined;
  const labels = isObject(meta.labels) ? readLabels(meta.labels) : NO_LABELS;
  return { apiVersion: value.apiVersion as string, kind, namespace, name: meta.name, labels, ref };
}

/** The namespace of an object's key: its name for a Namespace, '' for a cluster-scoped kind, else the build's or its own or the default. */
function objectNamespace(ctx: DocContext, meta: Json, kind: string, name: string): string {
  if (kind === 'Namespace') return name;
  if (CLUSTER_POLICY_KINDS.has(kind as ClusterPolicyKind) || CLUSTER_SCOPED_KINDS.has(kind)) return '';
  return ctx.overrideNamespace ?? (typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : ctx.defaultNamespace);
}

/** An object of a kind the model reads (`kind`: its model kind), from its metadata on. */
function readModelObject(ctx: DocContext, m: DocumentModel, value: Json, kind: string, objects: string[], rejected: string[], ref: SourceRef): void {
  const meta = readMap(ctx, value, 'metadata', `${kind}: metadata`, ref);
  if (!meta) return;
  const hookName = generatedHookName(meta);
  if ((typeof meta.name !== 'string' || meta.name === '') && hookName === undefined) {
    const named = meta.name !== undefined && meta.name !== null && meta.name !== '';
    if (named) ctx.report('error', 'INVALID_NAME', `${kind}: metadata.name must be a string, not ${describeValue(meta.name)} (quote it); the API server rejects the object; ignored`, ctx.keyRef(meta, 'name', ref));
    else if (typeof meta.generateName === 'string' && meta.generateName !== '')
      ctx.report('error', 'MISSING_FIELD', `${kind} with metadata.generateName but no metadata.name: \`kubectl apply\` refuses it (only \`kubectl create\` and Argo CD or Helm hooks, annotated argocd.argoproj.io/hook or helm.sh/hook, generate names); ignored`, ctx.keyRef(meta, 'generateName', ref));
    // A `name:` written without a value (or one a Flux variable without a value emptied): said at that line.
    else if ('name' in meta) ctx.report('error', 'MISSING_FIELD', `${kind} with an empty metadata.name; ignored`, ctx.keyRef(meta, 'name', ref));
    else ctx.report('error', 'MISSING_FIELD', `${kind} without metadata.name; ignored`, ref);
    // A Namespace's key holds its name twice: any Namespace then.
    if (hookName === undefined) ctx.unnamed.push(kind === 'Namespace' ? `${kind}/` : `${kind}/${objectNamespace(ctx, meta, kind, '')}/`);
    return;
  }
  // Kept by the model: not a view into js-yaml's copy of the document (own-string.ts).
  const name = ownString(typeof meta.name === 'string' && meta.name !== '' ? meta.name : (hookName as string));
  // A name or own namespace still a placeholder (`${SERVER_NAME}`): no identity here, so no object (placeholder-identity.ts).
  const ownNamespace = kind !== 'Namespace' && ctx.overrideNamespace === undefined ? placeholdersIn(meta.namespace) : [];
  const placeholders = [...placeholdersIn(name), ...ownNamespace];
  if (placeholders.length) {
    ctx.report('error', 'INVALID_NAME', placeholderIdentityMessage(kind, name, ownNamespace.length ? String(meta.namespace) : undefined, placeholders), ctx.keyRef(meta, placeholdersIn(name).length ? 'name' : 'namespace', ref));
    ctx.unnamed.push(ownNamespace.length || kind === 'Namespace' ? `${kind}/` : `${kind}/${objectNamespace(ctx, meta, kind, '')}/`);
    return;
  }
  const namespaceOk = meta.namespace === undefined || meta.namespace === null || typeof meta.namespace === 'string';
  // Cluster-scoped objects have no namespace: their key is `Kind//name`.
  const namespace = ownString(objectNamespace(ctx, meta, kind, name));
  const key = `${kind}/${namespace}/${name}`;
  const owner = objectOwner(kind, namespace, name);
  const errorsBefore = ctx.errors;
  if (!namespaceOk) ctx.report('error', 'INVALID_NAME', `${owner}: metadata.namespace must be a string, not ${describeValue(meta.namespace)} (quote it); the API server rejects the object`, ctx.keyRef(meta, 'namespace', ref));
  // Both checks run, so one read reports every unknown field.
  // Cilium's kinds are custom resources: a field their schema lacks is dropped, a warning (kinds/cilium-fields.ts).
  const cilium = CILIUM_POLICY_KINDS.has(kind);
  const topOk = checkFields(ctx, value, cilium ? CILIUM_TOP_LEVEL : OBJECT_TOP_LEVEL, owner, ref, {}, cilium ? CILIUM_UNKNOWN_FIELD : undefined) || cilium;
  const metaOk = checkFields(ctx, meta, OBJECT_META, `${owner}: metadata`, ctx.ref(meta, ref));
  const valid = validMetadata(ctx, kind, meta, hookName === undefined ? name : validatedPrefix(name), owner, ref, (field) => ctx.refusedNames.push({ key, prefix: field === 'namespace' || kind === 'Namespace' ? `${kind}/` : `${kind}/${namespace}/` })) && namespaceOk && topOk && metaOk;
  objects.push(key);
  // A policy is left out; another kind with an error is kept as read, and marked (see `ManifestDocument.rejected`).
  if (!addObject(ctx, m, value, kind, namespace, name, valid) || ctx.errors > errorsBefore) rejected.push(key);
}

/**
 * `Kind/namespace/name` of an object kubectl refuses for its apiVersion (`readModelObject`'s key, the
 * namespace placed the same way), so that a diff gives head base's accepted version of it
 * (analysis/rejected-objects.ts): the sync fails on it and the live object stays as it was. Undefined
 * when `metadata.name` is no name (nothing identifies the object).
 */
function refusedObjectKey(ctx: DocContext, kind: string, value: Json): string | undefined {
  const meta = isObject(value.metadata) ? value.metadata : undefined;
  if (meta === undefined || typeof meta.name !== 'string' || meta.name === '') return undefined;
  const written = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : ctx.defaultNamespace;
  const namespace = kind === 'Namespace' ? meta.name : (ctx.overrideNamespace ?? written);
  return `${kind}/${namespace}/${meta.name}`;
}

/** Cluster-scoped kinds besides the cluster-wide policies (Calico's by their model kinds). */
const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set(['CiliumClusterwideNetworkPolicy', CIDR_GROUP_KIND, 'CalicoGlobalNetworkPolicy', 'CalicoTier']);

/** How messages name an object: `Kind namespace/name`, or `Kind name` when cluster-scoped (a Namespace too). */
export function objectOwner(kind: string, namespace: string, name: string): string {
  return namespace === '' || kind === 'Namespace' ? `${kind} ${name}` : `${kind} ${namespace}/${name}`;
}

/**
 * The error said once per policy the API server would reject, or (`agent`) Cilium's agent refuses to apply
 * (kinds/cilium-ports.ts, AGENT_REFUSED): the loader leaves it out.
 */
export function notAppliedMessage(owner: string, by: Unapplied['by'] = 'api-server'): string {
  return by === 'agent' ? `${owner} is refused by Cilium's agent; it is not applied` : `${owner} would be rejected by the API server; it is not applied`;
}

/** Reports the error `notAppliedMessage` at `at` (INVALID_FIELD, AGENT_REFUSED for the agent), its parts as Diagnostic `unapplied`. */
function reportNotApplied(ctx: DocContext, owner: string, at: SourceRef, by: Unapplied['by'] = 'api-server'): void {
  ctx.report('error', by === 'agent' ? 'AGENT_REFUSED' : 'INVALID_FIELD', notAppliedMessage(owner, by), at, { unapplied: { owner, by } });
}

/** What an INVALID_NAME error of a name or namespace the API server refuses says of it (a diff says more: analysis/rejected-objects.ts). */
export const REFUSED_NAME_CLAUSE = 'the API server rejects the object (analysed as if the name were valid)';

/** Reports the INVALID_NAME error of `problem` (a name or namespace the API server refuses) at `ref`, the problem as Diagnostic `refusedName`. */
function reportRefusedName(ctx: DocContext, problem: string, ref: SourceRef): void {
  ctx.report('error', 'INVALID_NAME', `${problem}; ${REFUSED_NAME_CLAUSE}`, ref, { refusedName: { problem } });
}

/**
 * `metadata.name`, `metadata.namespace` (unless the build replaces it) and `metadata.labels` as the API server validates them. A bad
 * name is an error but the object is still analysed on its own side (a name decides no traffic, and the peer
 * tools read such objects; `refused` is told the field, for a diff); false when the labels were invalid. A
 * Namespace's labels are read with the Namespace.
 */
function validMetadata(ctx: DocContext, kind: string, meta: Json, name: string, owner: string, ref: SourceRef, refused: (field: 'name' | 'namespace') => void): boolean {
  // A namespace the build replaces (Flux `targetNamespace`, Argo CD's kustomize namespace: `overrideNamespace`)
  // never reaches the API server: a placeholder there (`namespace: _`) is no error (new-user trial 35,
  // deedee-ops/home-ops: every policy so written was rejected and left out).
  const written = typeof meta.namespace === 'string' && meta.namespace !== '' && ctx.overrideNamespace === undefined ? meta.namespace : undefined;
  // Two checks, no array of them: every object of both sides.
  const nameProblem = objectNameError(kind, name);
  const namespaceProblem = written !== undefined ? namespaceNameError(written) : undefined;
  if (nameProblem) reportRefusedName(ctx, nameProblem, ref);
  if (namespaceProblem) reportRefusedName(ctx, namespaceProblem, ref);
  if (nameProblem || namespaceProblem) refused(namespaceProblem ? 'namespace' : 'name');
  return kind === 'Namespace' || readLabelMap(ctx, meta.labels, `${owner}: metadata.labels`, ctx.fieldRef(meta, 'labels', ref)).ok;
}

export { modelReadsKind } from './model-kinds.js';

function isUsedKind(kind: string, apiVersion: string): boolean {
  if (!modelReadsKind(kind)) return false;
  // Argo's and OpenKruise's are read before (templateWorkloadKind): another group's Rollout is another resource.
  if (TEMPLATE_WORKLOAD_RAW_KINDS.has(kind)) return false;
  if (kind === 'NetworkPolicy') return apiVersion === 'networking.k8s.io/v1';
  if (CILIUM_POLICY_KINDS.has(kind)) return apiVersion === CILIUM_API_VERSION;
  if (kind === FLUX_INSTANCE_KIND) return isFluxInstanceApi(apiVersion);
  if (kind === CIDR_GROUP_KIND) return CIDR_GROUP_API_VERSIONS.has(apiVersion);
  const clusterKind = CLUSTER_POLICY_KINDS.get(kind as ClusterPolicyKind);
  if (clusterKind) return apiVersion === clusterKind;
  if (kind === 'Ingress') return apiVersion.startsWith('networking.k8s.io/') || apiVersion.startsWith('extensions/');
  return true;
}

/** `valid`: the metadata passed validation. Returns false when the object is invalid and not applied. */
function addObject(ctx: DocContext, m: DocumentModel, obj: Json, kind: string, namespace: string, name: string, valid: boolean): boolean {
  // A policy the API server would reject is not applied; other kinds are analysed without the bad fields.
  switch (kind) {
    case 'Namespace': {
      const meta = isObject(obj.metadata) ? obj.metadata : {};
      const read = readLabelMap(ctx, meta.labels, `Namespace ${name}: metadata.labels`, ctx.fieldRef(meta, 'labels', ctx.ref(obj)), { emptied: 'namespace' });
      const labels = { ...read.labels, [NAMESPACE_NAME_LABEL]: name };
      m.namespaces.push({ name, labels, ref: ctx.ref(obj) });
      return true;
    }
    case 'NetworkPolicy': {
      const policy = readNetworkPolicy(ctx, obj, namespace, name);
      if (policy && valid) m.policies.push(policy);
      else reportNotApplied(ctx, objectOwner(kind, namespace, name), ctx.ref(obj));
      return policy !== undefined && valid;
    }
    case 'AdminNetworkPolicy':
    case 'BaselineAdminNetworkPolicy':
    case 'ClusterNetworkPolicy': {
      const policy = readClusterPolicy(ctx, obj, kind, name);
      if (policy && valid) m.clusterPolicies.push(policy);
      else reportNotApplied(ctx, objectOwner(kind, namespace, name), ctx.ref(obj));
      return policy !== undefined && valid;
    }
    case 'CiliumNetworkPolicy':
    case 'CiliumClusterwideNetworkPolicy': {
      const errors = ctx.errors;
      const read = readCiliumPolicy(ctx, obj, kind, kind === 'CiliumNetworkPolicy' ? namespace : undefined, name);
      if (read && valid) {
        m.policies.push(...read.policies);
        m.clusterPolicies.push(...read.denies);
        if (read.clusterwide.length > 0) (m as { clusterwide?: ClusterwideAllow[] }).clusterwide = [...(m.clusterwide ?? []), ...read.clusterwide];
        if (read.deferred) (m as { ciliumDeferred?: CiliumDeferred[] }).ciliumDeferred = [...(m.ciliumDeferred ?? []), read.deferred];
      } else {
        // The API server stores a policy only Cilium's agent refuses: said as the agent's, with the same result (not applied).
        const agent = !read && valid && ctx.errors > errors && ctx.lastError === 'AGENT_REFUSED';
        reportNotApplied(ctx, objectOwner(kind, namespace, name), ctx.ref(obj), agent ? 'agent' : 'api-server');
      }
      return read !== undefined && valid;
    }
    case FLUX_INSTANCE_KIND:
      // The Flux distribution's NetworkPolicies, which the Flux Operator installs in the instance's namespace.
      if (valid) m.policies.push(...fluxInstancePolicies(ctx, obj, namespace, name));
      return true;
    case CIDR_GROUP_KIND: {
      const group = readCidrGroup(ctx, obj, name);
      if (group && valid) (m as { cidrGroups?: CidrGroup[] }).cidrGroups = [...(m.cidrGroups ?? []), group];
      return group !== undefined && valid;
    }
    case 'CalicoNetworkPolicy':
    case 'CalicoGlobalNetworkPolicy': {
      const read = readCalicoPolicy(ctx, obj, kind, kind === 'CalicoNetworkPolicy' ? namespace : undefined, name);
      if (read && valid) (m as { calico?: CalicoPolicyDraft[] }).calico = [...(m.calico ?? []), read];
      else reportNotApplied(ctx, objectOwner(kind, namespace, name), ctx.ref(obj));
      return read !== undefined && valid;
    }
    case 'CalicoTier': {
      const read = readCalicoTier(ctx, obj, name);
      if (read && valid) (m as { calicoTiers?: CalicoTierDraft[] }).calicoTiers = [...(m.calicoTiers ?? []), read];
      return read !== undefined && valid;
    }
    case 'HelmRelease': {
      // Only app-template releases get here (readObject): the workloads its values say it makes.
      const read = appTemplateWorkloads(ctx, obj, namespace, name);
      m.workloads.push(...read.workloads);
      m.hostNetwork.push(...read.hostNetwork);
      m.policies.push(...read.policies);
      // Its chart version is the source's its chartRef names, often in another document: read as chart 3 too (said once, above), picked when merged.
      const source = appTemplateChartRef(obj, namespace);
      if (source) {
        const spec = isObject(obj.spec) ? obj.spec : {};
        const release: ChartRefRelease = { key: helmReleaseKey(namespace, name), owner: `HelmRelease ${namespace}/${name}`, source, ref: ctx.ref(spec.chartRef, ctx.keyRef(spec, 'chartRef', ctx.ref(obj))), asChart4: read, asChart3: ctx.quietly(() => appTemplateWorkloads(ctx, obj, namespace, name, 3)) };
        (m as { chartRefReleases?: ChartRefRelease[] }).chartRefReleases = [...(m.chartRefReleases ?? []), release];
      }
      return true;
    }
    case 'Service':
      m.services.push(readService(ctx, obj, namespace, name));
      return true;
    case 'Ingress':
      m.ingressBackends.push(...readIngress(ctx, obj, namespace, name));
      return true;
    default: {
      const workload = readWorkload(ctx, obj, kind, namespace, name);
      m.workloads.push(workload);
      const draft = kind === 'Rollout' ? workloadRefDraft(obj, namespace, name) : undefined;
      if (draft) (m as { workloadRefs?: WorkloadRefDraft[] }).workloadRefs = [...(m.workloadRefs ?? []), draft];
      else if (usesHostNetwork(obj, kind)) m.hostNetwork.push(workload.id);
      if ((kind === 'Deployment' || kind === 'ReplicaSet') && scaledToZero(obj)) (m as { zeroReplicas?: { key: string; id: string }[] }).zeroReplicas = [...(m.zeroReplicas ?? []), { key: `${kind}/${namespace}/${name}`, id: workload.id }];
      return true;
    }
  }
}

/**
 * The name a sync or release hook goes by when it has only `metadata.generateName`: the prefix as written
 * (`schema-migrate-`). Argo CD creates hooks (annotation `argocd.argoproj.io/hook`, and Helm's
 * `helm.sh/hook`, which it maps to its own) with `kubectl create` semantics, so the API server appends a
 * random suffix; their pods run during the sync and policies select them like any other. Argo CD user
 * guide, "Resource Hooks"; Kubernetes API conventions, `metadata.generateName`. Undefined for anything
 * else (a named object included). Skipped hooks never get here (`skippedHook`).
 */
function generatedHookName(meta: Record<string, unknown>): string | undefined {
  if (typeof meta.generateName !== 'string' || meta.generateName === '' || (typeof meta.name === 'string' && meta.name !== '')) return undefined;
  return hookAnnotation(meta) ? meta.generateName : undefined;
}

/** The hook annotation of an object's metadata (Argo CD's, else Helm's), with the map that holds it. */
function hookAnnotation(meta: unknown): { annotations: object; key: string; value: string } | undefined {
  const annotations = isObject(meta) ? meta.annotations : undefined;
  if (!isObject(annotations)) return undefined;
  const key = annotations['argocd.argoproj.io/hook'] !== undefined ? 'argocd.argoproj.io/hook' : 'helm.sh/hook';
  const value = annotations[key];
  return typeof value === 'string' && value.trim() !== '' ? { annotations, key, value } : undefined;
}

/**
 * An object annotated as a `Skip` hook (a comma-separated list may name it with others): Argo CD does not
 * apply the manifest at all (Argo CD user guide, "Resource Hooks", hook type `Skip`), named or not. Its name
 * as written (the generateName prefix when it has none) for the warning.
 */
function skippedHook(value: Json): { annotations: object; key: string; value: string; name: string } | undefined {
  const hook = hookAnnotation(value.metadata);
  if (!hook || !hook.value.split(',').some((h) => h.trim() === 'Skip')) return undefined;
  const meta = value.metadata as { name?: unknown; generateName?: unknown };
  return { ...hook, name: typeof meta.name === 'string' && meta.name !== '' ? meta.name : typeof meta.generateName === 'string' ? meta.generateName : '(unnamed)' };
}

/** A `generateName` as the API server validates it: a trailing `-` stands for the generated suffix (apimachinery `maskTrailingDash`). */
function validatedPrefix(prefix: string): string {
  return prefix.endsWith('-') ? `${prefix.slice(0, -1)}a` : prefix;
}

