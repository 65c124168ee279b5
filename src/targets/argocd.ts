/**
 * Argo CD `Application`s as targets: each source of `spec.source`/`spec.sources` whose `repoURL` is
 * this repository contributes its `path`; `destination.namespace` is the default namespace,
 * `destination.name` (or `server`) the cluster; `kustomize.namePrefix/nameSuffix/namespace/commonLabels/patches/components`
 * and `helm.valueFiles`/`releaseName`/`values`/`valuesObject`/`parameters`/`fileParameters` are kept for rendering; `directory.recurse` decides whether plain
 * folders include subfolders (Argo CD's default: no), `directory.include`/`exclude` which of their files are read
 * (argo-directory-filter.ts). Field meanings: Argo CD's Application specification.
 */
import { committedWithPositions, keyLineAfter } from './flux-edit.js';
import { NodePositions } from '../kustomize/types.js';
import type { SourceRef } from '../engine/model.js';
import type { ControllerObject } from './controller-objects.js';
import { sameRepository, str, stringMap } from './controller-objects.js';
import { isObject } from '../manifests/context.js';
import type { Json } from '../manifests/context.js';
import type { HelmSpec, Notice, TargetSpec } from './types.js';
import type { RepoFiles } from './repo-files.js';
import { normalizeFolder } from './repo-files.js';
import { chartFile } from './non-manifest.js';
import { argoKustomizeFields } from './argocd-overrides.js';
import type { SchemaField } from './schema-types.js';
import { schemaTypeNotice } from './schema-types.js';
import { applicationSources } from '../manifests/kinds/chart-applications.js';
import { joinPath } from '../util/repo-paths.js';
import type { DirectoryFilter } from './argo-directory-filter.js';
import { absentMessage } from './absent-paths.js';

/** Argo CD's name for the cluster it runs in. */
const IN_CLUSTER = 'https://kubernetes.default.svc';

export function applicationTarget(app: ControllerObject, spec: Json, files: RepoFiles, repoUrls: readonly string[], notices: Notice[]): TargetSpec | undefined {
  const rejected = schemaTypeNotice(app, `${app.kind} ${app.name}`, schemaFields(spec), files);
  if (rejected) {
    notices.push(rejected);
    return undefined;
  }
  const sources = applicationSources(spec);
  const dest = isObject(spec.destination) ? spec.destination : {};
  const namespace = str(dest.namespace);
  const server = str(dest.server);
  const cluster = str(dest.name) ?? (server === IN_CLUSTER ? 'in-cluster' : server);
  const roots: string[] = [];
  const helm: HelmSpec[] = [];
  let kustomize: TargetSpec['kustomize'];
  let recurse: boolean | undefined;
  const filters: Record<string, DirectoryFilter> = {};
  const where = `${app.ref.file}:${app.ref.line}`;
  for (const src of sources) {
    const path = str(src.path);
    const repoURL = str(src.repoURL);
    if (!path) {
      // `ref` sources only carry values files for another source; a `chart` comes from a Helm repository.
      if (!str(src.ref)) notices.push({ code: 'EXTERNAL_SOURCE', message: `${app.kind} ${app.name}: chart ${str(src.chart) ?? '?'} from ${repoURL ?? 'an unnamed repository'} is not in this repository; not analysed`, ref: app.ref });
      continue;
    }
    const folder = normalizeFolder(path);
    if (folder === undefined || !sameRepository(repoURL, repoUrls) || !files.isFolder(folder)) {
      const inRepo = sameRepository(repoURL, repoUrls);
      notices.push({
        code: inRepo ? 'MISSING_ROOT' : 'EXTERNAL_SOURCE',
        message: inRepo ? absentMessage({ what: `${app.kind} ${app.name}: path ${path}`, kind: 'path' }) : `${app.kind} ${app.name}: source ${repoURL}/${path} is in another repository; not analysed`,
        ref: app.ref,
        ...(inRepo && folder !== undefined ? { absent: { path: folder, what: `${app.kind} ${app.name}: path ${path}`, kind: 'path' as const } } : {}),
        ...(!inRepo && namespace !== undefined ? { namespace } : {}),
      });
      continue;
    }
    roots.push(folder);
    if (isObject(src.kustomize)) kustomize = { ...kustomizeOverrides(src.kustomize), ...argoKustomizeFields(app, sourceIndex(spec, src), files) };
    const own = isObject(src.directory) && typeof src.directory.recurse === 'boolean' ? src.directory.recurse : undefined;
    if (own !== undefined) recurse = own;
    else recurse ??= false;
    // Each source reads its folder by its own settings: another source's `recurse: true` is not this one's.
    filters[folder] = { recurse: own ?? false, ...(isObject(src.directory) ? directoryFilter(src.directory) : {}) };
    if (files.byPath.has(chartFile(folder))) helm.push(helmSpec(folder, src.helm, app.name, namespace));
  }
  if (roots.length === 0) return undefined;
  // An ApplicationSet's call (discover.ts) passes the set with the generated Application's name; the set's own name is discover.ts's to add.
  const controller = { kind: 'Application' as const, ...(app.kind === 'Application' && app.namespace !== undefined ? { namespace: app.namespace } : {}), name: app.name, ref: app.ref };
  const unpruned = unprunedSetting(app, spec, files);
  const manual = manualSync(app, spec, files);
  return { name: app.name, origin: 'argocd', roots, recurse, directoryFilters: filters, namespace, cluster, helm, kustomize, why: `${app.kind} ${app.name} (${where})`, ref: app.ref, controller, ...(unpruned ? { unpruned } : {}), ...(manual ? { suspended: manual } : {}) };
}

