/** What one `diff` run produces, for every renderer (CLI text/md/json, PR comment, check run, review). */
import type { UnprunedObject } from './unpruned-objects.js';
import type { UnshownChange } from './unshown-changes.js';
import type { QuietChange } from './quiet-changes.js';
import type { ConnectionSet } from '../engine/connection-set.js';
import type { PairDiff } from '../engine/diff.js';
import type { Reason } from '../engine/explain.js';
import type { RenamedWorkload } from './renamed-workloads.js';
import type { Labels, SourceRef, Workload } from '../engine/model.js';
import type { UnresolvedNamedPorts } from '../engine/abstract-named-ports.js';
import type { DiffFinding } from '../findings/types.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import type { Highlight } from './highlights.js';
import type { GonePolicy } from './gone-pods.js';
import type { ErrorSplit } from './introduced-errors.js';
import type { IsolationCause } from './isolation-causes.js';
import type { NarrowerPart } from './narrower-for-some.js';
import type { UnmodelledKindReport } from './unmodelled-changes.js';

export interface ExplainedPair extends PairDiff {
  /** Why traffic was opened on this pair (empty when nothing opened). */
  readonly whyOpened: readonly Reason[];
  /** Why traffic was closed on this pair (empty when nothing closed). */
  readonly whyClosed: readonly Reason[];
  /**
   * A pair of an abstract peer whose pods changed alike but for what other policies allow some of them on
   * both sides (analysis/masked-lines.ts): the part of `opened` and `closed` those pods had on both sides
   * already, so their change lacks it. The pair's sets are those of the peer's pods no other selector
   * singles out. Absent otherwise.
   */
  readonly unchangedForSome?: ConnectionSet;
  /**
   * A pair of an abstract peer merged from region pairs whose port numbers changed alike but whose port
   * names did not (a region reaching the line's TCP 9091 only by a name, `TCP metrics (if numbered 9091)`):
   * what those region pairs opened and closed instead, each a part of `opened` and `closed`
   * (analysis/narrower-for-some.ts). Absent when every region pair changed as the pair says.
   */
  readonly narrowerForSome?: readonly NarrowerPart[];
  /**
   * A label-combination opening (engine/combined-labels.ts): its `opened` is only for pods that would carry the
   * labels of several policies at once, which pods with fewer of those labels have before and after the change.
   * Told apart, counted in `counts.combinedLabels`, failing a run only with `--fail-on combined-labels`, and no
   * rollback target (analysis/combined-labels.ts). Absent otherwise.
   */
  readonly combinedLabels?: true;
}

/**
 * A workload's pair seen through the wider regions that hold its workload ends (abstract-pairs.ts
 * `widerRegionPairs`): each end renamed is now a `pods` peer (a rule peer, or the whole-namespace subject
 * of the workload's policy), and `today` gives, per end renamed (one or both), the workload id it held.
 */
export interface WiderPair extends ExplainedPair {
  readonly today: WiderEnds;
}

/** The ends of a `WiderPair` renamed, each with the id of the workload it held: at least one. */
export type WiderEnds = { readonly src: string; readonly dst?: string } | { readonly src?: string; readonly dst: string };

/** A manifest document changed between base and head, as a unit the rollback can revert. */
export interface DocumentChange {
  /** Stable identity: the objects it defines (`Kind/namespace/name`), or file#index when it defines none. */
  readonly key: string;
  readonly change: 'added' | 'removed' | 'edited';
  readonly objects: readonly string[];
  /**
   * Set on a rollback's documents when a Kustomize build renames their objects (`namePrefix`, `namespace`
   * …): the objects as rendered (`Kind/namespace/name`), as the diff's paths name them.
   */
  readonly rendered?: readonly string[];
  /**
   * Set on a rollback's document that the Kustomize builds read as a strategic merge patch (not as a resource):
   * the objects it patches, as rendered. Deleting or reverting it changes those objects and deletes none, so it
   * is named as a patch (`Patch overlays/staging/egress.yaml (of NetworkPolicy/shop/api)`), not as them.
   */
  readonly patchOf?: readonly string[];
  /** The document in base (absent when added) and in head (absent when removed). */
  readonly base?: { readonly file: string; readonly startLine: number; readonly endLine: number; readonly text: string };
  readonly head?: { readonly file: string; readonly startLine: number; readonly endLine: number; readonly text: string };
  /** On a removed document that was moved (analysis/moved-documents.ts withMoves): the added document it became. */
  readonly movedTo?: MovedDocument;
  /** On an added document that was moved: the removed document it was. */
  readonly movedFrom?: MovedDocument;
  /**
   * On a rollback's patch document only (namespace-renames.ts `renamedInPlace`): an added document of a renamed
   * namespace reverted by writing the removed document it became back in its place; that document's key.
   */
  readonly restores?: string;
}

