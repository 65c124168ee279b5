import type { SourceRef } from '../engine/model.js';
import type { EngineDiagnosticCode } from '../engine/diagnostics.js';

/** Closed list of what the loader can say about its input. */
export type DiagnosticCode =
  | 'UNREADABLE_FILE'
  | 'YAML_SYNTAX'
  | 'NOT_AN_OBJECT'
  | 'UNSUPPORTED_API_VERSION'
  | 'MISSING_FIELD'
  | 'INVALID_FIELD'
  | 'UNKNOWN_FIELD'
  | 'UNKNOWN_KIND'
  | 'INVALID_LABEL'
  | 'RESERVED_LABEL_NEAR_MISS'
  | 'INVALID_NAME'
  | 'UNMODELLED_POLICY'
  | 'HOST_NETWORK'
  | 'DUPLICATE_OBJECT'
  | 'INVALID_CIDR'
  | 'EXCEPT_OUTSIDE_CIDR'
  | 'PORT_OUT_OF_RANGE'
  | 'UNKNOWN_PROTOCOL'
  | 'INVALID_PORT_NAME'
  | 'DUPLICATE_PORT_NAME'
  | 'BAD_SELECTOR'
  | 'ENDPORT_WITHOUT_NUMERIC_PORT'
  | 'ENDPORT_BELOW_PORT'
  | 'INVALID_PEER'
  | 'INVALID_POLICY_TYPE'
  // The engine's own, which report/warnings.ts lists with the loader's.
  | EngineDiagnosticCode
  | 'INVALID_PRIORITY'
  | 'TOO_MANY_ITEMS'
  | 'UNSUPPORTED_PEER'
  // A policy the API server accepts and the network plugin's agent refuses to apply (Cilium's rule validation): not applied.
  | 'AGENT_REFUSED'
  // A field of a modelled kind whose meaning manifests do not hold (Cilium L7 rules, fromRequires, host policies …).
  | 'UNSUPPORTED_FIELD'
  // An object annotated `argocd.argoproj.io/hook: Skip`: Argo CD never applies it, so it is not read.
  | 'SKIPPED_HOOK'
  // Kustomize rendering (src/kustomize): a build that fails, a feature not rendered, commonLabels narrowing a policy peer,
  // a `namespace:` replacing the namespace a NetworkPolicy document writes.
  | 'KUSTOMIZE_BUILD_FAILED'
  | 'KUSTOMIZE_NOT_RENDERED'
  | 'KUSTOMIZE_LABEL_NARROWS_PEER'
  | 'KUSTOMIZE_NAMESPACE_REPLACED'
  // A patch whose target selects no object of its build (Kustomize applies it to none, silently).
  | 'KUSTOMIZE_PATCH_SELECTS_NOTHING';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly ref: SourceRef;
  /**
   * KUSTOMIZE_LABEL_NARROWS_PEER of a rule peer only: the labels its pod selector gained. A peer written at
   * the same place gains them too (analysis/peer-labels-added.ts: explain's edits are verified with them).
   */
  readonly gained?: Readonly<Record<string, string>>;
  /** KUSTOMIZE_NAMESPACE_REPLACED only: the move as data (findings/namespace-overridden.ts judges it). */
  readonly namespaceMove?: NamespaceMove;
  /**
   * KUSTOMIZE_BUILD_FAILED only: the folder whose build failed ('' the root). `ref` is where the error is,
   * which may be a kustomization the build includes, deeper down (`databases/kustomization.yaml:8` of
   * the build of `.`).
   */
  readonly build?: string;
  /**
   * KUSTOMIZE_NOT_RENDERED of a build that lacks objects Kustomize would have made (a remote resource not
   * fetched, Helm charts not inflated, generator plugins not run): how a message names them ("a remote
   * resource's objects", "the objects of the Helm charts"). render.ts `lackedObjects` finds it.
   */
  readonly lacks?: string;
  /**
   * KUSTOMIZE_NOT_RENDERED of an entry of a build (a patch, a replicas entry, a replacement source) the build
   * left out because it matches no object in a build that lacks some: the entry as the message names it and
   * what the build lacks (targets/unapplied-patches.ts). Not `unapplied`, which is an object the cluster refuses.
   */
  readonly unmatchedEntry?: { readonly entry: string; readonly lacks: string };
  /**
   * KUSTOMIZE_NOT_RENDERED of a remote entry the build does not fetch (kustomize/render.ts): the kustomization
   * that lists it, the list (`resource`: `resources:`, `component`: `components:`) and the entry as written
   * (`https://…/v1/install.yaml`, `github.com/org/repo//path?ref=v1`). targets/remote-resources.ts compares them.
   */
  readonly remoteEntry?: RemoteEntry;
  /**
   * DUPLICATE_OBJECT of copies in several places (manifests/last-copy.ts): the object as the message names it
   * (`NetworkPolicy shop/web-in`), the earlier copies' places as it writes them (`apps/a/np.yaml:1`,
   * `apps/a/np.yaml:1 ×2`; the kept copy is the warning's `ref`), and its closing clause on what is ignored
   * (targets/co-applied-objects.ts retells it). Absent for copies of one document only.
   */
  readonly duplicate?: { readonly object: string; readonly earlier: readonly string[]; readonly ignored: string };
  /**
   * The error said once of an object left out as written, which says only that and who refuses it (`by`):
   * `NetworkPolicy shop/api-in would be rejected by the API server; it is not applied` (manifests/load.ts
   * `notAppliedMessage`); the object's other errors say what is wrong. `owner`: the object as the message names it.
   * `keptBase`: in a diff, the line analysis/rejected-objects.ts tells in its place (or in place of the error of a
   * version with no usable name) when the cluster keeps base's version (`…; analysed with base's`).
   * An object, not a build's entry (`unmatchedEntry`).
   */
  readonly unapplied?: Unapplied;
  /**
   * INVALID_NAME of a name or namespace the API server refuses, the object still analysed on its side
   * (manifests/load.ts `REFUSED_NAME_CLAUSE`): `problem`, what is wrong, the message without that clause.
   * Absent once a diff tells the object as not created or base's kept instead (analysis/rejected-objects.ts).
   */
  readonly refusedName?: { readonly problem: string };
}

