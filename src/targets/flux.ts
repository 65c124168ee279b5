/**
 * Flux `Kustomization`s as targets: `spec.path` (relative to the source's root) of a `GitRepository`
 * that is this repository, `targetNamespace` as the namespace of every object, the fields Flux writes
 * into the path's kustomization (`patches`, `components`, `namePrefix`, `nameSuffix`, `images`,
 * `commonMetadata`: flux-edit.ts), `postBuild.substitute`
 * (inline values) for `${VAR}` substitution, over the values of the ConfigMaps and Secrets
 * `postBuild.substituteFrom` names where this repository holds them (substitute-from.ts). The cluster is the one named by `kubeConfig.secretRef`, else the
 * `clusters/<name>/` folder the object lives in (Flux's bootstrap layout), else its own. A source that
 * tracks another branch of this repository (`GitRepository.spec.ref.branch`) than the one under review
 * deploys that branch, not this change: it is not analysed (a notice), when the branch under review is
 * known (the pull request's base branch; the CLI's --branch or the base revision's branch).
 * Semantics: Flux's Kustomization API reference (kustomize.toolkit.fluxcd.io/v1) and GitRepository
 * API reference (source.toolkit.fluxcd.io/v1, `spec.ref`).
 */
import type { SourceRef } from '../engine/model.js';
import type { Json } from '../manifests/context.js';
import { isObject } from '../manifests/context.js';
import type { ControllerObject } from './controller-objects.js';
import { sameRepository, str, stringMap } from './controller-objects.js';
import type { RepoFiles } from './repo-files.js';
import { normalizeFolder } from './repo-files.js';
import { substitutionsFrom } from './substitute-from.js';
import { fluxEdit, keyLineAfter, listingOnlyEdit } from './flux-edit.js';
import type { FluxDependency, Notice, TargetSpec } from './types.js';
import type { FluxSourceNotice } from './external-source-notices.js';
import { written } from '../manifests/quote.js';
import { schemaTypeNotice } from './schema-types.js';
import { inFolder } from '../util/repo-paths.js';
import type { FluxArtifact } from './flux-source-ignore.js';
import { artifactExclusion } from './flux-source-ignore.js';
import { fluxPathRoot } from './flux-builds.js';
import { ociSources } from './flux-oci-sources.js';
import { absentMessage } from './absent-paths.js';

/** A Flux Kustomization whose source is a GitRepository its side does not define (`source`: its name): the object, for path-gone.ts. */
export interface UndefinedSourceNotice extends Notice {
  readonly undefinedSource: { readonly namespace?: string; readonly name: string; readonly source: string };
}

/** A Flux Kustomization whose `spec.path` does not exist on its side: the object, for path-gone.ts. */
export interface MissingPathNotice extends Notice {
  readonly missingPath: { readonly namespace?: string; readonly name: string; readonly path: string };
}

/**
 * The target a Flux Kustomization deploys from this repository, or undefined (with a notice in `notices`)
 * when its source is another repository (a GitRepository whose URL is not among `repoUrls`, one the
 * repository does not define, any other kind), another branch than `branch` (the branch under review, when
 * known) or a path that does not exist here. `repoUrls`: this repository's URLs, known or `fluxRepoUrls`.
 */
