/**
 * Workload kinds → model. Pod labels and container ports come from the pod template; a Pod owned by a
 * controller is reported as its owner, so the replicas of one controller collapse into one peer.
 */
import type { Workload } from '../../engine/model.js';
import type { DocContext, Json } from '../context.js';
import { asArray, isObject } from '../context.js';
import { readNamedPorts } from './container-ports.js';
import { readLabelMap } from './labels.js';
import { checkFields, readMap } from '../field-checks.js';
import { OBJECT_META } from '../known-fields.js';
import { advancedCronJobTemplatePath } from './template-workloads.js';

export const WORKLOAD_KINDS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob']);

export function readWorkload(ctx: DocContext, obj: Json, kind: string, namespace: string, name: string): Workload {
  const ref = ctx.ref(obj);
  const template = podTemplate(obj, kind);
  const where = `${kind} ${namespace}/${name}`;
  if (kind !== 'Pod') checkTemplate(ctx, obj, kind, where);
  const meta = isObject(template?.metadata) ? template.metadata : {};
  const spec = isObject(template?.spec) ? template.spec : {};
  const owner = kind === 'Pod' ? controllerOwner(obj) : undefined;
  const [idName, idKind] = owner ?? [name, kind];
  return {
    id: `${namespace}/${idName}[${idKind}]`,
    namespace,
    name: idName,
    kind: idKind,
    // Invalid labels and ports are reported and left out; the workload is analysed without them.
    // A bare Pod's labels are its object's, already checked with its metadata (load.ts): not said twice.
    podLabels: withControllerLabels(readLabelMap(ctx, meta.labels, `${kind} ${namespace}/${name}: pod labels`, ctx.fieldRef(meta, 'labels', ref), { quiet: kind === 'Pod', emptied: 'pods' }).labels, obj, kind, name),
    namedPorts: readNamedPorts(ctx, spec, `${kind} ${namespace}/${name}`),
    ref,
  };
}

/**
 * The labels the API server adds to a Job's pod template, when it generates the Job's selector (no
 * `spec.manualSelector: true`): `job-name` and `batch.kubernetes.io/job-name` (Kubernetes 1.27+), each the
 * Job's name, where the template does not set it (Kubernetes, pkg/registry/batch/job/strategy.go
 * `generateSelector`; the `controller-uid` pair is the Job's uid, unknown here). Policies select a Job's
 * pods by them (`job-name In (provisioner)`): read without them, such a policy selected no workload of the
 * manifests, and its Job was analysed unselected (real-eval 22, webgrip/homelab-cluster 45d181c3). A
 * CronJob's Jobs are named by their schedule time, and a `generateName` Job by the API server, so their
 * `job-name` is not known.
 */
function withControllerLabels(labels: Record<string, string>, obj: Json, kind: string, name: string): Record<string, string> {
  if (kind !== 'Job' || (isObject(obj.spec) && obj.spec.manualSelector === true)) return labels;
  // A Job named by `generateName` (an Argo CD hook) gets a name only the API server knows.
  if (!isObject(obj.metadata) || obj.metadata.name !== name) return labels;
  // In place: the map has no prototype (labels.ts), so a label named like an Object method stays a label.
  for (const key of ['job-name', 'batch.kubernetes.io/job-name']) if (!Object.prototype.hasOwnProperty.call(labels, key)) labels[key] = name;
  return labels;
}

/**
 * The pod template's path (`spec.template`, a CronJob's `spec.jobTemplate.spec.template`) holds maps, and
 * its metadata ObjectMeta's fields: what is not is an error (the API server rejects the object), and the
 * workload is analysed with what could be read, as for its other bad fields.
 */
function checkTemplate(ctx: DocContext, obj: Json, kind: string, where: string): void {
  const path = kind === 'CronJob' ? ['spec', 'jobTemplate', 'spec', 'template', 'metadata'] : kind === 'AdvancedCronJob' ? [...advancedCronJobTemplatePath(obj), 'metadata'] : ['spec', 'template', 'metadata'];
  let node: Json = obj;
  let at = '';
  for (const key of path) {
    at = at ? `${at}.${key}` : key;
    const next = readMap(ctx, node, key, `${where}: ${at}`, ctx.ref(node));
    if (!next) return;
    node = next;
  }
  checkFields(ctx, node, OBJECT_META, `${where}: ${at}`, ctx.ref(node, ctx.ref(obj)));
}

/** `spec.hostNetwork: true` in the pod (template): the pods share their node's network namespace. */
export function usesHostNetwork(obj: Json, kind: string): boolean {
  const template = podTemplate(obj, kind);
  return isObject(template?.spec) && template.spec.hostNetwork === true;
}

function podTemplate(obj: Json, kind: string): Json | undefined {
  if (kind === 'Pod') return obj;
  const spec = isObject(obj.spec) ? obj.spec : undefined;
  if (kind === 'CronJob') {
    const job = isObject(spec?.jobTemplate) ? spec.jobTemplate : undefined;
    const jobSpec = isObject(job?.spec) ? job.spec : undefined;
    return isObject(jobSpec?.template) ? jobSpec.template : undefined;
  }
  if (kind === 'AdvancedCronJob') {
    let node: unknown = obj;
    for (const key of advancedCronJobTemplatePath(obj)) node = isObject(node) ? node[key] : undefined;
    return isObject(node) ? node : undefined;
  }
  return isObject(spec?.template) ? spec.template : undefined;
}

/**
 * The controlling owner, one level up: `[name, kind]`. An owner reference without a kind names a Pod;
 * static pods (controlled by their Node) are named by themselves.
 */
function controllerOwner(obj: Json): [string, string] | undefined {
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  for (const o of asArray(meta.ownerReferences) ?? []) {
    if (!isObject(o) || o.controller !== true || typeof o.name !== 'string') continue;
    if (o.kind === 'Node') return undefined;
    return [o.name, typeof o.kind === 'string' && o.kind !== '' ? o.kind : 'Pod'];
  }
  return undefined;
}
