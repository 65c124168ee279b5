/**
 * A target is one set of objects deployed together into one cluster (e.g. "prod": the overlays and
 * folders Argo CD syncs to the prod cluster). Each is rendered and analysed on its own.
 */
import type { FluxArtifact } from './flux-source-ignore.js';
import type { SourceRef } from '../engine/model.js';
import type { FluxEdit } from '../kustomize/flux-edit.js';
import type { Entry, PatchEntry } from '../kustomize/kustomization.js';
import type { ConfigSyncCluster } from './config-sync-clusters.js';
import type { PartialKustomization } from './partial-kustomizations.js';
import type { FailedBuild } from './unapplied-builds.js';
import type { DirectoryFilter } from './argo-directory-filter.js';
import type { InstanceFolders } from './controller-instances.js';
import type { Absent } from './absent-paths.js';

/** Where a target came from; the first source that yields any target wins (config, then controllers, then layout). */
export type TargetOrigin = 'config' | 'argocd' | 'flux' | 'kustomization' | 'plain';

/** `helm template` inputs for a chart in this repository (CLI only: the App never runs commands). */
export interface HelmSpec {
  /** Folder of the chart (holding `Chart.yaml`), repository-relative. */
  readonly chart: string;
  readonly valuesFiles: readonly string[];
  readonly releaseName?: string;
  readonly namespace?: string;
  /**
   * Inline values, as YAML (or JSON) text: Argo CD `helm.valuesObject` (else `helm.values`), or a configured
   * `values`; passed after the values files, so they override them (helm-template-args.ts).
   */
  readonly values?: string;
  /** `--set NAME=VALUE` (`--set-string` when `forceString`): Argo CD `helm.parameters`, or a configured `parameters`; they override every values file. */
  readonly parameters?: readonly HelmParameter[];
  /** `--set-file NAME=PATH` (PATH repository-relative): Argo CD `helm.fileParameters`. */
  readonly fileParameters?: readonly { readonly name: string; readonly path: string }[];
  /** Argo CD `helm.ignoreMissingValueFiles`: values files that do not exist are left out instead of failing the render. */
  readonly ignoreMissingValueFiles?: boolean;
}

/** One Helm parameter as Argo CD's Application writes it (`helm.parameters[]`). */
export interface HelmParameter {
  readonly name: string;
  readonly value: string;
  readonly forceString?: boolean;
}

/** Kustomize overrides a controller applies on top of a kustomization (Argo CD `spec.source.kustomize`). */
export interface KustomizeOverrides {
  readonly namePrefix?: string;
  readonly nameSuffix?: string;
  readonly namespace?: string;
  readonly commonLabels?: Readonly<Record<string, string>>;
  /** Argo CD `kustomize.patches` (inline), each at its line in the Application (argocd-overrides.ts). */
  readonly patches?: readonly PatchEntry[];
  /** Argo CD `kustomize.components`, folders relative to the source's path, each at its line. */
  readonly components?: readonly Entry[];
  /** Overrides Argo CD would refuse, or this reader cannot apply (a patch by `path`): the build fails at this line. */
  readonly error?: { readonly message: string; readonly ref: SourceRef };
}

/**
 * The controller object a Flux or Argo CD target stands for, as discovery read it (flux.ts, argocd.ts,
 * discover.ts): what a failing build names (failed-targets.ts) and what `dependsOn` entries point at.
 * `kind`: `FluxKustomization` (kustomize.toolkit.fluxcd.io) or `Application` (argoproj.io); `namespace`: its
 * `metadata.namespace` as written (absent when it names none); `name`: its `metadata.name` (not the target's
 * name, which `#2` may tell apart); `ref`: its document's first line; `generatedBy`: the ApplicationSet that
 * generates an Application (then `ref` is the set's position, and no namespace is known).
 */
export interface TargetController {
  readonly kind: 'FluxKustomization' | 'Application';
  readonly namespace?: string;
  readonly name: string;
  readonly ref: SourceRef;
  readonly generatedBy?: string;
}

