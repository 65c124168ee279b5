/**
 * Flux `Kustomization`s as targets: `spec.path` (relative to the source's root) of a `GitRepository`
 * that is this repository, `targetNamespace` as the namespace of every object, `postBuild.substitute`
 * (inline values) for `${VAR}` substitution, over the values of the ConfigMaps and Secrets
 * `postBuild.substituteFrom` names where this repository holds them (substitute-from.ts). The cluster is the one named by `kubeConfig.secretRef`, else the
 * `clusters/<name>/` folder the object lives in (Flux's bootstrap layout), else its own. A source that
 * tracks another branch of this repository (`GitRepository.spec.ref.branch`) than the one under review
 * deploys that branch, not this change: it is not analysed (a notice), when the branch under review is
 * known (the pull request's base branch; the CLI's --branch or the base revision's branch).
 * Semantics: Flux's Kustomization API reference (kustomize.toolkit.fluxcd.io/v1) and GitRepository
 * API reference (source.toolkit.fluxcd.io/v1, `spec.ref`).
 */
import type { Json } from '../manifests/context.js';
import { isObject } from '../manifests/context.js';
import type { ControllerObject } from './controller-objects.js';
import { sameRepository, str, stringMap } from './controller-objects.js';
import type { RepoFiles } from './repo-files.js';
import { normalizeFolder } from './repo-files.js';
import { substitutionsFrom } from './substitute-from.js';
import type { Notice, TargetSpec } from './types.js';

/**
 * The target a Flux Kustomization deploys from this repository, or undefined (with a notice in `notices`)
 * when its source is another repository, another branch than `branch` (the branch under review, when
 * known) or a path that does not exist here.
 */
export function fluxTarget(ks: ControllerObject, sources: readonly ControllerObject[], files: RepoFiles, repoUrls: readonly string[], notices: Notice[], branch?: string): TargetSpec | undefined {
  const spec = isObject(ks.value.spec) ? ks.value.spec : {};
  const where = `${ks.ref.file}:${ks.ref.line}`;
  const sourceRef = isObject(spec.sourceRef) ? spec.sourceRef : {};
  const sourceKind = str(sourceRef.kind) ?? 'GitRepository';
  const sourceName = str(sourceRef.name);
  const source = sources.find((s) => s.name === sourceName && (s.namespace ?? 'flux-system') === (str(sourceRef.namespace) ?? ks.namespace ?? 'flux-system'));
  const url = source && isObject(source.value.spec) ? source.value.spec.url : undefined;
  if (sourceKind !== 'GitRepository' || (source && !sameRepository(url, repoUrls))) {
    notices.push({ code: 'EXTERNAL_SOURCE', message: `Flux Kustomization ${ks.name}: source ${sourceKind} ${sourceName ?? '?'}${typeof url === 'string' ? ` (${url})` : ''} is not this repository; not analysed`, ref: ks.ref });
    return undefined;
  }
  const tracked = source ? trackedBranch(source) : undefined;
  if (tracked !== undefined && branch !== undefined && tracked !== branch) {
    notices.push({ code: 'OTHER_BRANCH', message: `Flux Kustomization ${ks.name}: source GitRepository ${sourceName ?? '?'} tracks branch ${tracked} of this repository, not ${branch} (the branch under review); not analysed`, ref: ks.ref });
    return undefined;
  }
  const path = normalizeFolder(str(spec.path) ?? './');
  if (path === undefined || !files.isFolder(path)) {
    notices.push({ code: 'MISSING_ROOT', message: `Flux Kustomization ${ks.name}: path ${String(spec.path)} does not exist in this repository`, ref: ks.ref });
    return undefined;
  }
  const postBuild = isObject(spec.postBuild) ? spec.postBuild : {};
  // Inline values over those of the objects substituteFrom names (Flux applies them so).
  const fromObjects = substitutionsFrom(ks, postBuild.substituteFrom, files, notices);
  return {
    name: ks.name,
    origin: 'flux',
    roots: [path],
    namespace: str(spec.targetNamespace),
    cluster: clusterOf(ks, spec),
    helm: [],
    kustomize: str(spec.targetNamespace) ? { namespace: str(spec.targetNamespace) } : undefined,
    substitute: isObject(spec.postBuild) ? { ...fromObjects.values, ...(stringMap(postBuild.substitute) ?? {}) } : undefined,
    ...(fromObjects.sources.length ? { substituteSources: [...new Set(fromObjects.sources)] } : {}),
    ...(tracked !== undefined ? { branch: tracked } : {}),
    why: `Flux Kustomization ${ks.name} (${where})${tracked !== undefined ? `, branch ${tracked}` : ''}`,
    ref: ks.ref,
  };
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
