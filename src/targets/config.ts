/**
 * The `targets:` section of `.github/reachdiff.yml` (App) or of the CLI's `--config` file, validated:
 * every problem names its key (`targets[1].roots`), and a bad entry is never half-used.
 *
 * ```yaml
 * targets:
 *   - name: prod
 *     roots: [apps/*\/overlays/prod, platform/prod]   # folders, kustomizations, files, globs
 *     namespace: shop                                 # default namespace (kubectl apply -n)
 *     namespaceFromPath: namespaces/{namespace}/**
 *     cluster: prod-eu                                # same cluster = one cluster model
 *     helm: {chart: charts/web, valuesFiles: [charts/web/values-prod.yaml], releaseName: web, namespace: web}   # or valueFiles, as Argo CD
 *     render: ./render.sh prod                        # CLI only: a command printing a manifest stream
 * ```
 */
import { isObject } from '../manifests/context.js';
import { namespaceNameError } from '../manifests/api-syntax.js';
import type { ConfigProblem } from '../util/config-readers.js';
import { unknownKeyProblem } from '../util/config-readers.js';
import { isNamespacePattern } from './namespace-from-path.js';
import type { HelmParameter, HelmSpec, TargetSpec } from './types.js';


const TARGET_KEYS = ['name', 'roots', 'namespace', 'namespaceFromPath', 'cluster', 'helm', 'render'];
// `valueFiles`: Argo CD's spelling (an Application's `spec.source.helm.valueFiles`), read as `valuesFiles`.
const HELM_KEYS = ['chart', 'valuesFiles', 'valueFiles', 'releaseName', 'namespace', 'values', 'parameters'];

/** Validated targets, or `undefined` with problems recorded. */
export function readTargets(value: unknown, key: string, problems: ConfigProblem[]): TargetSpec[] | undefined {
  if (!Array.isArray(value)) {
    problems.push({ key, message: 'must be a list of targets, each with a name and roots' });
    return undefined;
  }
  const before = problems.length;
  const targets = value.map((t, i) => readTarget(t, `${key}[${i}]`, problems));
  const names = new Set<string>();
  targets.forEach((t, i) => {
    if (t && names.has(t.name)) problems.push({ key: `${key}[${i}].name`, message: `"${t.name}" is used by another target` });
    if (t) names.add(t.name);
  });
  return problems.length === before ? (targets as TargetSpec[]) : undefined;
}

/** `namespaceFromPath` (top level or per target): a pattern with one `{namespace}`. */
export function readNamespacePattern(v: unknown, key: string, problems: ConfigProblem[]): string | undefined {
  if (typeof v === 'string' && isNamespacePattern(v)) return v;
  problems.push({ key, message: 'must be a path pattern with one {namespace}, e.g. namespaces/{namespace}/**' });
  return undefined;
}

function readTarget(t: unknown, key: string, problems: ConfigProblem[]): TargetSpec | undefined {
  if (!isObject(t)) {
    problems.push({ key, message: 'must be a mapping with name and roots' });
    return undefined;
  }
  unknownKeys(t, TARGET_KEYS, key, problems);
  const name = text(t.name, `${key}.name`, problems, true);
  const roots = t.roots === undefined ? [] : strings(t.roots, `${key}.roots`, problems);
  const helm = t.helm === undefined ? [] : readHelm(t.helm, `${key}.helm`, problems);
  const render = t.render === undefined ? undefined : text(t.render, `${key}.render`, problems, true);
  if (roots && roots.length === 0 && helm?.length === 0 && render === undefined) problems.push({ key: `${key}.roots`, message: 'a target needs roots (folders, kustomizations, files or globs), helm charts or a render command' });
  const namespaceFromPath = t.namespaceFromPath === undefined ? undefined : readNamespacePattern(t.namespaceFromPath, `${key}.namespaceFromPath`, problems);
  const namespace = t.namespace === undefined ? undefined : namespaceName(t.namespace, `${key}.namespace`, problems);
  const cluster = t.cluster === undefined ? undefined : text(t.cluster, `${key}.cluster`, problems, true);
  if (name === undefined || roots === undefined || helm === undefined) return undefined;
  return { name, origin: 'config', roots, namespace, namespaceFromPath, cluster, helm, render, why: `targets entry "${name}" of the configuration` };
}