/** The other half of a moved document: its key and where it starts, and whether the move edited it. */
export interface MovedDocument {
  readonly key: string;
  readonly file: string;
  readonly line: number;
  /** False when only the place changed (the same text, or the same rendered objects). */
  readonly edited: boolean;
}

/** One replacement of head lines, from which a GitHub suggested change can be made. */
export interface ReplacementHunk {
  readonly file: string;
  /** 1-based inclusive line range in the head version of the file. */
  readonly startLine: number;
  readonly endLine: number;
  /** The text that replaces those lines (without a trailing newline); empty string deletes them. */
  readonly replacement: string;
  /** The change this hunk reverts. */
  readonly documentKey: string;
  /**
   * Set when the hunk also restores a removed document of the rollback, written back where `documentKey`'s
   * now stands (a renamed namespace's pair in one file: analysis/namespace-renames.ts): its key.
   */
  readonly restores?: string;
}

export interface Rollback {
  /** The documents to revert to their base version (empty when nothing was opened). */
  readonly documents: readonly DocumentChange[];
  /**
   * `proven`: no smaller set closes every opened path; `greedy`: the bounded search stopped, and the set is
   * what leaving out one document at a time kept (engine/rollback.ts): a smaller set may exist.
   */
  readonly minimality: 'proven' | 'greedy';
  /** Paths still opened after the rollback (0 unless the search gave up). */
  readonly remainingOpened: number;
  /** Unified diff that `git apply` accepts on head. */
  readonly patch: string;
  readonly hunks: readonly ReplacementHunk[];
  /** Human notes, e.g. that the search was bounded. */
  readonly notes: readonly string[];
  /**
   * Keys of `documents` deleted as tidying only: files the change added that only the reverted kustomization
   * entries named, read by no build once those are reverted (rollback-relevance.ts `orphans`). The set is
   * minimal without them; they are in `documents` (and the patch) so that the revert leaves nothing unread.
   */
  readonly tidying?: readonly string[];
  /**
   * Instead of reverting: a file to add (the missing default-deny policy) when every opened path comes
   * from new workloads that no policy isolates; `patch` then adds it.
   */
  readonly proposal?: { readonly file: string; readonly text: string; readonly namespaces: readonly string[] };
  /**
   * The renamed namespaces the rollback renames back, each one candidate of the search (namespace-renames.ts):
   * `from`, the base name it restores; `to`, the head name it drops; `pairs`, each removed document of `from`
   * (`removed`, a key of `documents`) and the added document of `to` it became (`added`, a key of `documents`).
   * The text and Markdown show each as one step, not as its halves deleted and restored.
   */
  readonly renames?: readonly RollbackRename[];
}

/** A renamed namespace a rollback renames back (Rollback.renames). */
export interface RollbackRename {
  readonly from: string;
  readonly to: string;
  readonly pairs: readonly { readonly removed: string; readonly added: string }[];
}

