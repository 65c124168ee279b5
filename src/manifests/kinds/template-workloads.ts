/**
 * Custom resources that run pods from a pod template of their own, read as workloads like a Deployment:
 * their pods' labels and named container ports come from `spec.template`, in the object's namespace.
 *
 * - Argo Rollouts `Rollout` (`argoproj.io`): `spec.template`, or `spec.workloadRef` naming a Deployment
 *   (or ReplicaSet) whose template the Rollout runs instead (see `WorkloadRefDraft`).
 * - OpenKruise (`apps.kruise.io`): `CloneSet`, and its `StatefulSet` and `DaemonSet` ("Advanced
 *   StatefulSet", "Advanced DaemonSet"), each with `spec.template`; `BroadcastJob` (a Job run on every
 *   node, `spec.template`) and `AdvancedCronJob` (which makes a Job or a BroadcastJob on a schedule:
 *   `spec.template.jobTemplate.spec.template` or `spec.template.broadcastJobTemplate.spec.template`),
 *   read as a CronJob is: the pods it makes while it runs, with their template's labels.
 *
 * Model kinds: `Rollout` and `CloneSet` keep their names; OpenKruise's StatefulSet and DaemonSet are
 * `AdvancedStatefulSet` and `AdvancedDaemonSet`, so that their ids (`ns/name[AdvancedStatefulSet]`) and
 * object keys never meet a built-in StatefulSet's of the same name (Calico's kinds are renamed alike).
 *
 * Source of the semantics: the Argo Rollouts specification (`Rollout.spec.template`, `spec.workloadRef`
 * with `scaleDown: never | onsuccess | progressively`, `never` the default) and OpenKruise's CloneSet,
 * Advanced StatefulSet and Advanced DaemonSet documentation (the same pod template as the built-in kinds).
 */
import type { Json } from '../context.js';
import { isObject } from '../context.js';

/** The raw `kind:` values of these resources that no built-in workload kind already has (text scans). */
export const TEMPLATE_WORKLOAD_RAW_KINDS: ReadonlySet<string> = new Set(['Rollout', 'CloneSet', 'BroadcastJob', 'AdvancedCronJob']);

/** The model kinds these resources are read as. */
export const TEMPLATE_WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Rollout', 'CloneSet', 'AdvancedStatefulSet', 'AdvancedDaemonSet', 'BroadcastJob', 'AdvancedCronJob']);

const KRUISE: Readonly<Record<string, string>> = { CloneSet: 'CloneSet', StatefulSet: 'AdvancedStatefulSet', DaemonSet: 'AdvancedDaemonSet', BroadcastJob: 'BroadcastJob', AdvancedCronJob: 'AdvancedCronJob' };

/**
 * The path of an OpenKruise AdvancedCronJob's pod template: its Job template's, else its BroadcastJob
 * template's (`spec.template` holds one of the two).
 */
export function advancedCronJobTemplatePath(obj: Json): readonly string[] {
  const template = isObject(obj.spec) && isObject(obj.spec.template) ? obj.spec.template : undefined;
  const which = template && !isObject(template.jobTemplate) && isObject(template.broadcastJobTemplate) ? 'broadcastJobTemplate' : 'jobTemplate';
  return ['spec', 'template', which, 'spec', 'template'];
}

/** The model kind of an object of one of these resources (any version of the group), else undefined. */
export function templateWorkloadKind(kind: string, apiVersion: string): string | undefined {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return undefined;
  const group = apiVersion.slice(0, slash);
  if (group === 'argoproj.io') return kind === 'Rollout' ? 'Rollout' : undefined;
  if (group === 'apps.kruise.io') return Object.prototype.hasOwnProperty.call(KRUISE, kind) ? KRUISE[kind] : undefined;
  return undefined;
}

/** The kinds a Rollout's `spec.workloadRef` may name whose template the loader reads. */
const REFERABLE = new Set(['Deployment', 'ReplicaSet']);

/**
 * A Rollout whose pods run the template of another workload (`spec.workloadRef`), resolved once every
 * document of the build is read (load.ts `mergeDocuments`), since the referenced object may be in another file.
 *
 * - `rollout`: the Rollout's workload id (`ns/name[Rollout]`); `key`: its object key (`Rollout/ns/name`).
 * - `target`: the referenced workload's id (`ns/name[Deployment]`), in the Rollout's namespace; undefined
 *   when the reference names no kind whose template is read (`written` says what it names).
 * - `scalesDown`: `scaleDown` is `onsuccess` or `progressively`, so Argo Rollouts scales the referenced
 *   Deployment to 0 once the Rollout runs: its pods are the Rollout's, not a second set.
 */
export interface WorkloadRefDraft {
  readonly key: string;
  readonly rollout: string;
  readonly target: string | undefined;
  readonly written: string;
  readonly scalesDown: boolean;
}

/** A Rollout's `spec.workloadRef` when it has one (a map), read as a draft; undefined otherwise. */
export function workloadRefDraft(obj: Json, namespace: string, name: string): WorkloadRefDraft | undefined {
  const spec = isObject(obj.spec) ? obj.spec : undefined;
  const ref = isObject(spec?.workloadRef) ? spec.workloadRef : undefined;
  if (!ref) return undefined;
  const kind = typeof ref.kind === 'string' ? ref.kind : '';
  const target = typeof ref.name === 'string' && ref.name !== '' ? ref.name : '';
  const apiVersion = typeof ref.apiVersion === 'string' ? ref.apiVersion : 'apps/v1';
  const readable = REFERABLE.has(kind) && target !== '' && (apiVersion === 'apps/v1' || apiVersion === 'apps');
  return {
    key: `Rollout/${namespace}/${name}`,
    rollout: `${namespace}/${name}[Rollout]`,
    target: readable ? `${namespace}/${target}[${kind}]` : undefined,
    written: `${kind || '(no kind)'} ${namespace}/${target || '(no name)'}`,
    scalesDown: ref.scaleDown === 'onsuccess' || ref.scaleDown === 'progressively',
  };
}

/** Whether a Deployment (or ReplicaSet) is written with `spec.replicas: 0`: it runs no pods of its own. */
export function scaledToZero(obj: Json): boolean {
  return isObject(obj.spec) && obj.spec.replicas === 0;
}
