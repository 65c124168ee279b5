/**
 * Runs the builtin transformer configurations of `transformers:` (transformer-configs.ts reads them), after
 * the kustomization's own transformers, as Kustomize appends them (kusttarget `runTransformers`). Semantics
 * of Kustomize's builtin plugins, checked against `kubectl kustomize` (v5.5):
 * - LabelTransformer / AnnotationsTransformer: the pairs go into each map the `fieldSpecs` lead to, made
 *   only where a spec says `create: true`; no field specs, no change (there are no defaults).
 * - NamespaceTransformer: `metadata.namespace` of every namespaced object whatever the field specs say
 *   (replacing one already set, unless `unsetOnly`), then each other field spec's scalar; RoleBinding and
 *   ClusterRoleBinding ServiceAccount subjects by `setRoleBindingSubjects` (`defaultOnly`: those named
 *   `default`; `allServiceAccounts`; `none`). Namespace objects are not renamed. Two objects made one
 *   (same kind, name and now namespace) fail the build at the configuration's namespace line.
 * - PrefixSuffixTransformer: `prefix` + value + `suffix` on each existing string the field specs lead to;
 *   never on Namespace, CustomResourceDefinition or APIService objects.
 * - The patch transformers and ReplacementTransformer: as the kustomization's patch fields
 *   (apply-patches.ts) and `replacements:` (replacements.ts).
 */
import type { BuildContext } from './build-context.js';
import { applyPatchEntries } from './apply-patches.js';
import { applyReplacementEntries } from './replacements.js';
import type { FieldSpec } from './field-specs.js';
import { appliesTo, visitPath } from './field-specs.js';
import type { Kustomization } from './kustomization.js';
import { noteNamespaceMove } from './namespace-moves.js';
import { childMap, isMap } from './nodes.js';
import type { Resource } from './resource.js';
import { gvkOf, isClusterScoped, remember } from './resource.js';
import type { FolderBuild, TransformerConfig } from './transformer-configs.js';
import { loadTransformerConfigs } from './transformer-configs.js';
import { applyLabels, refuseMergedIds, setPairs } from './transformers.js';

/** `buildFolder`: builds a folder entry, whose objects are configurations (transformer-configs.ts). */
export function runTransformerConfigs(ctx: BuildContext, k: Kustomization, input: Resource[], buildFolder: FolderBuild): Resource[] {
  if (k.transformers.length === 0) return input;
  let resources = input;
  for (const c of loadTransformerConfigs(ctx, k, buildFolder)) {
    switch (c.kind) {
      case 'LabelTransformer':
        applyLabels(ctx, resources, [c]);
        break;
      case 'AnnotationsTransformer':
        if (Object.keys(c.pairs).length > 0) for (const r of resources) setPairs(ctx, r, c.specs, c.pairs, c.ref, () => undefined);
        break;
      case 'NamespaceTransformer':
        setNamespaceBy(ctx, resources, c);
        break;
      case 'PrefixSuffixTransformer':
        addAffixesBy(ctx, resources, c);
        break;
      case 'patches':
        resources = applyPatchEntries(ctx, k, resources, c.entries);
        break;
      case 'replacements':
        applyReplacementEntries(ctx, k, resources, c.entries);
        break;
      default: {
        const never: never = c;
        return never;
      }
    }
  }
  return resources;
}

type NamespaceConfig = Extract<TransformerConfig, { kind: 'NamespaceTransformer' }>;
const BINDINGS = new Set(['RoleBinding', 'ClusterRoleBinding']);

function setNamespaceBy(ctx: BuildContext, resources: readonly Resource[], c: NamespaceConfig): void {
  const ns = c.namespace.value;
  if (ns === '') return;
  const settable = (v: unknown): boolean => !c.unsetOnly || v === undefined || v === null || v === '';
  // Kustomize handles these two itself and drops them from the field specs.
  const specs = c.specs.filter((fs) => fs.path !== 'metadata/namespace' && !(fs.path === 'subjects' && BINDINGS.has(fs.kind ?? '')));
  for (const r of resources) {
    const gvk = gvkOf(r.obj);
    if (!isClusterScoped(gvk.kind)) {
      const meta = childMap(r.obj, 'metadata', true, ctx.positions, r.ref);
      if (meta && settable(meta.namespace)) {
        remember(r);
        noteNamespaceMove(r, ns, c.namespace.ref);
        meta.namespace = ns;
      }
    }
    if (BINDINGS.has(gvk.kind) && c.subjects !== 'none' && Array.isArray(r.obj.subjects)) {
      for (const s of r.obj.subjects) {
        if (isMap(s) && s.kind === 'ServiceAccount' && (c.subjects === 'allServiceAccounts' || s.name === 'default') && settable(s.namespace)) s.namespace = ns;
      }
    }
    setScalars(ctx, r, specs, (v) => (settable(v) ? ns : undefined));
  }
  refuseMergedIds(resources, c.namespace.ref);
}

type AffixConfig = Extract<TransformerConfig, { kind: 'PrefixSuffixTransformer' }>;
const AFFIX_SKIPPED = new Set(['Namespace', 'CustomResourceDefinition', 'APIService']);

function addAffixesBy(ctx: BuildContext, resources: readonly Resource[], c: AffixConfig): void {
  if (c.prefix === '' && c.suffix === '') return;
  for (const r of resources) {
    if (AFFIX_SKIPPED.has(gvkOf(r.obj).kind)) continue;
    // The name's old value is remembered first, so name references follow (name-references.ts).
    if (c.specs.some((fs) => fs.path === 'metadata/name' && appliesTo(fs, gvkOf(r.obj)))) remember(r);
    for (const fs of c.specs) {
      if (!appliesTo(fs, gvkOf(r.obj))) continue;
      visitPath(r.obj, fs.path, false, ctx.positions, (parent, key) => {
        if (typeof parent[key] === 'string') parent[key] = c.prefix + parent[key] + c.suffix;
      });
    }
  }
}

/** Sets each scalar the specs lead to (made where a spec says `create`) to `next(current)`, unless that is undefined. */
function setScalars(ctx: BuildContext, r: Resource, specs: readonly FieldSpec[], next: (current: unknown) => string | undefined): void {
  const gvk = gvkOf(r.obj);
  for (const fs of specs) {
    if (!appliesTo(fs, gvk)) continue;
    visitPath(r.obj, fs.path, fs.create, ctx.positions, (parent, key) => {
      const current = parent[key];
      if ((current === undefined || current === null) && !fs.create) return;
      if (current !== null && typeof current === 'object') return;
      const value = next(current);
      if (value !== undefined) parent[key] = value;
    });
  }
}