/** One entry of a Flux Kustomization's `spec.dependsOn` (kustomize.toolkit.fluxcd.io/v1). */
export interface FluxDependency {
  readonly name: string;
  readonly namespace?: string;
  /** `readyExpr` is set: a CEL expression replaces the Ready check (not evaluated here). */
  readonly readyExpr?: true;
}

export interface TargetSpec {
  readonly name: string;
  readonly origin: TargetOrigin;
  /**
   * Repository-relative folders, kustomization folders or files, manifest files, or picomatch globs
   * of any of them. A folder with a kustomization file at its top is rendered as that kustomization.
   */
  readonly roots: readonly string[];
  /** Whether folder roots without a kustomization include their subfolders (Argo CD `directory.recurse`; default true). */
  readonly recurse?: boolean;
  /**
   * Argo CD `directory` settings of a plain folder root, by that root (argo-directory-filter.ts): whether it
   * recurses (each source its own; wins over `recurse`) and the files below it the repo-server reads
   * (`include`/`exclude`). A root without an entry reads as `recurse` says, every file.
   */
  readonly directoryFilters?: Readonly<Record<string, DirectoryFilter>>;
  /** Default namespace for namespace-less objects (`kubectl apply -n`). */
  readonly namespace?: string;
  /** e.g. `namespaces/{namespace}/**`: a file's namespace from its path (wins over `namespace`). */
  readonly namespaceFromPath?: string;
  /** Targets with the same cluster are merged into one cluster model. */
  readonly cluster?: string;
  /**
   * Set on an Application an ApplicationSet generates for a stand-in cluster (unknown-clusters.ts): no
   * Application Argo CD has under this name, but the one each cluster `cluster` names gets, `each-cluster`
   * standing where that cluster's name goes.
   */
  readonly standIn?: true;
  /**
   * Set on an Application such an ApplicationSet generates for a cluster other targets name (`in-cluster`,
   * `prod`): made only to join the model of the Applications sent there (discover.ts `namedClusterApplications`),
   * so it names no cluster of its own for that purpose.
   */
  readonly standInCopy?: true;
  /** Set when `cluster` is the tree of Flux Kustomizations this one belongs to, not a cluster the repository names (flux-clusters.ts). */
  readonly fluxTree?: boolean;
  /**
   * Set when `cluster` is the one of the Flux instance defined in this folder (its root Kustomization, defined in
   * other folders too, rendered here: controller-instances.ts), not a cluster the repository names (flux-clusters.ts).
   */
  readonly fluxInstance?: string;
  /**
   * Flux: the artifact its source makes of this repository (flux-source-ignore.ts `FluxArtifact`): the
   * GitRepository, its `spec.ignore` and where that is written, the Kustomization building from it. The files
   * the artifact leaves out (`.sourceignore`, `spec.ignore`, the default exclusions) are in none of its builds.
   * Set on Flux targets and on layout targets a Flux Kustomization builds (flux-builds.ts); absent for others.
   */
  readonly fluxArtifact?: FluxArtifact;
  /** The target whose cluster model this one joins (a `--render` stream, deployed beside it; see rendered-join.ts). */
  readonly joins?: string;
  readonly helm: readonly HelmSpec[];
  /** A shell command whose standard output is a manifest stream (CLI only). */
  readonly render?: string;
  readonly kustomize?: KustomizeOverrides;
  /**
   * Flux's edit of the kustomization its `spec.path` builds (`patches`, `components`, `namePrefix`,
   * `nameSuffix`, `images`, `commonMetadata`; flux-edit.ts): written into the root's kustomization file.
   */
  readonly fluxEdit?: FluxEdit;
  /**
   * A Flux Kustomization writing no field (no `fluxEdit`): the edit its generated kustomization is built with
   * when the folder has none and that listing fails (two resources of one id; flux-edit.ts `listedTwice`).
   */
  readonly fluxListing?: FluxEdit;
  /** Flux `postBuild.substitute`, over the values `substituteFrom` reads: `${VAR}` values substituted in the rendered objects. */
  readonly substitute?: Readonly<Record<string, string>>;
  /**
   * Where each value of `substitute` is written (its key's line in `postBuild.substitute`, or in the `data` of the
   * ConfigMap or Secret `substituteFrom` read it from): a path a changed value opens is cited there.
   */
  readonly substituteLines?: Readonly<Record<string, SourceRef>>;
  /** Files whose values `substitute` holds (the ConfigMaps and Secrets of Flux `substituteFrom`): a rollback names them. */
  readonly substituteSources?: readonly string[];
  /** Objects Flux `substituteFrom` names whose values are not read here (`Secret cluster-secrets`: encrypted, not in this repository): a variable without a value may be theirs. */
  readonly substituteUnread?: readonly string[];
  /** The branch of this repository its source tracks, when the controller object names one (Flux `GitRepository.spec.ref.branch`). */
  readonly branch?: string;
  /** Config Sync: the cluster this target is analysed on, for objects that select clusters (config-sync-clusters.ts). */
  readonly configSyncCluster?: ConfigSyncCluster;
  /**
   * A plain bundle the layout split off as an alternative to another (alternative-bundles.ts): that
   * bundle's target name and what both define (`Deployment shop/api`); `variant`: a file defining only
   * that object, analysed with the other plain manifests (alternative-bundles.ts, objectVariants);
   * `withFolders`: a bundle sub-folder's folders above it (`.` the root), whose plain files it is analysed
   * with (bundle-parents.ts). Verdict headlines say so.
   */
  readonly alternativeTo?: { readonly bundle: string; readonly shared: string; readonly variant?: true; readonly withFolders?: readonly string[] };
  /** One line: why this target exists (the controller object and its file:line, or the config entry). Text for people: code reads `controller`. */
  readonly why: string;
  readonly ref?: SourceRef;
  /**
   * Set when the controller does not delete objects removed from its source (Flux `spec.prune: false`; an Argo CD
   * Application with `spec.syncPolicy.automated` whose `prune` is not true; a manual sync is taken as one that prunes): `setting` as the note
   * says it (`spec.prune: false`), `ref` where it is written (the controller's first line when nothing is).
   * Such objects stay in the cluster (unpruned-targets.ts). Absent: the controller prunes.
   */
  readonly unpruned?: { readonly setting: string; readonly ref: SourceRef };
  /**
   * Set when merging applies nothing of it until someone acts (suspended-targets.ts): a Flux Kustomization with
   * `spec.suspend: true` (`how: 'suspend'`, until it is resumed), an Argo CD Application without an automated sync
   * policy (`how: 'manual-sync'`, until someone syncs it); `setting` as the note says it (`spec.suspend: true`,
   * `no spec.syncPolicy.automated`), `ref` where it is written (argocd.ts `manualSync`). Absent: it reconciles.
   */
  readonly suspended?: { readonly how: 'suspend' | 'manual-sync'; readonly setting: string; readonly ref: SourceRef };
  /** The Flux Kustomization or Argo CD Application this target stands for (origins `flux` and `argocd`); absent for other origins. */
  readonly controller?: TargetController;
  /**
   * Head's Flux Kustomization object whose `spec.path` holds no file on head, taken with base's definition of it
   * (path-gone.ts): Flux fails its build and neither applies nor prunes, so the cluster keeps what base applied.
   * `path`: the path as head writes it. Absent: the target reads its own side's files.
   */
  readonly pathGone?: { readonly path: string };
  /**
   * Flux `spec.dependsOn`: the Kustomizations this one waits for (`namespace` defaulted to its own, absent when
   * neither names one; `readyExpr`: the entry has its own readiness expression). Absent when it names none.
   */
  readonly dependsOn?: readonly FluxDependency[];
  /**
   * The kustomization folder whose build yields this target's controller object (rendered-controllers.ts
   * `via`: a child Flux Kustomization listed by its parent's kustomization); absent when read as committed.
   */
  readonly parentBuild?: string;
  /**
   * `LoadRestrictionsNone`: a layout target (a top-level kustomization) that a Flux Kustomization's build
   * builds, whatever that Kustomization's source, is built as Flux builds it, without Kustomize's load
   * restrictor (flux-builds.ts). Absent: as its origin says (Flux targets build without it, others with it).
   */
  readonly loadRestrictor?: 'LoadRestrictionsNone';
}