export function fluxTarget(ks: ControllerObject, sources: readonly ControllerObject[], files: RepoFiles, repoUrls: readonly string[], notices: Notice[], branch?: string): TargetSpec | undefined {
  const spec = isObject(ks.value.spec) ? ks.value.spec : {};
  const where = `${ks.ref.file}:${ks.ref.line}`;
  // The CRD's schema types spec.path a string: any other value is rejected by the API server, not read as the root.
  const rejected = schemaTypeNotice(ks, `Flux Kustomization ${ks.name}`, [{ parent: spec, key: 'path', name: 'spec.path', type: 'string' }], files);
  if (rejected) {
    notices.push(rejected);
    return undefined;
  }
  const invalid = invalidSourceRef(ks);
  if (invalid !== undefined) {
    notices.push({ code: 'INVALID_SOURCE_REF', message: `Flux Kustomization ${ks.namespace ? `${ks.namespace}/` : ''}${ks.name}: ${invalid}; Flux requires both sourceRef.kind (${SOURCE_KINDS.join(', ')}) and sourceRef.name and defaults neither, so the cluster rejects this Kustomization and it deploys nothing; not analysed`, ref: ks.ref });
    return undefined;
  }
  const sourceRef = isObject(spec.sourceRef) ? spec.sourceRef : {};
  const sourceKind = str(sourceRef.kind)!;
  const sourceName = str(sourceRef.name)!;
  const source = fluxSource(ks, sources);
  const url = source && isObject(source.value.spec) ? source.value.spec.url : undefined;
  if (!fromThisRepository(ks, sources, files, repoUrls)) {
    const why = externalWhy(sourceKind, source !== undefined);
    const named = `${sourceKind} ${sourceName}${typeof url === 'string' ? ` (${url})` : ''}`;
    const described = `${named}${why}`;
    const deploysInto = str(spec.targetNamespace) ?? ks.namespace;
    const fluxKustomization = { ...(ks.namespace !== undefined ? { namespace: ks.namespace } : {}), name: ks.name, source: named, ...(deploysInto !== undefined ? { deploysInto } : {}) };
    // Alike notices of one source are told once (external-source-notices.ts).
    // A GitRepository this side does not define: path-gone.ts keeps the Kustomization when base defined that source as this repository.
    const undefinedSource = sourceKind === 'GitRepository' && !source ? { undefinedSource: { ...(ks.namespace !== undefined ? { namespace: ks.namespace } : {}), name: ks.name, source: sourceName } } : {};
    const notice: FluxSourceNotice & Partial<UndefinedSourceNotice> = { code: 'EXTERNAL_SOURCE', message: `Flux Kustomization ${ks.name}: source ${described}; not analysed`, ref: ks.ref, fluxSource: { kustomization: ks.name, source: described, kind: sourceKind, why }, fluxKustomization, ...(str(spec.targetNamespace) ? { namespace: str(spec.targetNamespace) } : {}), ...undefinedSource };
    notices.push(notice);
    return undefined;
  }
  const tracked = source ? trackedBranch(source) : undefined;
  if (tracked !== undefined && branch !== undefined && tracked !== branch) {
    notices.push({ code: 'OTHER_BRANCH', message: `Flux Kustomization ${ks.name}: source GitRepository ${sourceName} tracks branch ${tracked} of this repository, not ${branch} (the branch under review); not analysed`, ref: ks.ref });
    return undefined;
  }
  const path = normalizeFolder(str(spec.path) ?? './');
  if (path === undefined || !files.isTreeFolder(path)) {
    const what = `Flux Kustomization ${ks.name}: path ${written(spec.path)}`;
    const missing: MissingPathNotice = { code: 'MISSING_ROOT', message: absentMessage({ what, kind: 'path' }), ref: ks.ref, missingPath: { ...(ks.namespace !== undefined ? { namespace: ks.namespace } : {}), name: ks.name, path: written(spec.path) }, ...(path !== undefined ? { absent: { path, what, kind: 'path' } } : {}) };
    notices.push(missing);
    return undefined;
  }
  // The artifact holds no file below the path (its source's ignore rules leave out every one): Flux's build fails, "path not found".
  const ignore = source && isObject(source.value.spec) ? str(source.value.spec.ignore) : undefined;
  const excluded = artifactExclusion(files, { ignore });
  // A folder of the tree holding no manifest (a `.gitkeep`, the build its components alone) is in the artifact as the default exclusions leave it.
  if (files.isFolder(path) && !files.under(path).some((f) => !excluded(f.path))) {
    const missing: MissingPathNotice = { code: 'MISSING_ROOT', message: `Flux Kustomization ${ks.name}: path ${written(spec.path)} holds no file of the artifact GitRepository ${sourceName} makes of this repository: ${ignoreRules(ignore)} leave out every file below it`, ref: ks.ref, missingPath: { ...(ks.namespace !== undefined ? { namespace: ks.namespace } : {}), name: ks.name, path: written(spec.path) } };
    notices.push(missing);
    return undefined;
  }
  const postBuild = isObject(spec.postBuild) ? spec.postBuild : {};
  // Inline values over those of the objects substituteFrom names (Flux applies them so).
  const fromObjects = substitutionsFrom(ks, postBuild.substituteFrom, files, notices);
  const edit = fluxEdit(ks, path, files);
  return {
    name: ks.name,
    origin: 'flux',
    roots: [path],
    namespace: str(spec.targetNamespace),
    cluster: clusterOf(ks, spec),
    helm: [],
    kustomize: str(spec.targetNamespace) ? { namespace: str(spec.targetNamespace) } : undefined,
    ...(edit ? { fluxEdit: edit } : { fluxListing: listingOnlyEdit(ks, files) }),
    substitute: isObject(spec.postBuild) ? { ...fromObjects.values, ...(stringMap(postBuild.substitute) ?? {}) } : undefined,
    ...(isObject(spec.postBuild) ? { substituteLines: { ...fromObjects.lines, ...inlineLines(stringMap(postBuild.substitute), keyLineAfter(files, keyLineAfter(files, ks.ref)('postBuild'))('substitute'), files) } } : {}),
    ...(fromObjects.sources.length ? { substituteSources: [...new Set(fromObjects.sources)] } : {}),
    ...(fromObjects.unread.length ? { substituteUnread: fromObjects.unread } : {}),
    ...(tracked !== undefined ? { branch: tracked } : {}),
    why: `Flux Kustomization ${ks.name} (${where})${tracked !== undefined ? `, branch ${tracked}` : ''}`,
    ref: ks.ref,
    // Flux garbage-collects what the source no longer holds only with prune: true (kustomize.toolkit.fluxcd.io/v1, "Garbage collection").
    // A suspended Kustomization is not reconciled until resumed (kustomize.toolkit.fluxcd.io/v1, "Suspend"): analysed as what resuming deploys, and said.
    ...(spec.suspend === true ? { suspended: { how: 'suspend' as const, setting: 'spec.suspend: true', ref: keyLineAfter(files, ks.ref)('suspend') } } : {}),
    ...(spec.prune === false ? { unpruned: { setting: 'spec.prune: false', ref: keyLineAfter(files, ks.ref)('prune') } } : {}),
    fluxArtifact: fluxArtifact(ks, sources, files)!,
    controller: { kind: 'FluxKustomization', ...(ks.namespace !== undefined ? { namespace: ks.namespace } : {}), name: ks.name, ref: ks.ref },
    ...dependencies(ks, spec),
  };
}

