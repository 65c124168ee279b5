/**
 * This repository under another host: a mirror. A repository kept on a self-hosted server (Gitea,
 * Forgejo, GitLab) and pushed to GitHub has its Argo CD Applications (or Flux GitRepositories) name the
 * server's URL, while the App and the CLI know this repository by its GitHub URLs. Read by those alone,
 * every Application was "in another repository; not analysed" and the layout decided: each overlay its
 * own cluster, so a label change in one Application's workload that another Application's policy selects
 * read "no change" (real-eval 17: ArthurVardevanyan/HomeLab, 87 Applications on
 * `git.arthurvardevanyan.com/ArthurVardevanyan/HomeLab`, its GitHub copy `github.com/ArthurVardevanyan/HomeLab`).
 *
 * A URL is taken as a mirror when its repository path (owner and name, everything after the host: `repoKey`
 * without its host) is that of a known URL of this repository and a controller object uses it with a path
 * that names a folder here other than the root (the root exists in every repository, so it proves nothing;
 * flux.ts `fluxRepoUrls` reads a Flux path the same way). Another host with another owner or name stays
 * another repository (test/targets/discover.test.ts).
 *
 * A Flux source is this repository whatever its URL says when it syncs itself: a Flux Kustomization whose
 * path, a folder of this tree, holds the file that defines the Kustomization or its GitRepository (as
 * `flux bootstrap`'s flux-system/gotk-sync.yaml does, and every self-managing Flux repository). Flux would
 * otherwise sync a copy of that definition from elsewhere. Its URL names the repository as it was set up: a
 * repository renamed or moved since keeps it, as GitHub redirects the old URL (real-eval 18: bjw-s/home-ops,
 * now bjw-s-labs/home-ops, kubernetes/main/flux/config/cluster.yaml syncing ./kubernetes/main/flux).
 */
import type { ControllerObject } from './controller-objects.js';
import { repoKey, sameRepository, str } from './controller-objects.js';
import { deployedByOtherSource, fluxSource } from './flux.js';
import { isObject } from '../manifests/context.js';
import type { RepoFiles } from './repo-files.js';
import { normalizeFolder } from './repo-files.js';
import type { Notice } from './types.js';

/** One use of a repository URL with a folder of this tree: the object, and the folder it names. */
interface UrlUse {
  readonly url: string;
  readonly folder: string;
  readonly object: ControllerObject;
  /** A Flux Kustomization's GitRepository. */
  readonly source?: ControllerObject;
}

/**
 * The URLs among the controller objects' that are this repository under another host (`known`: this
 * repository's URLs; none known, none is a mirror: the caller infers them), each with a `MIRROR_SOURCE`
 * notice at the first object using it.
 */
export function mirrorUrls(objects: readonly ControllerObject[], files: RepoFiles, known: readonly string[]): { readonly urls: string[]; readonly notices: Notice[] } {
  if (known.length === 0) return { urls: [], notices: [] };
  const paths = new Map(known.map((k) => [repositoryPath(repoKey(k)), k]));
  const urls: string[] = [];
  const notices: Notice[] = [];
  const seen = new Set<string>();
  const kustomizations = objects.filter((o) => o.kind === 'FluxKustomization');
  const sources = objects.filter((o) => o.kind === 'GitRepository');
  for (const use of urlUses(objects, files)) {
    const key = repoKey(use.url);
    const own = paths.get(repositoryPath(key));
    if (seen.has(key) || (own === undefined && !syncsItself(use, kustomizations, sources, files)) || sameRepository(use.url, known)) continue;
    seen.add(key);
    urls.push(use.url);
    const why =
      own !== undefined
        ? `(${own}) on another host: the same owner and name, and ${describe(use.object)} uses it with path ${use.folder}, which exists here (a mirror; if it is another repository, configure targets:)`
        : `(${known[0]}): ${describe(use.object)} syncs path ${use.folder} from it, the folder that holds ${use.object.ref.file}, where that Kustomization and its source are defined (a repository renamed or moved since; if it is another repository, configure targets:)`;
    notices.push({ code: 'MIRROR_SOURCE', message: `${use.url} is taken as this repository ${why}`, ref: use.object.ref });
  }
  return { urls, notices };
}

