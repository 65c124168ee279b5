/**
 * The field transformers of one kustomization, in Kustomize's order after the patches: namespace,
 * namePrefix, nameSuffix, labels (commonLabels, then each `labels` entry), commonAnnotations; later
 * (after patchesJson6902) replicas and images. Semantics from Kustomize's builtin plugins: `namespace`
 * sets every namespaced object's namespace (replacing one already set) and renames Namespace objects;
 * prefix and suffix skip Namespace, CustomResourceDefinition and APIService objects.
 */
import type { SourceRef } from '../engine/model.js';
import { labelText } from '../engine/label-text.js';
import type { BuildContext } from './build-context.js';
import type { FieldSpec } from './field-specs.js';
import { appliesTo, COMMON_ANNOTATIONS, COMMON_LABELS, METADATA_LABELS, POLICY_PEER_PATHS, POLICY_SUBJECT_PATH, visitPath } from './field-specs.js';
import type { NarrowedSubject } from './subject-narrowing.js';
import { reportNarrowedSubjects } from './subject-narrowing.js';
import type { Entry, ImageEntry, Kustomization, LabelEntry } from './kustomization.js';
import { noteNamespaceMove } from './namespace-moves.js';
import { childMap, isMap, KustomizeError } from './nodes.js';
import type { Resource } from './resource.js';
import { allIds, describe, edited, gvkOf, idKey, isClusterScoped, nameOf, remember } from './resource.js';
import { lackedObjects } from './render.js';
import { warn } from './build-context.js';
import type { Json } from './types.js';

/**
 * `ns.ref`: the kustomization's `namespace:` line (a policy moved from its written namespace is noted there);
 * `field`: the field written there when not `namespace` (Flux's `targetNamespace`), as the note names it.
 * @throws KustomizeError at `ns.ref` when the namespace makes two objects one (refuseMergedIds).
 */
export function setNamespace(ctx: BuildContext, resources: readonly Resource[], ns: Entry, field?: 'targetNamespace'): void {
  for (const r of resources) {
    const kind = gvkOf(r.obj).kind;
    remember(r);
    const meta = childMap(r.obj, 'metadata', true, ctx.positions, r.ref);
    if (!meta) continue;
    if (kind === 'Namespace') {
      if (meta.name !== ns.value) edited(r, ns.ref);
      meta.name = ns.value;
    } else if (!isClusterScoped(kind)) {
      noteNamespaceMove(r, ns.value, ns.ref, field);
      if (meta.namespace !== ns.value) edited(r, ns.ref);
      meta.namespace = ns.value;
    }
  }
  refuseMergedIds(resources, ns.ref);
}

/**
 * Kustomize's NamespaceTransformer (the `namespace:` field and the builtin configuration alike) refuses a
 * namespace that makes two objects one: after it sets an object's namespace, any other object with the same
 * group, version, kind, name and namespace fails the build ("namespace transformation produces ID conflict",
 * api/internal/builtins NamespaceTransformer.Transform; `kubectl kustomize` agrees). Two NetworkPolicies
 * `allow-dns` written in namespaces a and b, or two Namespace objects (both renamed), are such a pair.
 * The accumulation already refused objects that were one before (render.ts), so any shared id here is the
 * transformer's doing.
 * @throws KustomizeError at `ref` (the `namespace` line), naming the object and both sources.
 */
export function refuseMergedIds(resources: readonly Resource[], ref: SourceRef): void {
  const seen = new Map<string, Resource>();
  for (const r of resources) {
    const id = idKey(r.obj);
    const first = seen.get(id);
    if (first) throw new KustomizeError(`namespace transformation produces ID conflict: ${describe(r.obj)} (from ${first.ref.file}:${first.ref.line} and ${r.ref.file}:${r.ref.line})`, ref);
    seen.set(id, r);
  }
}

const AFFIX_SKIPPED = new Set(['Namespace', 'CustomResourceDefinition', 'APIService']);

export function addNameAffixes(resources: readonly Resource[], prefix: Entry | undefined, suffix: Entry | undefined): void {
  for (const [affix, place] of [[prefix, 'prefix'], [suffix, 'suffix']] as const) {
    if (!affix) continue;
    for (const r of resources) {
      if (AFFIX_SKIPPED.has(gvkOf(r.obj).kind) || !isMap(r.obj.metadata)) continue;
      remember(r);
      if (affix.value !== '') edited(r, affix.ref);
      r.obj.metadata.name = place === 'prefix' ? affix.value + nameOf(r.obj) : nameOf(r.obj) + affix.value;
    }
  }
}