/**
 * How an Application that does not prune says so, or undefined when it prunes: under `syncPolicy.automated`,
 * Argo CD deletes resources its source no longer holds only with `prune: true` (Argo CD "Automated Sync Policy";
 * otherwise they stay and the app is OutOfSync). Without `automated` nothing is applied until someone syncs by
 * hand; every Application is analysed as that sync leaves the cluster, the repository's state, so one that
 * removes what the repository no longer holds (the UI marks each such resource, `--prune` deletes them): undefined.
 * `ref`: the line of `prune:`, else of `automated:`.
 */
function unprunedSetting(app: ControllerObject, spec: Json, files: RepoFiles): TargetSpec['unpruned'] {
  const automated = automatedSync(spec);
  if (automated === undefined || automated.prune === true) return undefined;
  const at = keyLineAfter(files, app.ref);
  return { setting: automated.prune === undefined ? 'syncPolicy.automated without prune: true' : `syncPolicy.automated.prune: ${String(automated.prune)}`, ref: at(automated.prune === undefined ? 'automated' : 'prune') };
}

/**
 * `spec.syncPolicy.automated` when Argo CD syncs the Application by itself, else undefined (Argo CD "Automated Sync
 * Policy"): `automated: {}` is enough; `automated.enabled: false` (Argo CD 3.x) turns it off while keeping `prune` and
 * `selfHeal` written (absent or null: on); `automated:` with no value (null) is no automated policy.
 */
function automatedSync(spec: Json): Json | undefined {
  const policy = isObject(spec.syncPolicy) ? spec.syncPolicy : undefined;
  const automated = policy && isObject(policy.automated) ? policy.automated : undefined;
  return automated === undefined || automated.enabled === false ? undefined : automated;
}

/**
 * An Application Argo CD syncs only when someone asks (no automated sync policy, see `automatedSync`): merging
 * deploys nothing of a change to it, a sync deploys all of it (Argo CD "Automated Sync Policy": without it, changes
 * only make the app OutOfSync). Analysed as what that sync deploys, and said (suspended-targets.ts). `setting` as the
 * note says it; `ref` at `enabled: false`, else the `syncPolicy:` line, else the object's `kind:` line (the
 * ApplicationSet's for the Applications it generates). Undefined when it syncs by itself, or when an ApplicationSet's
 * `templatePatch` writes a `syncPolicy` (a Go template, not evaluated: not said rather than said wrongly).
 */
function manualSync(app: ControllerObject, spec: Json, files: RepoFiles): TargetSpec['suspended'] {
  if (automatedSync(spec) !== undefined) return undefined;
  const own = isObject(app.value.spec) ? app.value.spec : {};
  if (app.kind === 'ApplicationSet' && typeof own.templatePatch === 'string' && own.templatePatch.includes('syncPolicy')) return undefined;
  const policy = isObject(spec.syncPolicy) ? spec.syncPolicy : undefined;
  const off = policy !== undefined && isObject(policy.automated) && policy.automated.enabled === false;
  // Named as written in the file the note points at: an ApplicationSet's Applications take theirs from its template.
  const field = app.kind === 'ApplicationSet' ? 'spec.template.spec.syncPolicy.automated' : 'spec.syncPolicy.automated';
  const setting = off ? `${field}.enabled: false` : `no ${field}`;
  return { how: 'manual-sync', setting, ref: policy === undefined ? keyLineAfter(files, app.ref)('kind') : syncPolicyLine(app, off, files) };
}

/**
 * The committed line of the Application's `syncPolicy:` (an ApplicationSet's: of its template's spec), or of its
 * `enabled:` when `off`; the object's first line when its document cannot be read again (one a build made).
 */
