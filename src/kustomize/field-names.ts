/**
 * The top-level fields of a kustomization file as Kustomize reads them. Kustomize decodes the file into its
 * `types.Kustomization` struct with Go's encoding/json (sigs.k8s.io/yaml converts YAML to JSON first), which
 * matches a key to a field by its JSON name exactly and, failing that, without regard to case; only a key that
 * matches no field is "unknown". So `apiversion:` or `Resources:` are `apiVersion` and `resources`, and a key
 * written twice under two casings takes the later value. Real repositories 33 (allenporter/k8s-gitops
 * 6beb7af4: `apiversion: kustomize.config.k8s.io/v1beta1` in a kustomization kubectl builds) read "invalid
 * Kustomization: unknown field" and left the cluster's build unanalysed.
 */

/** Every top-level field of kustomize.config.k8s.io/v1beta1 Kustomization (and Component), by its JSON name. */
export const KUSTOMIZATION_FIELDS: readonly string[] = [
  'apiVersion', 'kind', 'metadata', 'resources', 'bases', 'components', 'namespace', 'namePrefix', 'nameSuffix', 'commonLabels', 'labels',
  'commonAnnotations', 'patches', 'patchesStrategicMerge', 'patchesJson6902', 'images', 'replicas', 'replacements', 'configMapGenerator',
  'secretGenerator', 'generatorOptions', 'buildMetadata', 'sortOptions', 'imageTags', 'transformers', 'helmCharts', 'helmGlobals',
  'helmChartInflationGenerator', 'generators', 'validators', 'configurations', 'vars', 'crds', 'openapi',
];

const BY_FOLDED = new Map(KUSTOMIZATION_FIELDS.map((f) => [f.toLowerCase(), f]));
const EXACT = new Set(KUSTOMIZATION_FIELDS);

/** The field a top-level key stands for: itself when it names one exactly, else the one it names in another case, else itself (unknown). */
export function fieldOf(key: string): string {
  return EXACT.has(key) ? key : (BY_FOLDED.get(key.toLowerCase()) ?? key);
}

/**
 * A kustomization mapping with its keys as Kustomize reads them (`fieldOf`), in their order, a later key of
 * the same field winning. The same object when every key is written as its field (no copy).
 */
export function withFieldNames<T extends Record<string, unknown>>(map: T): T {
  const keys = Object.keys(map);
  if (keys.every((k) => fieldOf(k) === k)) return map;
  const out: Record<string, unknown> = {};
  for (const k of keys) out[fieldOf(k)] = map[k];
  return out as T;
}