/** The field specs a `labels` entry edits (Kustomize's LabelTransformer configuration). */
function labelSpecs(l: LabelEntry): readonly FieldSpec[] {
  if (l.includeSelectors) return COMMON_LABELS;
  if (l.includeTemplates) return METADATA_LABELS;
  return [METADATA_LABELS[0]];
}

export function addLabels(ctx: BuildContext, k: Kustomization, resources: readonly Resource[]): void {
  const entries = [...(k.commonLabels ? [k.commonLabels] : []), ...k.labels];
  applyLabels(ctx, resources, entries.map((l) => ({ pairs: l.pairs, specs: labelSpecs(l), ref: l.ref })));
}

/** Labels to set on the maps some field specs lead to; `ref`: the line that asks (a kustomization entry, a LabelTransformer's `labels`). */
export interface LabelApplication {
  readonly pairs: Readonly<Record<string, string>>;
  readonly specs: readonly FieldSpec[];
  readonly ref: SourceRef;
}

/**
 * Applies label sets in order; NetworkPolicy selectors they narrow are warned about (KUSTOMIZE_LABEL_NARROWS_PEER),
 * naming `ref.file:ref.line`.
 */
export function applyLabels(ctx: BuildContext, resources: readonly Resource[], applications: readonly LabelApplication[]): void {
  const subjects: NarrowedSubject[] = [];
  for (const l of applications) {
    if (Object.keys(l.pairs).length === 0) continue;
    for (const r of resources) {
      setPairs(ctx, r, l.specs, l.pairs, l.ref, (trail, added, pairs) => {
        if (trail === 'spec.podSelector.matchLabels') subjects.push({ resource: r, added, file: l.ref.file, ref: l.ref });
        else narrowed(ctx, r, trail, added, pairs, l.ref);
      });
    }
  }
  // Once every entry is applied: the workloads of this build carry their labels too.
  reportNarrowedSubjects(ctx, subjects, resources);
}

export function addAnnotations(ctx: BuildContext, k: Kustomization, resources: readonly Resource[]): void {
  if (Object.keys(k.commonAnnotations).length === 0) return;
  const ref = k.ref;
  for (const r of resources) setPairs(ctx, r, COMMON_ANNOTATIONS, k.commonAnnotations, ref, () => undefined);
}

/**
 * Sets the pairs in each map the specs lead to (made where a spec says `create`); a map that changes
 * takes `ref`. `onPeer` hears of NetworkPolicy selectors changed (trail like `spec.ingress[0].from[1]…`).
 */
export function setPairs(ctx: BuildContext, r: Resource, specs: readonly FieldSpec[], pairs: Readonly<Record<string, string>>, ref: SourceRef, onPeer: (trail: string, added: string[], pairs: Record<string, string>) => void): void {
  const gvk = gvkOf(r.obj);
  for (const fs of specs) {
    if (!appliesTo(fs, gvk)) continue;
    visitPath(r.obj, fs.path, fs.create, ctx.positions, (parent, key, trail) => {
      let map = parent[key];
      if (map === undefined || map === null) {
        if (!fs.create) return;
        map = {};
        parent[key] = map;
      }
      if (!isMap(map)) return;
      const added = Object.entries(pairs).filter(([k, v]) => map[k] !== v);
      if (added.length === 0) return;
      for (const [k, v] of added) map[k] = v;
      ctx.positions.set(map, ref);
      if (POLICY_PEER_PATHS.includes(fs.path) || fs.path === POLICY_SUBJECT_PATH) onPeer(trail.slice(1), added.map(([k2, v]) => labelText(k2, v)), Object.fromEntries(added));
    });
  }
}

/**
 * commonLabels (or labels with includeSelectors) narrowed a NetworkPolicy peer: the peer now selects
 * only pods that carry the label, and pods deployed by other kustomizations lack it — traffic from
 * or to them is silently dropped.
 */
function narrowed(ctx: BuildContext, r: Resource, trail: string, added: string[], gained: Record<string, string>, ref: SourceRef): void {
  const at = peerRef(ctx, r.obj, trail) ?? ref;
  const message = `${describe(r.obj)}: ${trail.replace(/\.matchLabels$/, '')} gains ${added.join(', ')} from the labels of ${ref.file}:${ref.line}; the peer now selects only pods carrying them (pods deployed elsewhere lack them)`;
  ctx.diagnostics.push({ severity: 'warning', code: 'KUSTOMIZE_LABEL_NARROWS_PEER', message, ref: at, gained });
}

