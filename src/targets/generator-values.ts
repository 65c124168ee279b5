/**
 * Helm values a kustomization's generator hands to a Flux HelmRelease, whatever the file's own name: a
 * `configMapGenerator` / `secretGenerator` `files:` entry whose key is a values file's name (`values.yaml=
 * ./helm-values.yaml`, `values.yaml=./1.13.x.yaml`: Flux's `valuesFrom` reads the key `values.yaml` unless
 * `valuesKey` says otherwise), or whose generator a HelmRelease among the kustomization's resource files names
 * in its `valuesFrom`. Kustomize's generator semantics (kubectl kustomize: `[key=]path`, the key defaulting
 * to the file's base name); Flux helm-controller's `valuesFrom` (`kind`, `name`, `valuesKey`). Real-eval 23:
 * xunholy/k8s-gitops 8ff15a9fd changed Cilium's Helm values in `1.13.x.yaml`, generated as
 * `values.yaml=./1.13.x.yaml` into the ConfigMap the HelmRelease reads, and read "no change", said nowhere:
 * only files named `values*` counted as values.
 */
import type { Json } from '../manifests/context.js';
import { isObject } from '../manifests/context.js';
import { appTemplateUnreadValues, isAppTemplateRelease } from '../manifests/kinds/app-template.js';
import { KUSTOMIZATION_FILE_NAMES } from '../kustomize/index.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { withFieldNames } from '../kustomize/field-names.js';
import type { Text } from './kustomizations-naming.js';
import { kustomizationsNaming } from './kustomizations-naming.js';
import { baseName, dirOf, joinPath } from '../util/repo-paths.js';

/** A key Helm reads as a values file (`values.yaml`, `values-prod.yaml`). */
const VALUES_KEY = /^values[^/]*\.(ya?ml|json)$/;
const GENERATORS = ['configMapGenerator', 'secretGenerator'] as const;

/** `paths`: changed paths; `texts`: base's and head's reader. The changed files some generator makes Helm values of (either side's kustomization). */
export function generatedValuesFiles(paths: readonly string[], texts: readonly [Text, Text]): Set<string> {
  const changed = new Set(paths);
  const out = new Set<string>();
  for (const file of kustomizationsNaming(paths, texts, GENERATORS)) {
    const folder = dirOf(file);
    for (const read of texts) {
      const k = kustomization(read(file));
      if (!k) continue;
      // What the HelmReleases among the kustomization's resource files name in `valuesFrom`, read once per kustomization and side.
      let fromNames: Set<string> | undefined;
      const namedByRelease = (name: string) => (fromNames ??= valuesFromNames(resourceTexts(k, folder, read))).has(name);
      for (const g of GENERATORS.flatMap((f) => (Array.isArray(k[f]) ? k[f] : []))) {
        if (!isObject(g) || !Array.isArray(g.files)) continue;
        for (const entry of g.files) {
          if (typeof entry !== 'string') continue;
          const { path, key } = generatorFile(folder, entry);
          if (path === undefined || !changed.has(path) || out.has(path)) continue;
          if (VALUES_KEY.test(key) || (typeof g.name === 'string' && namedByRelease(g.name))) out.add(path);
        }
      }
    }
  }
  return out;
}

/**
 * Of `paths` (changed), the files a `configMapGenerator` makes into the values of app-template HelmReleases
 * among its kustomization's resource files (a `valuesFrom` entry of kind ConfigMap naming the generator, reading
 * the file's key), on both sides alike: reachdiff reads those values as the release's (manifests/helm-values-from.ts),
 * so a change there is analysed, unless it changes values the app-template reader leaves unread
 * (`appTemplateUnreadValues`: policies of the forms it does not model), which keeps the file said as not analysed.
 */
export function appTemplateValuesFiles(paths: readonly string[], texts: readonly [Text, Text]): Set<string> {
  const sides = texts.map((read) => appTemplateValuesBySide(paths, read));
  const out = new Set<string>();
  for (const p of paths) {
    const [base, head] = [sides[0].get(p), sides[1].get(p)];
    const unread = (values: Json | undefined) => JSON.stringify([...appTemplateUnreadValues({ values: values ?? {} })]);
    // Read on each side that has the file; a side without it reads nothing of it.
    const read = (texts[0](p) === undefined || base !== undefined) && (texts[1](p) === undefined || head !== undefined) && (base ?? head) !== undefined;
    if (read && unread(base?.values) === unread(head?.values)) out.add(p);
  }
  return out;
}