function syncPolicyLine(app: ControllerObject, off: boolean, files: RepoFiles): SourceRef {
  const positions = new NodePositions();
  const committed = positions.has(app.value) ? app.value : committedWithPositions(app, files, positions);
  const spec = committed && isObject(committed.spec) ? committed.spec : undefined;
  const template = app.kind === 'ApplicationSet' && spec && isObject(spec.template) ? spec.template : undefined;
  const appSpec = app.kind === 'ApplicationSet' ? (template && isObject(template.spec) ? template.spec : undefined) : spec;
  const start = appSpec && positions.get(appSpec);
  // The first `syncPolicy:` from the spec's line on is the spec's own: it has one, and none of its other fields holds that
  // key (so an ApplicationSet's own `spec.syncPolicy`, outside its template's spec, is never the one found).
  if (!start || !appSpec || !isObject(appSpec.syncPolicy)) return app.ref;
  const line = keyLineAfter(files, start)('syncPolicy');
  const automated = appSpec.syncPolicy.automated;
  return off && isObject(automated) ? keyLineAfter(files, positions.get(automated) ?? line)('enabled') : line;
}

/**
 * The fields of an Application's sources the CRD types (Argo CD's Application CRD: `source` and each item of
 * `sources` an ApplicationSource object, whose `repoURL`, `path`, `chart`, `ref` and `targetRevision` are
 * strings): any other type and the API server refuses the Application (schema-types.ts).
 */
function schemaFields(spec: Json): SchemaField[] {
  const fields: SchemaField[] = [
    { parent: spec, key: 'source', name: 'spec.source', type: 'object' },
    { parent: spec, key: 'sources', name: 'spec.sources', type: 'array' },
  ];
  const sources: [unknown, string][] = Array.isArray(spec.sources) ? spec.sources.map((s, i) => [s, `spec.sources[${i}]`]) : [[spec.source, 'spec.source']];
  if (Array.isArray(spec.sources)) spec.sources.forEach((_, i) => fields.push({ parent: spec.sources as unknown[], key: i, name: `spec.sources[${i}]`, type: 'object' }));
  for (const [src, name] of sources) {
    if (!isObject(src)) continue;
    for (const key of ['repoURL', 'path', 'chart', 'ref', 'targetRevision']) fields.push({ parent: src, key, name: `${name}.${key}`, type: 'string' });
  }
  return fields;
}

/** Where `src` is in the Application: its index in `spec.sources`, or undefined for `spec.source`. */
function sourceIndex(spec: Json, src: Json): number | undefined {
  return Array.isArray(spec.sources) ? spec.sources.indexOf(src) : undefined;
}

function kustomizeOverrides(k: Json): TargetSpec['kustomize'] {
  return { namePrefix: str(k.namePrefix), nameSuffix: str(k.nameSuffix), namespace: str(k.namespace), commonLabels: stringMap(k.commonLabels) };
}

/**
 * `helm.valueFiles` (and `fileParameters` paths) are relative to the chart folder, as Argo CD reads them;
 * `valuesObject` wins over `values` (Argo CD's `ValuesYAML`); `parameters` and `fileParameters` are passed as
 * `--set`/`--set-string`/`--set-file` (helm-template-args.ts). Entries of the wrong shape are left out: the
 * API server refuses such an Application (its CRD types them), so it never renders.
 */
function helmSpec(chart: string, raw: unknown, appName: string, namespace: string | undefined): HelmSpec {
  const h = isObject(raw) ? raw : {};
  const valuesFiles = (Array.isArray(h.valueFiles) ? h.valueFiles : []).filter((v): v is string => typeof v === 'string').map((v) => joinPath(chart, v) ?? v);
  const values = isObject(h.valuesObject) ? JSON.stringify(h.valuesObject) : str(h.values);
  const parameters = (Array.isArray(h.parameters) ? h.parameters : []).filter(isObject).flatMap((p) => {
    const name = str(p.name);
    // Argo CD's `value` is a string; YAML may have read `true` or `3` as another type, which the API server would refuse.
    return name === undefined ? [] : [{ name, value: typeof p.value === 'string' ? p.value : String(p.value ?? ''), ...(p.forceString === true ? { forceString: true } : {}) }];
  });
  const fileParameters = (Array.isArray(h.fileParameters) ? h.fileParameters : []).filter(isObject).flatMap((p) => {
    const name = str(p.name);
    const path = str(p.path);
    return name === undefined || path === undefined ? [] : [{ name, path: joinPath(chart, path) ?? path }];
  });
  return {
    chart,
    valuesFiles,
    releaseName: str(h.releaseName) ?? appName,
    namespace,
    ...(values !== undefined ? { values } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(fileParameters.length ? { fileParameters } : {}),
    ...(h.ignoreMissingValueFiles === true ? { ignoreMissingValueFiles: true } : {}),
  };
}

/** A directory source's `include`/`exclude` globs (non-empty strings; neither key when it sets none). */
function directoryFilter(directory: Json): DirectoryFilter {
  const include = str(directory.include);
  const exclude = str(directory.exclude);
  return { ...(include ? { include } : {}), ...(exclude ? { exclude } : {}) };
}
