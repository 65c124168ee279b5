/**
 * The GitRepository a Flux Operator `FluxInstance` makes from its `spec.sync`, read as a controller object
 * of the repository that writes the FluxInstance.
 *
 * A FluxInstance (`fluxcd.controlplane.io/v1`) with `spec.sync` of kind `GitRepository` makes the operator
 * create a GitRepository (URL `sync.url`, reference `sync.ref`) and a Kustomization of `sync.path` in the
 * FluxInstance's namespace, both named `sync.name`, which defaults to that namespace's name (Flux Operator
 * docs, "Flux Cluster Sync Configuration", fluxoperator.dev/docs/instance/sync.md: "using the namespace name
 * as the Flux source and Kustomization name"; the FluxInstance API's optional `spec.sync.name`). The
 * Kustomizations of `sync.path` then name that source, which no file of the repository defines: read alone,
 * every Kustomization of the cluster was "source GitRepository … is not defined in this repository; not
 * analysed" and the layout decided the targets (real-eval 28: rwlove/home-ops, `sync.name:
 * home-ops-kubernetes`, 232 Kustomizations, so a CiliumNetworkPolicy change that opens a path read "no change").
 *
 * Two ways of writing it are read: a FluxInstance document, and the values of the Flux Operator's
 * `flux-instance` Helm chart, whose `instance` value is the FluxInstance's spec (a values file, as a
 * `configMapGenerator` feeds a HelmRelease's `valuesFrom`, or a HelmRelease's inline `spec.values`). A
 * FluxInstance or HelmRelease that writes no namespace is made in the `targetNamespace` of the Flux
 * Kustomization whose `spec.path` holds its file (real-eval 30: soulwhisper/home-ops places its
 * flux-instance release with `targetNamespace: gitops-system`, and its 125 Kustomizations name the source
 * `gitops-system`; read in `flux-system`, none was analysed and every object without a namespace went to
 * `default`). The chart's release namespace is not in a values file: it is taken as `flux-system`, where
 * the operator is installed by default, as for a document nothing places. Only a sync whose `kind` is `GitRepository` and whose `url` is a string is read;
 * a `ref` of `refs/heads/B` tracks branch B (read by flux.ts `trackedBranch` as `spec.ref.name`).
 *
 * Whether the source is this repository is decided as for a written GitRepository (flux.ts
 * `fromThisRepository`: its URL among this repository's, or mirror-urls.ts). A GitRepository the
 * repository writes under the same name and namespace wins. A sync named as Flux's bootstrap source
 * (`flux-system` in `flux-system`, the default) is left to the bootstrap reading, which takes it as this
 * repository when a Kustomization names a folder here: its URL (a fork's, a mirror's) does not undo that.
 */
import type { Json } from '../manifests/context.js';
import { isObject } from '../manifests/context.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import type { ControllerObject } from './controller-objects.js';
import { str } from './controller-objects.js';
import type { FluxPaths } from './flux-builds.js';
import { fluxPaths } from './flux-builds.js';
import type { RepoFiles } from './repo-files.js';
import { dirOf } from '../util/repo-paths.js';
import { hasFact, textFact } from './text-facts.js';
import { documentLine } from '../manifests/document-line.js';

/** The namespace the Flux Operator and its FluxInstance live in when nothing names another. */
const DEFAULT_NAMESPACE = 'flux-system';

/** Flux's bootstrap source, `flux-system` in `flux-system`, read by flux.ts `bootstrapSource` as before. */
const BOOTSTRAP = 'flux-system/flux-system';

/** Whether a file's text may hold a sync (a cheap test before parsing). */
const MAY_HOLD_SYNC = textFact((text) => text.includes('sync') && (text.includes('FluxInstance') || text.includes('instance')));