/** Diagnostic `remoteEntry`. */
export interface RemoteEntry {
  readonly kustomization: string;
  readonly kind: 'resource' | 'component';
  readonly entry: string;
}

/** Diagnostic `unapplied`. */
export interface Unapplied {
  readonly owner: string;
  readonly by: 'api-server' | 'agent';
  readonly keptBase?: true;
}

/** A Diagnostic's parts besides its severity, code, message and place. */
export type DiagnosticData = Omit<Diagnostic, 'severity' | 'code' | 'message' | 'ref'>;

/**
 * A NetworkPolicy a Kustomize `namespace:` moved: its id as built (`namespace/name`), the namespace its
 * document writes, the namespace it ends in, and the kustomization that first replaced the written one
 * (its `namespace:` line and value; a kustomization above may move it on to `namespace`).
 */
export interface NamespaceMove {
  readonly policy: string;
  readonly written: string;
  readonly namespace: string;
  readonly by: SourceRef;
  readonly replacement: string;
  /** The field at `by` when not a kustomization's `namespace:` (a Flux Kustomization's `targetNamespace`). */
  readonly field?: 'targetNamespace';
}

/** `the namespace: kubeflow of overlay/kustomization.yaml:4 replaces it`, and where a kustomization above moves it on. */
export function replacementText(move: NamespaceMove): string {
  const on = move.replacement === move.namespace ? '' : ` (and a kustomization above moves it on to ${move.namespace})`;
  return `the ${move.field ?? 'namespace'}: ${move.replacement} of ${move.by.file}:${move.by.line} replaces it${on}`;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.ref.file}:${d.ref.line}: ${d.severity}: ${d.message} [${d.code}]`;
}