/** A build that fails on head while the pull request changes files it reads: what those changes do is not known. */
export interface NotAnalysed {
  /** The cluster model (target) the build belongs to. */
  readonly target: string;
  readonly side: 'head';
  /** The KUSTOMIZE_BUILD_FAILED error, at its position. */
  readonly error: Diagnostic;
  /** Files the pull request adds, edits or deletes that the build reads, sorted. */
  readonly changedFiles: readonly string[];
  /**
   * Base's build of the same folder fails with the same error (file, code, message; numbers may differ):
   * the failure is older than the pull request, which is told so and not failed for it (unanalysed-builds.ts).
   */
  readonly alsoOnBase?: true;
  /**
   * The failure is inside a Flux Kustomization or an Argo CD Application, which fails its whole build on it:
   * the cluster keeps base's state of that whole target (targets/failed-targets.ts). `controller`: the object
   * (`Flux Kustomization apps`, `Application shop-prod`), `ref`: its position; `key`: the object told apart
   * from any other (targets/target-controller.ts `controllerKey`; not in the JSON). The error may then be a
   * YAML_SYNTAX one, of a file of that target. `step: 'apply'`: the build builds, and the error is an object the
   * API server rejects, which fails a Flux Kustomization's whole apply (its server-side dry-run); JSON `step`.
   * `step: 'sync'`: the error is an object of a kind or version the cluster does not serve, which fails an Argo CD
   * Application's whole sync before anything is applied (targets/argocd-missing-kinds.ts).
   * `firstApply`: that Kustomization is new on head (base's model has none), so its first apply fails and none of
   * its objects reach the cluster: it is read as applying nothing, as on base; JSON `firstApply: true`.
   * `firstStage`: the changed files of first-stage objects only (Namespaces, CRDs) that the apply, rejected at a
   * later stage, applied before it failed (targets/flux-stages.ts): read as head has them; JSON `firstStage`.
   * `firstStageObjects`: the changed files that mix first-stage objects with others (or drop some, which stay): their
   * first-stage objects are read as head has them, their other documents as base has them; JSON `firstStageObjects`.
   * `firstStageNamespaces`: the Namespaces that stage applied as head's build makes them with other labels than the
   * target held at base has (a kustomization's patch or labels, the Flux Kustomization's `patches` or `commonMetadata`
   * in another file; a Namespace new to the build), each at its own document (targets/first-stage-built.ts); JSON
   * `firstStageNamespaces: [{namespace, file, line}]`. `afterFirstStage`: the rejected object is of a later stage, so
   * that stage ran, whether or not it changed anything (not in the JSON: the text says it).
   * `reason: 'sharedResource'` (with `step: 'sync'`): the error is an object another Argo CD Application builds too
   * (`sharedWith`: their names), and this one sets FailOnSharedResource=true, so Argo CD fails its whole sync
   * (targets/argocd-shared-resources.ts); JSON `reason`, `sharedWith`.
   */
  readonly wholeTarget?: { readonly controller: string; readonly ref?: SourceRef; readonly key?: string; readonly step?: 'apply' | 'sync'; readonly firstApply?: true; readonly firstStage?: readonly string[]; readonly firstStageObjects?: readonly string[]; readonly firstStageNamespaces?: readonly { readonly name: string; readonly ref: SourceRef }[]; readonly afterFirstStage?: true; readonly reason?: 'sharedResource'; readonly sharedWith?: readonly string[] };
}

/**
 * A build that fails on base and builds on head (targets/unanalysed-builds.ts `failedOnBase`): base deployed
 * nothing through it, so head's objects there read as new (a one-line fix can close thousands of paths).
 */
export interface FailedOnBase {
  /** The cluster model (target) the build belongs to. */
  readonly target: string;
  /** Base's KUSTOMIZE_BUILD_FAILED error, at its position. */
  readonly error: Diagnostic;
}

/**
 * What a "no change" rests on when its cluster model folds targets only one side has (targets/renamed-targets.ts)
 * or policies moved into files no target builds (`unbuilt`):
 * `olds`, base's targets taken as folded into the model, or `news`, head's taken as split from it; had they
 * not been deployed, the change would open and close `opened`/`closed` paths (a second analysis without
 * them, analyze-targets.ts). Set only when the report finds no path changed and that reading does.
 */
export interface AssumedFold {
  readonly olds: readonly string[];
  readonly news: readonly string[];
  readonly opened: number;
  readonly closed: number;
  /** The change wired them in: a kustomization of the target's head build (`file`) gained this include. */
  readonly wiredBy?: { readonly file: string; readonly include: string };
  /**
   * Policies moved out of this model into files no target builds (an unincluded Kustomize Component, a
   * commented-out include): those files, taken as applied where base applied the policies; had they not
   * been applied, the change would open and close `opened`/`closed` paths (targets/unbuilt-moves.ts).
   * `olds` and `news` are then empty.
   */
  readonly unbuilt?: readonly string[];
}

/**
 * Paths of pods the change probably removes (gone-pods.ts): head drops a policy together with the Service,
 * workload or HelmRelease that created or served its pods, and nothing in head refers to them. Those paths
 * are not among `pairs` nor counted: they hold only if the pods still run (report/assumed-gone.ts says both
 * readings, and the exit code does not count them).
 */
export interface AssumedGone {
  /** Removed policies whose pods are probably gone (empty when only `placed` holds paths). */
  readonly policies: readonly GonePolicy[];
  /**
   * Folders of namespace-less policies a target the change adds or removes places in `default` because nothing
   * names their namespace, when some of the paths change only by them (analysis/placed-pairs.ts).
   */
  readonly placed?: readonly string[];
  /** Paths that would open and close if the pods still ran. */
  readonly opened: number;
  readonly closed: number;
  readonly pairs: readonly ExplainedPair[];
  /** Their headline items (highlights.ts). */
  readonly highlights: readonly Highlight[];
}

