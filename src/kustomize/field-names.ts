/**
 * The fields of a kustomization file as Kustomize reads them. Kustomize decodes the file into its
 * `types.Kustomization` struct with Go's encoding/json (sigs.k8s.io/yaml converts YAML to JSON first), which
 * matches a key to a field by its JSON name exactly and, failing that, without regard to case; only a key that
 * matches no field is "unknown". So `apiversion:` or `Resources:` are `apiVersion` and `resources`, and a key
 * written twice under two casings takes the later value. Real repositories 33 (allenporter/k8s-gitops
 * 6beb7af4: `apiversion: kustomize.config.k8s.io/v1beta1` in a kustomization kubectl builds) read "invalid
 * Kustomization: unknown field" and left the cluster's build unanalysed.
 *
 * The same matching holds inside: a patch's `Path:` or `Target:`, a target's `Kind:`, a generator's `Files:`
 * (kubectl kustomize v5.5 builds them). Maps keep their keys as written (a label's name, a Helm value, a patch's
 * `options`): only the keys of Kustomize's structs are fields. The nested structs below are those of
 * sigs.k8s.io/kustomize/api/types (v5), their embedded structs' fields (ResId, Gvk, GeneratorArgs) written out.
 */

/** A struct's fields by JSON name, each with the struct its value holds (alone, or as the items of a list), or null for a scalar, a list of scalars or a map. */
type Fields = ReadonlyMap<string, Fields | null>;

function struct(scalars: string, nested: Readonly<Record<string, Fields>> = {}): Fields {
  return new Map<string, Fields | null>([...scalars.split(/\s+/).filter(Boolean).map((f) => [f, null] as const), ...Object.entries(nested)]);
}

const GVK = 'group version kind';
const RES_ID = `${GVK} name namespace`;
const SELECTOR = struct(`${RES_ID} annotationSelector labelSelector`);
const PATCH = struct('path patch options', { target: SELECTOR });
const IMAGE = struct('name newName tagSuffix newTag digest');
const FIELD_SPEC = struct(`${GVK} path create`);
const FIELD_OPTIONS = struct('delimiter index encoding create');
const GENERATOR_OPTIONS = struct('labels annotations disableNameSuffixHash immutable');
const GENERATOR_ARGS = 'namespace name behavior literals files envs env';
const REPLACEMENT = struct('path', {
  source: struct(`${RES_ID} fieldPath`, { options: FIELD_OPTIONS }),
  targets: struct('fieldPaths', { select: SELECTOR, reject: SELECTOR, options: FIELD_OPTIONS }),
});

/** The kustomize.config.k8s.io/v1beta1 Kustomization (and Component), its fields by JSON name. */
const KUSTOMIZATION = struct(
  'apiVersion kind resources bases components namespace namePrefix nameSuffix commonLabels commonAnnotations patchesStrategicMerge ' +
    'buildMetadata transformers generators validators configurations crds openapi',
  {
    metadata: struct('name namespace labels annotations'),
    labels: struct('pairs includeSelectors includeTemplates', { fields: FIELD_SPEC }),
    patches: PATCH,
    patchesJson6902: PATCH,
    images: IMAGE,
    imageTags: IMAGE,
    replicas: struct('name count'),
    replacements: REPLACEMENT,
    configMapGenerator: struct(GENERATOR_ARGS, { options: GENERATOR_OPTIONS }),
    secretGenerator: struct(`${GENERATOR_ARGS} type`, { options: GENERATOR_OPTIONS }),
    generatorOptions: GENERATOR_OPTIONS,
    sortOptions: struct('order', { legacySortOptions: struct('orderFirst orderLast') }),
    helmCharts: struct(
      'name version repo releaseName namespace additionalValuesFiles valuesFile valuesInline valuesMerge includeCRDs skipHooks apiVersions kubeVersion nameTemplate skipTests devel',
    ),
    helmGlobals: struct('chartHome configHome'),
    helmChartInflationGenerator: struct('chartName chartVersion chartRepoUrl chartHome chartRepoName helmBin helmHome values valuesLocal valuesMerge releaseName releaseNamespace extraArgs'),
    vars: struct('name', { objref: struct(`apiVersion ${RES_ID}`), fieldref: struct('fieldPath') }),
  },
);

/** Every top-level field of kustomize.config.k8s.io/v1beta1 Kustomization (and Component), by its JSON name. */
export const KUSTOMIZATION_FIELDS: readonly string[] = [...KUSTOMIZATION.keys()];

const folded = new WeakMap<Fields, ReadonlyMap<string, string>>();

/** The field a key stands for in a struct: itself when it names one exactly, else the one it names in another case, else itself (unknown). */
function fieldIn(fields: Fields, key: string): string {
  if (fields.has(key)) return key;
  let byFolded = folded.get(fields);
  if (byFolded === undefined) folded.set(fields, (byFolded = new Map([...fields.keys()].map((f) => [f.toLowerCase(), f]))));
  return byFolded.get(key.toLowerCase()) ?? key;
}

/** The top-level field a kustomization key stands for (`apiversion` → `apiVersion`; an unknown key is itself). */
export function fieldOf(key: string): string {
  return fieldIn(KUSTOMIZATION, key);
}

/**
 * A kustomization mapping with its keys as Kustomize reads them, at every level of its structs (`fieldOf`), in
 * their order, a later key of the same field winning. The same object when every key is written as its field
 * (no copy); otherwise only the mappings and lists on the way to a renamed key are new, and `copied(from, to)` is
 * told of each (the caller keeps its source position).
 */
export function withFieldNames<T extends Record<string, unknown>>(map: T, copied: (from: object, to: object) => void = () => {}): T {
  return renamed(map, KUSTOMIZATION, copied) as T;
}

function renamed(value: unknown, fields: Fields, copied: (from: object, to: object) => void): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const items = value.map((v) => renamed(v, fields, copied));
    if (items.every((v, i) => v === value[i])) return value;
    copied(value, items);
    return items;
  }
  const map = value as Record<string, unknown>;
  const keys = Object.keys(map);
  const out: Record<string, unknown> = {};
  let same = true;
  for (const k of keys) {
    const field = fieldIn(fields, k);
    const inner = fields.get(field);
    const v = inner ? renamed(map[k], inner, copied) : map[k];
    if (field !== k || v !== map[k]) same = false;
    out[field] = v;
  }
  if (same) return map;
  copied(map, out);
  return out;
}