/** The position of the peer (`from[i]`/`to[i]`) a trail like `spec.ingress[0].from[1].podSelector.matchLabels` names. */
function peerRef(ctx: BuildContext, obj: Json, trail: string): SourceRef | undefined {
  let node: unknown = obj;
  for (const part of trail.replace(/\.podSelector\.matchLabels$/, '').split('.')) {
    const m = /^([^[]+)(?:\[(\d+)\])?$/.exec(part);
    if (!m || !isMap(node)) return undefined;
    node = node[m[1]];
    if (m[2] !== undefined) node = Array.isArray(node) ? node[Number(m[2])] : undefined;
  }
  return node !== null && typeof node === 'object' ? ctx.positions.get(node) : undefined;
}

/** The kinds Kustomize's `replicas` scales (its builtin ReplicaCountTransformer field specs, any group). */
const SCALABLE = ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];

/**
 * `replicas`: sets `spec.replicas` of every object of a scalable kind (SCALABLE) that has, or had, the entry's
 * name. An entry no such object matches fails the build, as `kubectl kustomize` (v5.5) fails it ("resource with
 * name web does not match a config with the following GVK [Deployment …]"), also when the name is an Argo
 * Rollout's or an OpenKruise CloneSet's, which it never scales: a `KustomizeError` at the entry's line. When the
 * build lacks objects Kustomize would have (a remote resource, Helm charts: render.ts `lackedObjects`), the entry
 * may name one of them: a KUSTOMIZE_NOT_RENDERED warning at the entry instead, as for patches.
 */
export function setReplicas(ctx: BuildContext, resources: readonly Resource[], replicas: Kustomization['replicas']): void {
  for (const { name, count, ref } of replicas) {
    let found = false;
    for (const r of resources) {
      if (!SCALABLE.includes(gvkOf(r.obj).kind) || !allIds(r).some((id) => id.name === name)) continue;
      found = true;
      const spec = isMap(r.obj.spec) ? r.obj.spec : (r.obj.spec = {});
      spec.replicas = count;
    }
    if (found) continue;
    const lacked = lackedObjects(ctx.diagnostics);
    if (lacked) {
      warn(ctx, 'KUSTOMIZE_NOT_RENDERED', `replicas entry ${name} matches no object of the build, which lacks ${lacked.what} (${lacked.ref.file}:${lacked.ref.line}): not applied`, ref, { unmatchedEntry: { entry: `replicas entry ${name}`, lacks: lacked.what } });
      continue;
    }
    const others = [...new Set(resources.filter((r) => allIds(r).some((id) => id.name === name)).map((r) => `${gvkOf(r.obj).kind} ${name}`))];
    const named = others.length > 0 ? ` (the build's ${others.join(', ')} is of a kind Kustomize does not scale)` : '';
    throw new KustomizeError(`replicas: ${name} names no Deployment, StatefulSet, ReplicaSet or ReplicationController of the build${named}, so kubectl kustomize fails it ("resource with name ${name} does not match a config with the following GVK")`, ref);
  }
}

/** `images`: every container and init container whose image name matches, anywhere in the object. */
export function setImages(resources: readonly Resource[], images: readonly ImageEntry[]): void {
  if (images.length === 0) return;
  for (const r of resources) visitContainers(r.obj, (c) => {
    if (typeof c.image !== 'string') return;
    for (const img of images) {
      const next = retag(c.image, img);
      if (next !== undefined) {
        c.image = next;
        return;
      }
    }
  });
}

function visitContainers(node: unknown, visit: (c: Json) => void): void {
  if (Array.isArray(node)) node.forEach((n) => visitContainers(n, visit));
  else if (isMap(node)) {
    for (const [k, v] of Object.entries(node)) {
      if ((k === 'containers' || k === 'initContainers') && Array.isArray(v)) v.forEach((c) => isMap(c) && visit(c));
      else visitContainers(v, visit);
    }
  }
}

function retag(image: string, img: ImageEntry): string | undefined {
  const at = image.indexOf('@');
  const beforeDigest = at < 0 ? image : image.slice(0, at);
  const colon = beforeDigest.lastIndexOf(':');
  const hasTag = colon > beforeDigest.lastIndexOf('/');
  const name = hasTag ? beforeDigest.slice(0, colon) : beforeDigest;
  if (name !== img.name) return undefined;
  const tag = hasTag ? beforeDigest.slice(colon) : '';
  const digest = at < 0 ? '' : image.slice(at);
  const newName = img.newName ?? name;
  if (img.digest) return `${newName}@${img.digest}`;
  if (img.newTag !== undefined) return `${newName}:${img.newTag}`;
  return newName + tag + digest;
}