/**
 * Paths of pods the manifests do not hold, in namespaces the change creates, that only close
 * (analysis/namespace-lifecycle.ts `createdNamespaces`): those pods ran nowhere before, so the paths close only
 * if the namespace already existed outside the repository. Not among `pairs` nor counted (closings never
 * fail the check either way); report/created-namespaces.ts says both readings. Also made without such paths when
 * head has a policy in a namespace it creates and runs no workload in: what the policy allows or denies applies to
 * pods no manifest holds yet, which are not counted either, so the reader is told (`policies`) rather than read a
 * plain "no change".
 */
export interface CreatedNamespaces {
  /** The namespaces, sorted. */
  readonly namespaces: readonly string[];
  /** Paths that close if a namespace already existed (0: none). */
  readonly closed: number;
  /**
   * Counted paths (among the report's `pairs`) that the change opens with pods the manifests do not hold in one of the
   * namespaces as an end (0: none): what a policy elsewhere admits by the namespace's labels, or its own policies let
   * out. They open whether or not the namespace existed before (docs/abstract-peers.md), so they stay counted, and the
   * texts that say the namespace's pods' paths are not counted say so of these (report/created-namespaces.ts).
   */
  readonly opened: number;
  /**
   * Head's policies in those of the namespaces no workload of head runs in (a policy object once, sorted by file and
   * line): they apply only to pods the manifests do not hold, whose paths are not counted (docs/abstract-peers.md, "A
   * namespace the change creates"). Empty: none (a workload's paths tell what its policies do).
   */
  readonly policies: readonly { readonly kind: string; readonly namespace: string; readonly name: string; readonly ref: SourceRef }[];
  readonly pairs: readonly ExplainedPair[];
  /** Their headline items (highlights.ts). */
  readonly highlights: readonly Highlight[];
}

/**
 * Paths that rest on placing namespace-less objects of unrelated folders together in `default`
 * (targets/placement-assumption.ts): the folders so joined, and how many of the report's paths rest on it
 * (they stay in `pairs` and `counts`; the verdict gives the other reading).
 */
export interface AssumedPlacement {
  /** Shown as `modules/networking/policies/`, sorted. */
  readonly folders: readonly string[];
  readonly opened: number;
  readonly closed: number;
}

