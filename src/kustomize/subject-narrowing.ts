/**
 * commonLabels (or `labels` with includeSelectors) also go into a NetworkPolicy's own `spec.podSelector`
 * (Kustomize's commonLabels field specs: `spec/podSelector/matchLabels` of NetworkPolicy). Inside one
 * kustomization that is harmless: its workloads' pod templates get the same labels. A kustomization that
 * holds policies for pods deployed elsewhere (another Application, another repository) narrows each such
 * policy to pods carrying its labels, which those pods lack, so the policy protects none of them
 * (real-eval 11, fineract 068f9bd: `commonLabels: {managed-by: argocd}` in the policies' folder made
 * keycloak's policy select `{app=keycloak, managed-by=argocd}`; the deployed keycloak has only `app`).
 * Reported, as a narrowed rule peer is, with KUSTOMIZE_LABEL_NARROWS_PEER (a COMMON_LABELS_NARROWING
 * finding), only when no workload the kustomization builds carries every label of the narrowed selector.
 */
import type { SourceRef } from '../engine/model.js';
import type { BuildContext } from './build-context.js';
import { warn } from './build-context.js';
import { isMap } from './nodes.js';
import type { Resource } from './resource.js';
import { describe, gvkOf } from './resource.js';
import type { Json } from './types.js';

/** A policy whose `spec.podSelector.matchLabels` gained labels, and from which kustomization line. */
export interface NarrowedSubject {
  readonly resource: Resource;
  readonly added: readonly string[];
  readonly file: string;
  readonly ref: SourceRef;
}

/** Pod template labels of a workload object (Pod: its own labels; CronJob: its job template's). */
function templateLabels(obj: Json): Json | undefined {
  const kind = gvkOf(obj).kind;
  if (kind === 'Pod') return isMap(obj.metadata) && isMap(obj.metadata.labels) ? obj.metadata.labels : undefined;
  let spec = isMap(obj.spec) ? obj.spec : undefined;
  if (kind === 'CronJob') spec = spec && isMap(spec.jobTemplate) && isMap(spec.jobTemplate.spec) ? spec.jobTemplate.spec : undefined;
  const meta = spec && isMap(spec.template) && isMap(spec.template.metadata) ? spec.template.metadata : undefined;
  return meta && isMap(meta.labels) ? meta.labels : undefined;
}

/**
 * Warns for each narrowed policy whose selector's matchLabels (as they are now) no workload of `resources`
 * carries, at the policy's `podSelector` (else the kustomization's labels line). Call after every label
 * entry of the kustomization was applied, so that workloads carry theirs too.
 */
export function reportNarrowedSubjects(ctx: BuildContext, narrowed: readonly NarrowedSubject[], resources: readonly Resource[]): void {
  if (narrowed.length === 0) return;
  const templates = resources.map((r) => templateLabels(r.obj)).filter((l): l is Json => l !== undefined);
  for (const n of narrowed) {
    const spec = n.resource.obj.spec;
    const selector = isMap(spec) && isMap(spec.podSelector) ? spec.podSelector : undefined;
    const wanted = selector && isMap(selector.matchLabels) ? Object.entries(selector.matchLabels) : [];
    if (templates.some((labels) => wanted.every(([k, v]) => labels[k] === v))) continue;
    const shown = wanted.map(([k, v]) => `${k}=${String(v)}`).join(',');
    warn(
      ctx,
      'KUSTOMIZE_LABEL_NARROWS_PEER',
      `${describe(n.resource.obj)}: spec.podSelector gains ${n.added.join(', ')} from the labels of ${n.file}:${n.ref.line}; the policy now selects only pods carrying {${shown}}, and no workload this kustomization builds carries them (pods deployed elsewhere lack them, so the policy does not apply to them)`,
      (selector && ctx.positions.get(selector)) ?? n.ref,
    );
  }
}