/**
 * The artifact a Flux Kustomization builds from (flux-source-ignore.ts), for a source that archives files of this
 * repository by ignore rules: a GitRepository (the repository's root), an OCIRepository whose layer is extracted
 * (the folder flux-builds.ts `fluxPathRoot` takes as its root; a layer copied as is leaves nothing out). The source
 * named `namespace/name`, its `spec.ignore` with the line of that key when the repository defines it (the
 * definition nearest the Kustomization's file). Undefined for another kind of source, a sourceRef without a name,
 * or a path that names no folder here.
 */
export function fluxArtifact(ks: ControllerObject, sources: readonly ControllerObject[], files: RepoFiles): FluxArtifact | undefined {
  const spec = isObject(ks.value.spec) ? ks.value.spec : {};
  const sourceRef = isObject(spec.sourceRef) ? spec.sourceRef : {};
  const name = str(sourceRef.name);
  const kind = str(sourceRef.kind);
  if ((kind !== 'GitRepository' && kind !== 'OCIRepository') || name === undefined) return undefined;
  const namespace = str(sourceRef.namespace) ?? ks.namespace ?? 'flux-system';
  const at = `${namespace}/${name}`;
  const source = kind === 'GitRepository' ? fluxSource(ks, sources) : nearest(ociSources(files).filter((s) => s.name === name && (s.namespace ?? 'flux-system') === namespace), ks);
  const sourceSpec = source && isObject(source.value.spec) ? source.value.spec : {};
  let root: { root?: string } = {};
  if (kind === 'OCIRepository') {
    if (isObject(sourceSpec.layerSelector) && sourceSpec.layerSelector.operation === 'copy') return undefined;
    const found = fluxPathRoot(ks, (p) => files.isFolder(p));
    if (found === undefined) return undefined;
    root = found.root ? { root: found.root } : {};
  }
  const ignore = str(sourceSpec.ignore);
  return { kind, source: at, ...root, ...(ignore !== undefined ? { ignore, ignoreRef: keyLineAfter(files, keyLineAfter(files, source!.ref)('spec'))('ignore') } : {}), kustomization: ks.name };
}