/** On one side, each of `paths` a generator makes app-template values of (appTemplateValuesFiles), with those values as parsed. */
function appTemplateValuesBySide(paths: readonly string[], read: Text): Map<string, { readonly values: Json }> {
  const out = new Map<string, { readonly values: Json }>();
  for (const file of kustomizationsNaming(paths, [read], ['configMapGenerator'])) {
    const k = kustomization(read(file));
    if (!k || !Array.isArray(k.configMapGenerator)) continue;
    const folder = dirOf(file);
    const entries = appTemplateValuesFrom(resourceTexts(k, folder, read));
    for (const g of k.configMapGenerator) {
      if (!isObject(g) || typeof g.name !== 'string' || !Array.isArray(g.files)) continue;
      const keys = entries.get(g.name);
      if (!keys) continue;
      for (const entry of g.files) {
        if (typeof entry !== 'string') continue;
        const { path, key } = generatorFile(folder, entry);
        if (path === undefined || !keys.has(key) || !paths.includes(path)) continue;
        const doc = parseDocuments(read(path) ?? '', 'yaml', false).find((d) => d.value !== null && d.value !== undefined);
        if (doc && !doc.error && isObject(doc.value)) out.set(path, { values: doc.value });
      }
    }
  }
  return out;
}

/** Generator name → the keys app-template HelmReleases of these texts read from the ConfigMap of that name (`valuesFrom`, kind ConfigMap, no `targetPath`). */
function appTemplateValuesFrom(texts: readonly string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const text of texts) {
    if (!text.includes('valuesFrom')) continue;
    for (const d of parseDocuments(text, 'yaml', false)) {
      const v = d.value;
      if (d.error || !isObject(v) || v.kind !== 'HelmRelease' || !isObject(v.spec) || !Array.isArray(v.spec.valuesFrom) || !isAppTemplateRelease(v)) continue;
      for (const f of v.spec.valuesFrom) {
        if (!isObject(f) || f.kind !== 'ConfigMap' || typeof f.name !== 'string' || f.targetPath !== undefined) continue;
        const keys = out.get(f.name) ?? new Set<string>();
        keys.add(typeof f.valuesKey === 'string' && f.valuesKey !== '' ? f.valuesKey : 'values.yaml');
        out.set(f.name, keys);
      }
    }
  }
  return out;
}

/**
 * The names of the ConfigMaps the kustomization of `file`'s folder generates (`configMapGenerator`) when it lists
 * `file` among its resources: a HelmRelease of that file reads its `valuesFrom` entries naming them from the
 * build (manifests/helm-values-from.ts). Empty when there is none.
 */
export function generatedConfigMapNames(file: string, read: Text): Set<string> {
  const folder = dirOf(file);
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const k = kustomization(read(folder === '' ? name : `${folder}/${name}`));
    if (!k) continue;
    const lists = Array.isArray(k.resources) && k.resources.some((r) => typeof r === 'string' && joinPath(folder, r) === file);
    if (!lists || !Array.isArray(k.configMapGenerator)) return new Set();
    return new Set(k.configMapGenerator.flatMap((g) => (isObject(g) && typeof g.name === 'string' ? [g.name] : [])));
  }
  return new Set();
}

/**
 * A generator's `files:` entry (`[key=]path`, kubectl kustomize) of the kustomization in `folder`: the file's path
 * (undefined when it leaves the repository, util/repo-paths.ts `joinPath`) and its key, the file's base name unless given.
 */
function generatorFile(folder: string, entry: string): { readonly path: string | undefined; readonly key: string } {
  const eq = entry.indexOf('=');
  const rel = entry.slice(eq + 1).trim();
  return { path: joinPath(folder, rel), key: eq >= 0 ? entry.slice(0, eq).trim() : baseName(rel) };
}

type Kustomization = Record<string, unknown>;

function kustomization(text: string | undefined): Kustomization | undefined {
  if (text === undefined) return undefined;
  const doc = parseDocuments(text, 'yaml', false).find((d) => !d.error && isObject(d.value));
  // Keys in another case are the fields they name (field-names.ts).
  return doc && isObject(doc.value) ? withFieldNames(doc.value) : undefined;
}

/** Texts of the resource files (not folders) a kustomization lists, on one side. */
function resourceTexts(k: Kustomization, folder: string, read: Text): string[] {
  const refs = Array.isArray(k.resources) ? k.resources.filter((r): r is string => typeof r === 'string' && /\.(ya?ml|json)$/i.test(r)) : [];
  return refs.map((r) => joinPath(folder, r)).flatMap((p) => (p === undefined ? [] : [read(p) ?? '']));
}

/** The ConfigMap and Secret names Flux HelmReleases of these texts read values from (`spec.valuesFrom[].name`). */
function valuesFromNames(texts: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const text of texts) {
    if (!text.includes('valuesFrom')) continue;
    for (const d of parseDocuments(text, 'yaml', false)) {
      const v = d.value;
      if (d.error || !isObject(v) || v.kind !== 'HelmRelease' || !isObject(v.spec) || !Array.isArray(v.spec.valuesFrom)) continue;
      for (const f of v.spec.valuesFrom) if (isObject(f) && typeof f.name === 'string') out.add(f.name);
    }
  }
  return out;
}