export interface DiffReport {
  /** Objects the change removes that stay in the cluster, the controller not pruning (unpruned-objects.ts): head holds them; absent: none. */
  readonly unpruned?: readonly UnprunedObject[];
  /**
   * Controllers whose files the change touches that apply nothing until someone acts (targets/suspended-targets.ts):
   * `what` names one (`Flux Kustomization vault`), `how` what it waits for (a suspended Flux Kustomization's resume, an
   * Argo CD Application's sync by hand); merging deploys none of the change there. Absent: none.
   */
  readonly suspended?: readonly { readonly what: string; readonly how: 'suspend' | 'manual-sync' }[];
  readonly pairs: readonly ExplainedPair[];
  readonly added: readonly Workload[];
  readonly removed: readonly Workload[];
  /** Workloads of `removed` that head has under another name with the same pods (renamed-workloads.ts), in `added`'s order; absent: none. */
  readonly renamed?: readonly RenamedWorkload[];
  /** Workloads of `removed` that head has in another namespace with the same name and pods (renamed-workloads.ts `movedWorkloads`), in `added`'s order; absent: none. Their paths are told as ever. */
  readonly moved?: readonly RenamedWorkload[];
  readonly changes: readonly DocumentChange[];
  readonly rollback: Rollback;
  /** Head's findings (risky or dead configuration), `new` when base did not have them; new first, most severe first. */
  readonly findings: readonly DiffFinding[];
  readonly warnings: { readonly base: readonly Diagnostic[]; readonly head: readonly Diagnostic[] };
  /**
   * `errors`: errors on objects the pull request adds or edits (see `errors`); `notAnalysed`: `notAnalysed.length`,
   * when any; `notAnalysedOnBase`: how many of those also fail so on base (`NotAnalysed.alsoOnBase`), when any;
   * `notFailing`: the part of `opened`, `closed` and `errors` that never fails a run (targets new only because their
   * parent's build fails on base, targets/parent-failed-on-base.ts), when any.
   */
  /**
   * `notAnalysedChanges`: changed policies whose change is not analysed in full (`abstractPeers.unshownChanges`):
   * no reported pair cites them and their paths with pods the manifests do not hold may be past a bound.
   */
  /**
   * `combinedLabels`: of `opened`, the label-combination openings (ExplainedPair `combinedLabels`), when any.
   */
  readonly counts: { readonly opened: number; readonly closed: number; readonly errors: number; readonly combinedLabels?: number; readonly notAnalysed?: number; readonly notAnalysedOnBase?: number; readonly notAnalysedChanges?: number; readonly notFailing?: { readonly opened: number; readonly closed: number; readonly errors: number } };
  /** Builds that fail on head while the pull request changes files they read (targets/unanalysed-builds.ts). */
  readonly notAnalysed?: readonly NotAnalysed[];
  /** Builds that fail on base and build on head: compared as deploying nothing on base. */
  readonly failedOnBase?: readonly FailedOnBase[];
  /** Its "no change" holds only if targets only one side has were deployed with this one (report/assumed-fold.ts). */
  readonly assumedFold?: AssumedFold;
  /** Paths that hold only if pods the change probably removes still run; not in `pairs` nor `counts` (gone-pods.ts). */
  readonly assumedGone?: AssumedGone;
  /** Closings of pods in namespaces the change creates, set apart (CreatedNamespaces). */
  readonly createdNamespaces?: CreatedNamespaces;
  /** What of the report rests on placing namespace-less objects of unrelated folders together in `default` (placement-assumption.ts). */
  readonly assumedPlacement?: AssumedPlacement;
  readonly errors: ErrorSplit;
  /** Every workload of head, then those only in base: to name peers short and exact (report/peer-label.ts). */
  readonly workloads?: readonly Workload[];
  /** Ids of the workloads whose pods use hostNetwork on either side, sorted: a path with such an end is told with a caveat (report/host-network-mark.ts). Absent when none. */
  readonly hostNetwork?: readonly string[];
  /** The changes that matter, most severe first, for the plain-words headline (highlights.ts). */
  readonly highlights?: readonly Highlight[];
  /**
   * Changed policies no reported path cites (and not `abstractPeers.unshownChanges`, whose paths a bound may
   * have left out): the peers their changed rules add or lose, and why no path changed (quiet-changes.ts).
   * Absent when every changed policy shows in a path.
   */
  readonly quietChanges?: readonly QuietChange[];
  /**
   * With quiet changes whose peers pick namespaces by label: the labels of the namespaces the manifests know (base's,
   * then head's over them), by name, which targets/quiet-elsewhere.ts matches those selectors against. Not in the JSON.
   */
  readonly namespaceLabels?: ReadonlyMap<string, Labels>;
  /**
   * Policies whose isolation lapsed or started for pods the manifests do not hold, over several label
   * combinations (isolation-causes.ts): text and Markdown tell each once, above its lines (not in the JSON).
   */
  readonly isolationCauses?: readonly IsolationCause[];
  /** Policy kinds reachdiff does not model: how many objects head has, how many the pull request changes. */
  readonly unmodelled: readonly UnmodelledKindReport[];
  /** Head's Flux post-build `${VAR}`s without a value, per built folder (manifests/load.ts `unsetVariables`); absent: none. */
  readonly unsetVariables?: ReadonlyMap<string, readonly string[]>;
  /**
   * Set when pods the manifests do not hold were analysed: how many regions, whether the bound cut them
   * short, and the changed rules whose named ports may apply to such pods (not resolved: their container
   * ports are unknown; engine/abstract-named-ports.ts).
   */
  /**
   * Workloads' pairs whose workload sits in a region wider than its own pods, as the rule peer that
   * admits the region (text and Markdown name it; not in the JSON, whose pairs already hold them).
   */
  readonly widerRegions?: readonly WiderPair[];
  readonly abstractPeers?: {
    readonly regions: number;
    readonly incomplete: boolean;
    /** Set when the region pair bound (engine/region-pair-budget.ts) made it incomplete: that bound. */
    readonly regionPairsCut?: number;
    readonly unresolvedNamedPorts?: readonly UnresolvedNamedPorts[];
    /**
     * The changed policies no reported pair cites (analysis/unshown-changes.ts) whose paths may all be past a
     * bound: with `regionPairsCut`, every such policy; else, where a region partition was cut short, those that
     * reach it (analysis/uncut-scope.ts). Absent when none.
     */
    readonly unshownChanges?: readonly UnshownChange[];
  };
}

export type { SourceRef };