/** The rules that made an artifact, as a note says them: `spec.ignore` replaces the default exclusions. */
function ignoreRules(ignore: string | undefined): string {
  return ignore !== undefined ? 'its spec.ignore and the .sourceignore files' : 'the .sourceignore files and the default exclusions';
}

/**
 * `spec.dependsOn` as Flux reads it: entries naming a Kustomization by `name`, in `namespace` or the
 * dependent's own (Flux's Kustomization API reference, "Dependencies"). Entries without a name are left out.
 */
function dependencies(ks: ControllerObject, spec: Json): Pick<TargetSpec, 'dependsOn'> {
  if (!Array.isArray(spec.dependsOn)) return {};
  const out = spec.dependsOn.filter(isObject).flatMap((d): FluxDependency[] => {
    const name = str(d.name);
    if (name === undefined) return [];
    const namespace = str(d.namespace) ?? ks.namespace;
    return [{ name, ...(namespace !== undefined ? { namespace } : {}), ...(d.readyExpr !== undefined && d.readyExpr !== null ? { readyExpr: true as const } : {}) }];
  });
  return out.length ? { dependsOn: out } : {};
}

/**
 * Why a Flux Kustomization's source is not read here, after the source's kind and name, by kind: a GitRepository
 * the repository does not define may be any repository; a Bucket is object storage (source.toolkit.fluxcd.io/v1
 * Bucket); an ExternalArtifact is stored by a controller other than source-controller (Flux RFC-0012), such as
 * source-watcher's ArtifactGenerator, which may compose it of several sources, this repository's files among them:
 * what it holds is known only on the cluster, so it is not said to be another repository. `defined`: the side
 * defines the GitRepository.
 */
function externalWhy(kind: string, defined: boolean): string {
  if (kind === 'GitRepository' && !defined) return ' is not defined in this repository, so it is not known to be this repository';
  if (kind === 'Bucket') return ' is an object-storage bucket, not this repository';
  if (kind === 'ExternalArtifact') return " is an artifact another controller stores (a source-watcher ArtifactGenerator's, which may compose it of this repository's files too), whose content only the cluster knows";
  return ' is not this repository';
}

/** The kinds a Flux Kustomization's `spec.sourceRef.kind` may name (kustomize.toolkit.fluxcd.io/v1, an enum of the CRD). */
export const SOURCE_KINDS = ['GitRepository', 'OCIRepository', 'Bucket', 'ExternalArtifact'] as const;

/**
 * What is wrong with a Flux Kustomization's `spec.sourceRef`, or undefined when it names a kind and a name.
 * Both are required fields with no default (Flux's Kustomization API reference, "Source reference"; the
 * CRD's `required: [kind, name]`): without either the API server rejects the object, whatever the
 * controller would do; a kind outside the enum likewise. So there is no source to guess (not even the
 * GitRepository a missing kind used to be read as, shown as `GitRepository ?`).
 */
export function invalidSourceRef(ks: ControllerObject): string | undefined {
  const spec = isObject(ks.value.spec) ? ks.value.spec : {};
  if (spec.sourceRef === undefined || spec.sourceRef === null) return 'spec.sourceRef is missing';
  if (!isObject(spec.sourceRef)) return 'spec.sourceRef is not a mapping';
  const kind = str(spec.sourceRef.kind);
  const name = str(spec.sourceRef.name);
  if (kind === undefined && name === undefined) return 'spec.sourceRef names neither a kind nor a name';
  if (kind === undefined) return `spec.sourceRef names no kind (name ${name})`;
  if (!(SOURCE_KINDS as readonly string[]).includes(kind)) return `spec.sourceRef.kind ${kind} is not a source kind`;
  if (name === undefined) return `spec.sourceRef names no name (kind ${kind})`;
  return undefined;
}

/**
 * Whether a Flux Kustomization's source is this repository: a GitRepository among `sources` whose URL is
 * among `repoUrls` (empty: none is known to be this one). A source the repository does not define may be
 * any repository (a tenant's, set up elsewhere): it is not taken as this one, but for Flux's bootstrap
 * source named with a folder here (bootstrapSource). Any other kind (OCIRepository, Bucket) is not.
 */
