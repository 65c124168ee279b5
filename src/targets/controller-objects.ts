/**
 * The GitOps controller objects a side holds (Argo CD `Application`/`ApplicationSet` and cluster Secrets, Flux
 * `Kustomization`/`GitRepository`), each with its position, and the question every reader of them asks:
 * does a `repoURL` name this repository?
 */
import type { SourceRef } from '../engine/model.js';
import type { Json } from '../manifests/context.js';
import { isObject } from '../manifests/context.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import type { RepoFiles } from './repo-files.js';
import { hasFact, textFact } from './text-facts.js';
import { documentLine } from '../manifests/document-line.js';

export interface ControllerObject {
  /** `ClusterSecret`: a Secret labelled `argocd.argoproj.io/secret-type: cluster`, a cluster Argo CD deploys to (cluster-secrets.ts). */
  readonly kind: 'Application' | 'ApplicationSet' | 'ClusterSecret' | 'FluxKustomization' | 'GitRepository';
  readonly name: string;
  readonly namespace?: string;
  readonly value: Json;
  readonly ref: SourceRef;
  /** The kustomization folder whose render holds it (rendered-controllers.ts); absent: read as committed. */
  readonly via?: string;
}

/** The label that makes a Secret an Argo CD cluster (value `cluster`). */
export const CLUSTER_SECRET_LABEL = 'argocd.argoproj.io/secret-type';

const CONTROLLER_GROUP = /\b(argoproj\.io|fluxcd\.io)\//;

/** Whether a file's text may hold a controller object (a cheap test before parsing). */
export const mentionsController = (text: string) =>
  // Plain substring search first: most files name neither group, and it is many times faster than the regex over every file.
  // `j.io/` before `argoproj.io/`: V8 finds it ~50 times faster in manifests' texts (12 MB: 0.4 against 25 ms).
  ((text.includes('j.io/') && text.includes('argoproj.io/')) || text.includes('fluxcd.io/')) && CONTROLLER_GROUP.test(text);

/** `mentionsController` of a file's text, asked once per file (text-facts.ts). */
export const MENTIONS_CONTROLLER = textFact(mentionsController);

/**
 * Controller objects in the given files, read as committed (skipped and unparseable documents contribute
 * nothing). `claimed`: files read otherwise (through the kustomizations that use them), left out.
 */
export function findControllerObjects(files: RepoFiles, readable: (path: string) => boolean, claimed: ReadonlySet<string> = new Set()): ControllerObject[] {
  const out: ControllerObject[] = [];
  for (const f of files.files) {
    if (!readable(f.path) || claimed.has(f.path) || !hasFact(f, MENTIONS_CONTROLLER)) continue;
    for (const doc of parseDocuments(f.text, 'kubectl')) {
      const o = controllerObject(doc.value, { file: f.path, line: documentLine(doc) });
      if (o) out.push(o);
    }
  }
  return out;
}

/** `value` as a controller object at `ref` (`via`: the kustomization folder that rendered it), or undefined for any other object. */
export function controllerObject(value: unknown, ref: SourceRef, via?: string): ControllerObject | undefined {
  if (!isObject(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') return undefined;
  const meta = isObject(value.metadata) ? value.metadata : {};
  const kind = controllerKind(value.apiVersion, value.kind, meta);
  if (!kind || typeof meta.name !== 'string') return undefined;
  return { kind, name: meta.name, namespace: typeof meta.namespace === 'string' ? meta.namespace : undefined, value, ref, ...(via !== undefined ? { via } : {}) };
}

/** The controller kind of an object's `apiVersion`, `kind` and `metadata`, or undefined for any other object. */
function controllerKind(apiVersion: string, kind: string, meta: Json): ControllerObject['kind'] | undefined {
  // Argo CD's declarative cluster: a core Secret carrying its secret-type label (Argo CD's declarative setup, Clusters).
  if (apiVersion === 'v1' && kind === 'Secret') return isObject(meta.labels) && meta.labels[CLUSTER_SECRET_LABEL] === 'cluster' ? 'ClusterSecret' : undefined;
  const group = apiVersion.split('/')[0];
  if (group === 'argoproj.io' && (kind === 'Application' || kind === 'ApplicationSet')) return kind;
  if (group === 'kustomize.toolkit.fluxcd.io' && kind === 'Kustomization') return 'FluxKustomization';
  if (group === 'source.toolkit.fluxcd.io' && kind === 'GitRepository') return 'GitRepository';
  return undefined;
}

/**
 * Whether `url` names this repository. With known URLs of this repository (the App's clone and SSH
 * URLs, the CLI's git remotes) they decide; without any, every repository URL is taken as this one
 * and the caller checks that the path exists.
 */
export function sameRepository(url: unknown, known: readonly string[]): boolean {
  if (typeof url !== 'string' || url === '') return known.length === 0;
  if (known.length === 0) return true;
  const key = repoKey(url);
  return known.some((k) => repoKey(k) === key);
}

/**
 * `https://github.com/Acme/GitOps.git`, `git@github.com:acme/gitops` and `ssh://git@github.com/acme/gitops` →
 * `github.com/acme/gitops`. A URL with a scheme may name a port (`ssh://git@host:2222/acme/gitops`); the scp-like
 * form (no scheme) never does: what follows its colon is the path, an owner starting with a digit included
 * (`git@github.com:100rd/platform`; git's own reading, urls in git-clone(1)).
 */
export function repoKey(url: string): string {
  const lower = url.trim().toLowerCase();
  const scheme = /^[a-z+]+:\/\//.test(lower);
  const host = lower.replace(/^[a-z+]+:\/\//, '').replace(/^[^@/]+@/, '');
  const path = scheme ? host.replace(/^([^/:]+):\d+(?=\/|$)/, '$1') : host.replace(/^([^/:]+):/, '$1/');
  return path.replace(/\.git\/?$/, '').replace(/\/+$/, '');
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export function stringMap(v: unknown): Record<string, string> | undefined {
  if (!isObject(v)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) if (val !== null && typeof val !== 'object') out[k] = String(val);
  return out;
}