export type NoticeCode =
  | 'CHART_NOT_RENDERED'
  /** A Flux HelmRelease among a target's files: its chart is not rendered (helm-releases.ts). */
  | 'HELM_RELEASE_NOT_RENDERED'
  | 'ENCRYPTED_FILES'
  | 'EXTERNAL_SOURCE'
  /** A controller object's repository URL taken as this repository on another host: the same owner and name, a path that exists here (mirror-urls.ts). */
  | 'MIRROR_SOURCE'
  /** A Flux Kustomization whose `spec.sourceRef` lacks its kind or name: the cluster rejects it (flux.ts). */
  | 'INVALID_SOURCE_REF'
  | 'OTHER_BRANCH'
  | 'BRANCH_UNKNOWN'
  | 'DEFAULT_NAMESPACE'
  | 'UNSUPPORTED_GENERATOR'
  | 'MISSING_ROOT'
  | 'SUBSTITUTION'
  | 'RENDERED'
  /** A render command (`--render`, `targets[].render`) whose output holds no object on head: it adds nothing (target-files.ts). */
  | 'RENDER_EMPTY'
  | 'OUTSIDE_TARGETS'
  | 'CONFIG_SYNC'
  /** A controller object that is a template or a test fixture, not a deployment (not-deployments.ts). */
  | 'NOT_DEPLOYED'
  /** Plain manifest files that define the same objects: alternative bundles, each its own target (alternative-bundles.ts). */
  | 'ALTERNATIVE_BUNDLES'
  /** A plain manifest file or folder that is a rendered copy of a kustomization target's build: left out (rendered-copies.ts). */
  | 'RENDERED_COPY'
  /** A top-level kustomization another kustomization names only in a comment: built alone (commented-includes.ts). */
  | 'COMMENTED_OUT_INCLUDE'
  /** Manifest files under test-fixture and vendored trees, left out of the layout's targets (fixture-trees.ts). */
  | 'FIXTURE_TREES'
  /** A kustomization listing few of its folder's manifests: the others analysed as plain manifests (partial-kustomizations.ts). */
  | 'PARTIAL_KUSTOMIZATION'
  /** A layout target only one side has because discovery changed mode (layout ↔ controller objects), its files unchanged: set apart (discovery-switch.ts). */
  | 'DISCOVERY_CHANGED'
  /** Targets new only because the build listing their controller objects fails on base (parent-failed-on-base.ts). */
  | 'PARENT_FAILED_ON_BASE'
  /** A Flux Kustomization a failing one holds back on head: it depends on it, or that one's build applies it (held-targets.ts). */
  | 'HELD_BACK'
  /** Objects the change removes that stay in the cluster, their controller not pruning (unpruned-targets.ts). */
  | 'NOT_PRUNED'
  /** A plain file holding only partial workloads that another plain file defines whole: a patch, left out (patch-files.ts). */
  | 'PATCH_FILE'
  /** A failing top-level build no controller object deploys: its controller objects read as written (unapplied-builds.ts). */
  | 'UNAPPLIED_BUILD'
  /** Flux Kustomizations and files under retired folders (`archive/`) that no deployed Flux build reads: left out (retired-folders.ts). */
  | 'RETIRED_FOLDERS'
  /** A suspended Flux Kustomization whose files the change touches: merging deploys none of it (suspended-targets.ts). */
  | 'SUSPENDED'
  /** An Argo CD Application without automated sync whose files the change touches: merging deploys none of it (suspended-targets.ts). */
  | 'MANUAL_SYNC'
  /** Flux Kustomizations their kustomization folder leaves out (commented out) that no deployed Flux build reads: left out (unlisted-kustomizations.ts). */
  | 'UNLISTED_KUSTOMIZATIONS'
  /** Flux Kustomizations whose file their parent's source artifact leaves out (`.sourceignore`, `spec.ignore`) and no deployed Flux build reads: left out (flux-artifact-kustomizations.ts). */
  | 'ARTIFACT_LEFT_OUT'
  /** ApplicationSet clusters generators expanded over the clusters their merge lists name, no cluster Secret being here (applicationset.ts). */
  | 'CLUSTERS_FROM_LIST'
  /** ApplicationSet clusters generators whose clusters are not in this repository: their Applications analysed once, for every cluster the selector picks (unknown-clusters.ts). */
  | 'CLUSTERS_UNKNOWN'
  /** Base's only Flux cluster and head's, named by the repository's layout, differ: compared as one cluster whose Flux roots moved (sole-cluster.ts). */
  | 'CLUSTER_RENAMED'
  /** Head's Cilium settings make it enforce no policy (audit mode, `never`) or every pod (`always`): what the reported paths mean (cilium-enforcement.ts). */
  | 'CILIUM_ENFORCEMENT'
  /** The App's worker redelivered a job a stopped worker left unfinished: this run bounds the pairs of pods the manifests do not hold lower (github/attempts.ts). */
  | 'REDUCED_ANALYSIS'
  /** The App's worker redelivered a job twice stopped: pods the manifests do not hold are not analysed (github/attempts.ts); said under the verdict, as OUTSIDE_TARGETS is. */
  | 'ABSTRACT_PEERS_OFF';