export function fromThisRepository(ks: ControllerObject, sources: readonly ControllerObject[], files: RepoFiles, repoUrls: readonly string[]): boolean {
  const spec = isObject(ks.value.spec) ? ks.value.spec : {};
  const sourceRef = isObject(spec.sourceRef) ? spec.sourceRef : {};
  if (str(sourceRef.kind) !== 'GitRepository') return false;
  const source = fluxSource(ks, sources);
  if (source === undefined) return bootstrapSource(ks, files);
  return repoUrls.length > 0 && sameRepository(isObject(source.value.spec) ? source.value.spec.url : undefined, repoUrls);
}

/**
 * The GitRepository among `sources` a Flux Kustomization's `sourceRef` names (its namespace defaults to the
 * Kustomization's, then `flux-system`), if the repository defines it. A repository of several clusters may
 * define one name once for each (each cluster's own `spec.ignore`, branch or URL, an archived cluster's copy):
 * the definition whose file shares the most leading folders with the Kustomization's is its cluster's; the
 * first in file order when none is nearer.
 */
export function fluxSource(ks: ControllerObject, sources: readonly ControllerObject[]): ControllerObject | undefined {
  const spec = isObject(ks.value.spec) ? ks.value.spec : {};
  const sourceRef = isObject(spec.sourceRef) ? spec.sourceRef : {};
  if (str(sourceRef.kind) !== 'GitRepository') return undefined;
  const name = str(sourceRef.name);
  return nearest(sources.filter((s) => s.kind === 'GitRepository' && s.name === name && (s.namespace ?? 'flux-system') === (str(sourceRef.namespace) ?? ks.namespace ?? 'flux-system')), ks);
}

/** Of one source's definitions, the one whose file shares the most leading folders with `ks`'s (fluxSource); the first when none is nearer. */
function nearest<T extends { readonly ref: SourceRef }>(named: readonly T[], ks: ControllerObject): T | undefined {
  if (named.length < 2) return named[0];
  const near = (s: T) => sharedFolders(s.ref.file, ks.ref.file);
  return named.reduce((best, s) => (near(s) > near(best) ? s : best));
}