/**
 * The GitRepositories the FluxInstances (and `flux-instance` chart values) of the readable files make,
 * each at the line of the document that writes it, minus those `written` already defines (same name and
 * namespace). Shapes: ControllerObject of kind `GitRepository`, `value` a GitRepository manifest
 * (`source.toolkit.fluxcd.io/v1`) with `spec.url` and, for a `refs/…` sync ref, `spec.ref.name`.
 */
export function fluxInstanceSources(files: RepoFiles, readable: (path: string) => boolean, written: readonly ControllerObject[]): ControllerObject[] {
  const out: ControllerObject[] = [];
  const taken = new Set(written.filter((o) => o.kind === 'GitRepository').map((o) => `${o.namespace ?? DEFAULT_NAMESPACE}/${o.name}`));
  let built: FluxPaths | undefined;
  for (const f of files.files) {
    if (!readable(f.path) || !hasFact(f, MAY_HOLD_SYNC)) continue;
    for (const doc of parseDocuments(f.text, 'kubectl')) {
      const found = syncOf(doc.value, () => deployedNamespace(f.path, (built ??= fluxPaths(written, (p) => files.isFolder(p)))));
      if (!found) continue;
      const { sync, namespace } = found;
      const name = str(sync.name) ?? namespace;
      const key = `${namespace}/${name}`;
      // Flux's bootstrap source keeps its own reading (flux.ts bootstrapSource: a folder of this repository), whatever URL the sync names.
      if (taken.has(key) || key === BOOTSTRAP) continue;
      taken.add(key);
      const ref = str(sync.ref);
      const value: Json = {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata: { name, namespace },
        spec: { url: sync.url, ...(ref !== undefined && ref.startsWith('refs/') ? { ref: { name: ref } } : {}) },
      };
      out.push({ kind: 'GitRepository', name, namespace, value, ref: { file: f.path, line: documentLine(doc) } });
    }
  }
  return out;
}

/**
 * The `spec.targetNamespace` of the Flux Kustomization whose `spec.path` is the nearest folder holding
 * `file` (itself or one above it), or undefined: where Flux applies an object that writes no namespace.
 */
function deployedNamespace(file: string, built: FluxPaths): string | undefined {
  for (let dir = dirOf(file); ; dir = dirOf(dir)) {
    const ks = built.get(dir);
    if (ks) return isObject(ks.value.spec) ? str(ks.value.spec.targetNamespace) : undefined;
    if (dir === '') return undefined;
  }
}

/**
 * A document's Git sync and the namespace its objects are made in, or undefined. `deployed`: the namespace
 * the Flux Kustomization deploying the document's file sets (its `targetNamespace`), for a document that
 * writes none (a flux-instance HelmRelease placed by `targetNamespace: gitops-system`).
 */
function syncOf(value: unknown, deployed: () => string | undefined): { readonly sync: Json; readonly namespace: string } | undefined {
  if (!isObject(value)) return undefined;
  const meta = isObject(value.metadata) ? value.metadata : {};
  const spec = isObject(value.spec) ? value.spec : {};
  const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : undefined;
  let sync: unknown;
  const own = () => str(meta.namespace) ?? deployed() ?? DEFAULT_NAMESPACE;
  let namespace = DEFAULT_NAMESPACE;
  if (apiVersion?.split('/')[0] === 'fluxcd.controlplane.io' && value.kind === 'FluxInstance') {
    sync = spec.sync;
    namespace = own();
  } else if (apiVersion?.split('/')[0] === 'helm.toolkit.fluxcd.io' && value.kind === 'HelmRelease') {
    sync = isObject(spec.values) && isObject(spec.values.instance) ? spec.values.instance.sync : undefined;
    // The chart's release namespace: spec.targetNamespace, else the HelmRelease's own (written, or where Flux applies it).
    if (isObject(sync)) namespace = str(spec.targetNamespace) ?? own();
  } else if (apiVersion === undefined && value.kind === undefined && isObject(value.instance)) sync = value.instance.sync;
  if (!isObject(sync) || sync.kind !== 'GitRepository' || str(sync.url) === undefined) return undefined;
  return { sync, namespace };
}