/** Something the reader should know about what was (not) analysed; not a problem with a manifest. */
export interface Notice {
  readonly code: NoticeCode;
  readonly message: string;
  readonly ref?: SourceRef;
  /**
   * `base` when `ref` is a line of base's version of the file (the file, or what the notice is about, removed by
   * the change): the reports write it `base:FILE:LINE`, as base positions elsewhere; JSON `side: "base"`.
   */
  readonly side?: 'base';
  /**
   * MISSING_ROOT of a controller object whose path is no folder of its side, or of a configured target's root that
   * matches nothing there: that path, what names it and, in a change, which side lacks it, for a diff to say so; the
   * message is made of it (absent-paths.ts). Not in the JSON.
   */
  readonly absent?: Absent;
  /**
   * A "Not analysed" notice: what it is about, as the headline names it when no path changed (report/targets-markdown.ts
   * `unanalysedInputs`: `values.networkpolicies.db of Flux HelmRelease apps/web (hr.yaml:12)`, its place included); absent: the
   * message's first clause, at the notice's file and line. Not in the JSON.
   */
  readonly what?: string;
  /**
   * `EXTERNAL_SOURCE` of an Argo CD Application or a Flux Kustomization: the namespace its source deploys into
   * (the Application's destination, the Kustomization's targetNamespace), when it names one. What that
   * repository deploys there, its policies included, is read nowhere (report/quiet-text.ts). Not in the JSON.
   */
  readonly namespace?: string;
  /**
   * `EXTERNAL_SOURCE` of one Flux Kustomization (not a notice grouping several): the Kustomization (`namespace`,
   * `name`), its source in words (`GitRepository flux-manifests (https://github.com/fluxcd/flux2)`) and the
   * namespace it deploys into (`spec.targetNamespace`, else its own; absent when neither is known), as flux.ts
   * read them, for flux-external-workloads.ts. Not in the JSON.
   */
  readonly fluxKustomization?: { readonly namespace?: string; readonly name: string; readonly source: string; readonly deploysInto?: string };
  /**
   * `ALTERNATIVE_BUNDLES` of bundles analysed apart (no variants, no folders above): the pairs as the message
   * says them (`a and b both define Deployment x`), which text and Markdown say once, on the Targets line,
   * instead of the note (report/targets-markdown.ts `alternativesHow`). Not in the JSON.
   */
  readonly pairs?: string;
}