/** How many leading folders two repository files share. */
function sharedFolders(a: string, b: string): number {
  const x = a.split('/').slice(0, -1);
  const y = b.split('/').slice(0, -1);
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

/**
 * Whether a Flux Kustomization whose source the repository does not define names Flux's bootstrap source
 * (`flux-system` in `flux-system`, which `flux bootstrap` and the Flux Operator's `FluxInstance` sync create
 * on the cluster for the repository that holds the cluster's files) with a `spec.path` that names a folder
 * here other than the root: taken as this repository. A missing path (the source's root) proves nothing.
 */
function bootstrapSource(ks: ControllerObject, files: RepoFiles): boolean {
  const spec = isObject(ks.value.spec) ? ks.value.spec : {};
  const sourceRef = isObject(spec.sourceRef) ? spec.sourceRef : {};
  if (str(sourceRef.name) !== 'flux-system' || (str(sourceRef.namespace) ?? ks.namespace ?? 'flux-system') !== 'flux-system') return false;
  const path = str(spec.path) === undefined ? undefined : normalizeFolder(str(spec.path)!);
  return path !== undefined && path !== '' && files.isTreeFolder(path);
}

/**
 * Whether one of `files` (a Flux Kustomization's definition, or its GitRepository's) lies in the path of
 * another Flux Kustomization among `kustomizations` whose source is not `ks`'s: that one deploys it, from its
 * own source. `ks`'s path holding the file then proves nothing of `ks`'s source (an upstream project's
 * `./kubernetes` beside this repository's `kubernetes/`: real-eval 31, d4rkfella/home-ops keycloak-operator).
 * Another's path that is the root (`./`, a missing one) proves nothing either: every artifact has one, so it
 * names no folder of this repository (a `flux` Kustomization installing Flux from an OCIRepository with path
 * `./` made a cluster's own GitRepository read as another repository's: carpenike/k8s-gitops).
 */
export function deployedByOtherSource(files: readonly string[], ks: ControllerObject, kustomizations: readonly ControllerObject[], sources: readonly ControllerObject[], repo: RepoFiles): boolean {
  const own = fluxSource(ks, sources);
  // One name's definitions for several clusters are one source here: the same repository's, each cluster's copy.
  const same = (s: ControllerObject | undefined) => s === own || (s !== undefined && own !== undefined && s.name === own.name && s.namespace === own.namespace);
  return kustomizations.some((other) => {
    if (other === ks || other.kind !== 'FluxKustomization' || same(fluxSource(other, sources))) return false;
    const spec = isObject(other.value.spec) ? other.value.spec : {};
    const path = str(spec.path);
    const folder = path === undefined || path.includes('${') ? undefined : normalizeFolder(path);
    // The root (`./`) is every artifact's: Flux's own install from an OCIRepository of flux-manifests proves nothing.
    return folder !== undefined && folder !== '' && repo.isFolder(folder) && files.some((file) => inFolder(file, folder));
  });
}

/**
 * Without known URLs of this repository (folders, a clone without remotes), the URLs of GitRepositories
 * that show themselves to be this repository: one a Flux Kustomization uses with a `spec.path` that names
 * a folder here other than the root (a missing path is the source's root, which every repository has,
 * so it proves nothing) unless a Kustomization of another source deploys it (`deployedByOtherSource`), and
 * Flux's bootstrap source (`flux-system/flux-system`, which `flux bootstrap` commits to the repository it syncs).
 */
export function fluxRepoUrls(objects: readonly ControllerObject[], files: RepoFiles): string[] {
  const sources = objects.filter((o) => o.kind === 'GitRepository');
  const urlOf = (s: ControllerObject | undefined) => (s && isObject(s.value.spec) ? str(s.value.spec.url) : undefined);
  const found = new Set<string>();
  const bootstrap = urlOf(sources.find((s) => s.name === 'flux-system' && (s.namespace ?? 'flux-system') === 'flux-system'));
  if (bootstrap) found.add(bootstrap);
  for (const ks of objects) {
    if (ks.kind !== 'FluxKustomization') continue;
    const spec = isObject(ks.value.spec) ? ks.value.spec : {};
    const path = str(spec.path) === undefined || str(spec.path)!.includes('${') ? undefined : normalizeFolder(str(spec.path)!);
    const source = fluxSource(ks, sources);
    const url = urlOf(source);
    // A Kustomization another source's Kustomization deploys names its own source's folders, not this repository's.
    const deployedElsewhere = () => deployedByOtherSource([ks.ref.file, ...(source ? [source.ref.file] : [])], ks, objects, sources, files);
    if (url && path !== undefined && path !== '' && files.isFolder(path) && !deployedElsewhere()) found.add(url);
  }
  return [...found];
}

/**
 * The branch a GitRepository follows, or undefined when it is pinned or names none (the remote's default
 * branch). `spec.ref` fields take precedence as Flux applies them: `commit`, then `name` (a full reference:
 * `refs/heads/B` is branch B), `semver`, `tag`, and last `branch` (source.toolkit.fluxcd.io/v1).
 */
export function trackedBranch(source: ControllerObject): string | undefined {
  const spec = isObject(source.value.spec) ? source.value.spec : {};
  const ref = isObject(spec.ref) ? spec.ref : {};
  if (str(ref.commit)) return undefined;
  const name = str(ref.name);
  if (name) return /^refs\/heads\/(.+)$/.exec(name)?.[1];
  if (str(ref.semver) || str(ref.tag)) return undefined;
  return str(ref.branch);
}

function clusterOf(ks: ControllerObject, spec: Json): string | undefined {
  const kube = isObject(spec.kubeConfig) && isObject(spec.kubeConfig.secretRef) ? str(spec.kubeConfig.secretRef.name) : undefined;
  if (kube) return kube;
  return /(?:^|\/)clusters\/([^/]+)\//.exec(ks.ref.file)?.[1];
}

/** Each inline `postBuild.substitute` value's line: its key's, searched from the `substitute:` line. */
function inlineLines(values: Record<string, string> | undefined, at: SourceRef, files: RepoFiles): Record<string, SourceRef> {
  const line = keyLineAfter(files, at);
  return Object.fromEntries(Object.keys(values ?? {}).map((k) => [k, line(k)]));
}