/** `host/owner/name` → `owner/name`; a key without an owner (`host/name`) has no repository path to compare. */
function repositoryPath(key: string): string | undefined {
  const parts = key.split('/');
  return parts.length >= 3 ? parts.slice(1).join('/') : undefined;
}

/** Each URL a controller object uses with a folder of this tree other than the root, in the objects' order. */
function urlUses(objects: readonly ControllerObject[], files: RepoFiles): UrlUse[] {
  const out: UrlUse[] = [];
  const add = (url: unknown, path: unknown, object: ControllerObject, source?: ControllerObject) => {
    if (typeof url !== 'string' || typeof path !== 'string' || path.includes('{{') || path.includes('${')) return;
    const folder = normalizeFolder(path);
    if (folder !== undefined && folder !== '' && files.isFolder(folder)) out.push({ url, folder, object, ...(source ? { source } : {}) });
  };
  const sources = objects.filter((o) => o.kind === 'GitRepository');
  for (const o of objects) {
    if (o.kind === 'Application' || o.kind === 'ApplicationSet') visitSources(o.value.spec, (url, path) => add(url, path, o));
    if (o.kind !== 'FluxKustomization') continue;
    const source = fluxSource(o, sources);
    const spec = isObject(o.value.spec) ? o.value.spec : {};
    if (source && isObject(source.value.spec)) add(str(source.value.spec.url), str(spec.path), o, source);
  }
  return out;
}

/**
 * A Flux Kustomization whose path holds its own definition or its GitRepository's, where no other Flux
 * Kustomization, of another source, deploys that definition. One that another source's Kustomization deploys
 * (an app's `ks.yaml` under `cluster-apps`' path, fetching an upstream project's `./kubernetes` folder) got
 * there from that source: its own path holding the file is a folder name shared by chance (d4rkfella/home-ops'
 * keycloak-operator, GitRepository github.com/keycloak/keycloak-k8s-resources, read as this repository's
 * `kubernetes/`, every policy a second time in namespace default).
 */
function syncsItself(use: UrlUse, kustomizations: readonly ControllerObject[], sources: readonly ControllerObject[], files: RepoFiles): boolean {
  if (use.source === undefined) return false;
  const defining = [use.object.ref.file, use.source.ref.file].filter((file) => file.startsWith(`${use.folder}/`));
  return defining.length > 0 && !deployedByOtherSource(defining, use.object, kustomizations, sources, files);
}

/**
 * Every `{repoURL, path}` pair under an Argo CD spec (`source`, `sources[]`, an ApplicationSet's template),
 * and a git generator's `directories[].path` and `files[].path` cut before their first glob segment
 * (`apps/*` → `apps`).
 */
function visitSources(v: unknown, found: (url: unknown, path: unknown) => void): void {
  if (Array.isArray(v)) return v.forEach((x) => visitSources(x, found));
  if (!isObject(v)) return;
  if (v.repoURL !== undefined && v.path !== undefined) found(v.repoURL, v.path);
  for (const entries of [v.directories, v.files]) {
    if (v.repoURL === undefined || !Array.isArray(entries)) continue;
    for (const e of entries) if (isObject(e) && typeof e.path === 'string' && e.exclude !== true) found(v.repoURL, beforeGlob(e.path));
  }
  Object.values(v).forEach((x) => visitSources(x, found));
}

/** The folders of a generator's path pattern before its first segment holding a glob character. */
function beforeGlob(pattern: string): string {
  const parts = pattern.split('/');
  const glob = parts.findIndex((p) => /[*?[{]/.test(p));
  return (glob < 0 ? parts.slice(0, -1) : parts.slice(0, glob)).join('/');
}

function describe(o: ControllerObject): string {
  return `${o.kind === 'FluxKustomization' ? 'Flux Kustomization' : o.kind} ${o.name}`;
}