/** A Flux Kustomization switched off: its folder's kustomization (`leftOutBy`) does not list its file, and no deployed build reads it. */
export interface SwitchedOff {
  readonly name: string;
  /** Its `metadata.namespace` as read (ControllerObject `namespace`; absent: none written): with file and name, which one it is. */
  readonly namespace?: string;
  /** Its document. */
  readonly ref: SourceRef;
  /** The folder its `spec.path` names ('' the root). */
  readonly path: string;
  readonly leftOutBy: string;
  /** The line of `leftOutBy` that lists it in a comment (`#- ./vault/ks.yaml`); absent when it is not named there. */
  readonly entry?: SourceRef;
  /**
   * Set when no kustomization leaves it out but its parent's source artifact leaves its file out
   * (flux-artifact-kustomizations.ts; `leftOutBy` then names that parent's file): why, in words (`GitRepository
   * flux-system/flux-system leaves its file out of the artifact … by the pattern \`*-draft.yaml\` (.sourceignore:1)`),
   * and the rule's line when it has one.
   */
  readonly artifactRule?: { readonly words: string; readonly ref?: SourceRef };
}

export interface TargetSelection {
  readonly origin: TargetOrigin;
  /** One line for the comment: how the targets were chosen. */
  readonly how: string;
  readonly targets: readonly TargetSpec[];
  readonly notices: readonly Notice[];
  /** Manifest files under test-fixture and vendored trees that the layout left out (fixture-trees.ts); absent when none. */
  readonly leftOut?: readonly string[];
  /** Files under retired folders (`archive/`) that no deployed Flux build reads, left out (retired-folders.ts); absent when none. */
  readonly retired?: readonly string[];
  /** Flux Kustomizations switched off by their folder's kustomization, left out (unlisted-kustomizations.ts); absent when none. */
  readonly switchedOff?: readonly SwitchedOff[];
  /** Plain manifest files left out as rendered copies of a kustomization target's build, with the build's folder (rendered-copies.ts); absent when none. */
  readonly copies?: readonly { readonly files: readonly string[]; readonly of: string }[];
  /** Kustomizations that leave out most of their folder's manifests, whose left-out files the plain target reads (partial-kustomizations.ts); absent when none. */
  readonly partial?: readonly PartialKustomization[];
  /** Plain manifest files the layout left out as templates, each with why (template-files.ts); absent when none. */
  readonly templates?: readonly TemplateFile[];
  /** URLs of this repository on another host that the controller objects use (mirror-urls.ts); absent when none. */
  readonly mirrorUrls?: readonly string[];
  /**
   * Every `EXTERNAL_SOURCE` notice as discovery made it, one per controller object, at its line and with its
   * namespace: `notices` tells alike ones once, at the first one's line (external-source-notices.ts), and a
   * change to any of the others must still be said (external-changes.ts, quiet-elsewhere.ts). Absent: `notices` holds them.
   */
  readonly externalSources?: readonly Notice[];
  /**
   * Failing builds no controller object deploys whose controller objects this side reads as written, as its
   * UNAPPLIED_BUILD notice says (unapplied-builds.ts); absent when none. One failing on head only is a change
   * not analysed (unanalysed-builds.ts `unappliedNotAnalysed`).
   */
  readonly unapplied?: readonly FailedBuild[];
  /**
   * Folders each defining its own Argo CD or Flux (an Application, ApplicationSet or Flux Kustomization another
   * folder defines too: controller-instances.ts), per controller; absent when none.
   */
  readonly instances?: InstanceFolders;
}

/** A file that is a template, not a manifest: `why` is `namespace \`${namespace}\``, `Freemarker file name *.ftl.*` (template-files.ts). */
export interface TemplateFile {
  readonly file: string;
  readonly why: string;
}