function readHelm(v: unknown, key: string, problems: ConfigProblem[]): HelmSpec[] | undefined {
  const list = Array.isArray(v) ? v : [v];
  const out: HelmSpec[] = [];
  list.forEach((h, i) => {
    const k = Array.isArray(v) ? `${key}[${i}]` : key;
    if (!isObject(h)) return void problems.push({ key: k, message: 'must be a mapping: {chart, valuesFiles, releaseName, namespace, values, parameters}' });
    unknownKeys(h, HELM_KEYS, k, problems);
    const chart = text(h.chart, `${k}.chart`, problems, true);
    const valuesFiles = readValuesFiles(h, k, problems);
    const releaseName = h.releaseName === undefined ? undefined : text(h.releaseName, `${k}.releaseName`, problems, true);
    const namespace = h.namespace === undefined ? undefined : namespaceName(h.namespace, `${k}.namespace`, problems);
    const values = readInlineValues(h.values, `${k}.values`, problems);
    const parameters = readParameters(h.parameters, `${k}.parameters`, problems);
    if (chart !== undefined && valuesFiles !== undefined && values !== null && parameters !== undefined) {
      out.push({ chart: chart.replace(/^\.\/|\/$/g, ''), valuesFiles, releaseName, namespace, ...(values !== undefined ? { values } : {}), ...(parameters.length ? { parameters } : {}) });
    }
  });
  return out.length === list.length ? out : undefined;
}

/** `values`: a mapping (or YAML text) of inline values, as Argo CD's `valuesObject` (`values`); null: a problem was said. */
function readInlineValues(v: unknown, key: string, problems: ConfigProblem[]): string | undefined | null {
  if (v === undefined) return undefined;
  if (isObject(v)) return JSON.stringify(v);
  if (typeof v === 'string') return v;
  problems.push({ key, message: 'must be a mapping of values (or YAML text)' });
  return null;
}

/** `parameters`: Argo CD's `helm.parameters`, `[{name, value, forceString}]`, passed as `--set` (`--set-string`). */
function readParameters(v: unknown, key: string, problems: ConfigProblem[]): HelmParameter[] | undefined {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    problems.push({ key, message: 'must be a list of {name, value, forceString}' });
    return undefined;
  }
  const out: HelmParameter[] = [];
  v.forEach((p, i) => {
    const k = `${key}[${i}]`;
    if (!isObject(p)) return void problems.push({ key: k, message: 'must be a mapping: {name, value, forceString}' });
    unknownKeys(p, ['name', 'value', 'forceString'], k, problems);
    const name = text(p.name, `${k}.name`, problems, true);
    const scalar = p.value === undefined || p.value === null || typeof p.value !== 'object';
    if (!scalar) problems.push({ key: `${k}.value`, message: 'must be a string (or a number or boolean, read as text)' });
    if (p.forceString !== undefined && typeof p.forceString !== 'boolean') problems.push({ key: `${k}.forceString`, message: 'must be true or false' });
    if (name !== undefined && scalar) out.push({ name, value: p.value === undefined || p.value === null ? '' : String(p.value), ...(p.forceString === true ? { forceString: true } : {}) });
  });
  return out.length === v.length ? out : undefined;
}

/** `valuesFiles`, or Argo CD's `valueFiles` for it (both at once is a problem: which one was meant is unknown). */
function readValuesFiles(h: Record<string, unknown>, key: string, problems: ConfigProblem[]): string[] | undefined {
  if (h.valueFiles !== undefined && h.valuesFiles !== undefined) {
    problems.push({ key: `${key}.valueFiles`, message: "is Argo CD's spelling of valuesFiles, which is given too: keep one" });
    return undefined;
  }
  const [field, value] = h.valueFiles !== undefined ? ['valueFiles', h.valueFiles] : ['valuesFiles', h.valuesFiles];
  return value === undefined ? [] : strings(value, `${key}.${field}`, problems);
}

function unknownKeys(v: Record<string, unknown>, known: readonly string[], key: string, problems: ConfigProblem[]): void {
  for (const k of Object.keys(v)) if (!known.includes(k)) problems.push(unknownKeyProblem(`${key}.${k}`, k, known));
}

/** A namespace as the API server takes it (a DNS-1123 label): objects placed in another would be refused. */
function namespaceName(v: unknown, key: string, problems: ConfigProblem[]): string | undefined {
  const name = text(v, key, problems, true);
  const invalid = name === undefined ? undefined : namespaceNameError(name);
  if (invalid) problems.push({ key, message: invalid });
  return invalid ? undefined : name;
}

function text(v: unknown, key: string, problems: ConfigProblem[], required: boolean): string | undefined {
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  problems.push({ key, message: required && v === undefined ? 'is required' : 'must be a non-empty string' });
  return undefined;
}

function strings(v: unknown, key: string, problems: ConfigProblem[]): string[] | undefined {
  const list = typeof v === 'string' ? [v] : v;
  if (Array.isArray(list) && list.every((s) => typeof s === 'string' && s.trim() !== '')) return list.map((s: string) => s.trim());
  problems.push({ key, message: 'must be a list of non-empty strings' });
  return undefined;
}
