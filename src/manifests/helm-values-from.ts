/**
 * A Flux HelmRelease's values as helm-controller composes them from a ConfigMap of the same build: the layout
 * where a kustomization's `configMapGenerator` makes the values (`files: [values.yaml=./helm-values.yaml]`) and
 * the HelmRelease beside it names the generator in `spec.valuesFrom` (`kind: ConfigMap, name: app-values`).
 * Read from `spec.values` alone, an app-template release whose values all come so made no workload, and moving
 * an app's values into such a file read as the app removed (real repositories 38).
 *
 * Semantics (helm-controller, HelmRelease API "Values references"): each `valuesFrom` entry, in order, reads the
 * key `valuesKey` (default `values.yaml`) of the ConfigMap of that name in the HelmRelease's namespace as a
 * values document and merges it over the values before (maps deeply, anything else replaced); `spec.values`
 * is merged last, over them all. The generated ConfigMap is named with Kustomize's content hash
 * (`app-values-5c7m9dk2gt`), which the HelmRelease's reference gets only through a `configurations`
 * nameReference the renderer does not apply: a generated ConfigMap is matched by its generator's name, any
 * other by its own. An entry read so leaves `spec.valuesFrom`; one naming a Secret, a `targetPath`, a ConfigMap
 * the build does not hold or a key that is no values mapping stays there, and the app-template reader says it is
 * not read (kinds/app-template.ts). The values read keep the lines of the file the generator read them from (the
 * generator's entry when no file of the build holds that text), so a change there is cited there. Pure.
 */
import type { Json, Positions, RenderedObject, RenderResult } from '../kustomize/index.js';
import { copyParsed } from '../kustomize/nodes.js';
import type { SourceRef } from '../engine/model.js';
import { isObject } from './context.js';
import { parseDocuments } from './yaml-documents.js';

const HELM_RELEASE_GROUP = 'helm.toolkit.fluxcd.io/';
/** Kustomize's name hash: `-` and ten characters of its alphabet. */
const HASH_SUFFIX = /^-[a-z0-9]{10}$/;

const done = new WeakMap<RenderResult, RenderResult>();

/**
 * `result` with each HelmRelease's `spec.values` composed from the ConfigMaps of the build its `valuesFrom`
 * names (see above); the very result when none does. `textOf`: the side's reader, to find the file a generated
 * value came from. Kept per result.
 */
export function withValuesFrom(result: RenderResult, textOf: ((path: string) => string | undefined) | undefined): RenderResult {
  if (!result.ok) return result;
  const known = done.get(result);
  if (known) return known;
  let out = result;
  if (result.objects.some(isReleaseWithValuesFrom)) {
    const configMaps = result.objects.filter((o) => o.value.kind === 'ConfigMap' && o.value.apiVersion === 'v1');
    const objects = result.objects.map((o) => (isReleaseWithValuesFrom(o) ? composed(o, configMaps, result, textOf) : o));
    if (objects.some((o, i) => o !== result.objects[i])) out = { ...result, objects };
  }
  done.set(result, out);
  done.set(out, out);
  return out;
}

function isReleaseWithValuesFrom(o: RenderedObject): boolean {
  const v = o.value;
  return v.kind === 'HelmRelease' && typeof v.apiVersion === 'string' && v.apiVersion.startsWith(HELM_RELEASE_GROUP) && isObject(v.spec) && Array.isArray(v.spec.valuesFrom);
}

const namespaceOf = (v: Json): string => (isObject(v.metadata) && typeof v.metadata.namespace === 'string' ? v.metadata.namespace : '');
const nameOf = (v: Json): string | undefined => (isObject(v.metadata) && typeof v.metadata.name === 'string' ? v.metadata.name : undefined);

/** The ConfigMap of the build an entry names, in the release's namespace: a generated one by its generator's name, else by its own. */
function namedConfigMap(name: string, namespace: string, configMaps: readonly RenderedObject[]): RenderedObject | undefined {
  const here = configMaps.filter((c) => namespaceOf(c.value) === namespace);
  return here.find((c) => nameOf(c.value) === name) ?? here.find((c) => c.generated && (nameOf(c.value) ?? '').startsWith(name) && HASH_SUFFIX.test((nameOf(c.value) ?? '').slice(name.length)));
}

/** The release `o` with the values its `valuesFrom` entries read here merged under `spec.values`, those entries gone; `o` when none is read. */
function composed(o: RenderedObject, configMaps: readonly RenderedObject[], result: RenderResult, textOf: ((path: string) => string | undefined) | undefined): RenderedObject {
  const { positions } = result;
  const spec = o.value.spec as Json;
  const entries = spec.valuesFrom as unknown[];
  const namespace = namespaceOf(o.value);
  let values: Json | undefined;
  const left: unknown[] = [];
  for (const entry of entries) {
    const read = isObject(entry) ? entryValues(entry, namespace, configMaps, result, textOf) : undefined;
    if (read === undefined) left.push(entry);
    else values = values === undefined ? read : merged(values, read, positions);
  }
  if (values === undefined) return o;
  if (isObject(spec.values)) values = merged(values, spec.values, positions);
  const { valuesFrom: _read, ...rest } = spec;
  const newSpec: Json = { ...rest, values, ...(left.length ? { valuesFrom: place(left, positions.get(entries), positions) } : {}) };
  const value: Json = { ...o.value, spec: place(newSpec, positions.get(spec), positions) };
  return { ...o, value: place(value, positions.get(o.value), positions) };
}

/** The values one `valuesFrom` entry reads from a ConfigMap of the build, with their positions; undefined when it reads none here. */
function entryValues(entry: Json, namespace: string, configMaps: readonly RenderedObject[], result: RenderResult, textOf: ((path: string) => string | undefined) | undefined): Json | undefined {
  if (entry.kind !== 'ConfigMap' || typeof entry.name !== 'string' || entry.targetPath !== undefined) return undefined;
  const cm = namedConfigMap(entry.name, namespace, configMaps);
  const key = typeof entry.valuesKey === 'string' && entry.valuesKey !== '' ? entry.valuesKey : 'values.yaml';
  const text = cm && isObject(cm.value.data) ? cm.value.data[key] : undefined;
  if (cm === undefined || typeof text !== 'string') return undefined;
  const docs = parseDocuments(text, 'yaml');
  const doc = docs.find((d) => d.value !== null && d.value !== undefined);
  if (!doc || doc.error || !isObject(doc.value) || docs.some((d) => d.error)) return undefined;
  // The file the generator read the text from, when one the build used holds it (its lines are the values' lines).
  const file = [...result.used].find(([p, uses]) => uses.has('generator') && textOf?.(p) === text)?.[0];
  const at: SourceRef = result.positions.get(cm.value) ?? cm.ref;
  return copyParsed(doc.value, file !== undefined ? doc.lines : new Map(), file ?? at.file, result.positions, file !== undefined ? { file, line: 1 } : at) as Json;
}

/** `over` merged over `under` as helm-controller merges values: mappings key by key, deeply; any other value replaced. New mappings keep `over`'s position. */
function merged(under: Json, over: Json, positions: Positions): Json {
  const out: Json = { ...under };
  for (const [k, v] of Object.entries(over)) out[k] = isObject(v) && isObject(out[k]) ? merged(out[k] as Json, v, positions) : v;
  return place(out, positions.get(over) ?? positions.get(under), positions);
}

/** `node`, placed at `ref` when known. */
function place<T extends object>(node: T, ref: SourceRef | undefined, positions: Positions): T {
  if (ref) positions.set(node, ref);
  return node;
}
