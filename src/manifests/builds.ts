/**
 * Several deployments of the same files in one cluster (two Argo CD Applications or Flux
 * Kustomizations deploying one folder into different namespaces, or with different Kustomize
 * overrides): each deployment is a build, a file set with unique paths that is rendered and placed on
 * its own (`ManifestFile.build`); the builds' objects form one cluster. A source document deployed by
 * several builds is still one document: changes and rollbacks are made of source text, and reverting it
 * reverts every copy.
 */
import type { Cluster } from '../engine/model.js';
import type { Diagnostic } from './diagnostics.js';
import type { DocumentModel, LoadResult, ManifestDocument, ManifestFile } from './load.js';
import type { UnmodelledObject } from './unmodelled-summary.js';
import { onceBy, positionKey } from '../util/once.js';
import { withoutUndeployed } from './rendered-reload.js';
import { withOperatorRelease } from './kinds/dragonfly-policy.js';
import type { Unsettled } from './across-builds.js';
import type { Reload } from './kept-reloads.js';
import type { Reloaded } from './rendered-reload.js';

/**
 * One build's load, as one of several: what its merge leaves to the builds' cluster as one (`unsettled`,
 * across-builds.ts), and, for a build that renders, its reload of reverted texts giving the same (`reloadBuild`).
 */
export interface BuildLoad extends LoadResult {
  readonly unsettled?: Unsettled;
  readonly reloadBuild?: Reload<Reloaded>;
}

/** The files of each build, in first-seen order; one group when no file names a build. */
export function splitBuilds(files: readonly ManifestFile[]): ManifestFile[][] {
  const groups = new Map<string, ManifestFile[]>();
  for (const f of files) {
    const key = f.build ?? '';
    const g = groups.get(key);
    if (g) g.push(f);
    else groups.set(key, [f]);
  }
  return [...groups.values()];
}

/** The key under which a file's read is kept: its path, within its build. */
export function buildPath(file: Pick<ManifestFile, 'path' | 'build'>): string {
  return file.build === undefined ? file.path : `${file.build}\0${file.path}`;
}

/**
 * The builds' loads as one: objects united (the first definition of an id wins, as within a build),
 * source documents once per source position (their objects and models united), diagnostics once.
 * `load`: how one build's files are loaded again (the rollback's reload of reverted texts of a build that renders
 * nothing), as `loads` were; `settle`: what a reload's merged cluster gets of the facts the builds settle as one
 * (load.ts `loadManifests`, across-builds.ts), given what each build leaves unsettled: a reloaded build's as
 * reloaded (the reverted documents' base versions: a Kyverno rule's policies for another build's objects), the
 * others' as loaded. The reverted side is so settled as head was, across builds.
 */
export function combineBuilds(builds: readonly ManifestFile[][], loads: readonly BuildLoad[], load: (files: ManifestFile[]) => BuildLoad, settle?: (cluster: Cluster, unsettled: readonly Unsettled[]) => Cluster): LoadResult {
  const cluster = mergeClusters(loads.map((l) => l.cluster));
  const paths = builds.map((b) => new Set(b.map((f) => f.path)));
  // Each build deploys what base's builds deploy, as one build's reload does (rendered-reload.ts `withoutUndeployed`).
  const reload = (changed: ReadonlyMap<string, string | null>, deployed?: ReadonlySet<string>): Cluster | undefined => {
    const clusters: Cluster[] = [];
    const unsettled: Unsettled[] = [];
    for (const [i, l] of loads.entries()) {
      // A path no build holds (a deleted file restored) goes to the first build.
      const own = new Map([...changed].filter(([p]) => paths[i].has(p) || (i === 0 && !paths.some((s) => s.has(p)))));
      // A build that renders nothing has no reload of its own: loaded again, without what nothing deploys.
      const after: Reloaded | undefined = own.size === 0 ? l : l.reloadBuild ? l.reloadBuild(own, deployed) : load(deployedFiles(replaced(builds[i], own), deployed));
      if (!after) return undefined;
      clusters.push(after.cluster);
      if (after.unsettled) unsettled.push(after.unsettled);
    }
    // What the builds settle as one (across-builds.ts), settled again as head's load settled them.
    const merged = mergeClusters(clusters);
    return settle ? settle(merged, unsettled) : merged;
  };
  return {
    cluster,
    documents: documentsBySource(loads.flatMap((l) => l.documents)),
    diagnostics: onceBy(loads.flatMap((l) => l.diagnostics), positionKey),
    unmodelled: onceBy<UnmodelledObject>(loads.flatMap((l) => l.unmodelled), (u) => `${u.key}\0${u.ref.file}\0${u.ref.line}`),
    renders: loads.flatMap((l) => l.renders),
    rendered: loads.flatMap((l) => l.rendered ?? []),
    reload,
    hostNetwork: new Set(loads.flatMap((l) => [...(l.hostNetwork ?? [])])),
  };
}

/** `files` without those of folders that only a revert makes top-level and that `deployed` does not hold (all of them when `deployed` is absent). */
export function deployedFiles(files: readonly ManifestFile[], deployed: ReadonlySet<string> | undefined): ManifestFile[] {
  if (!deployed) return [...files];
  const byPath = new Map(files.map((f) => [f.path, f]));
  // Files that rendered nothing before the revert: no root of their own, none Flux builds.
  withoutUndeployed(byPath, { own: new Set(), flux: new Set() }, deployed);
  return [...byPath.values()];
}

/** A build's files with some texts replaced (null: deleted); a new path joins with the build's name. */
function replaced(files: readonly ManifestFile[], changed: ReadonlyMap<string, string | null>): ManifestFile[] {
  const out = files.filter((f) => changed.get(f.path) !== null).map((f) => (changed.has(f.path) ? { ...f, text: changed.get(f.path)! } : f));
  const build = files[0]?.build;
  for (const [path, text] of changed) if (text !== null && !files.some((f) => f.path === path)) out.push({ path, text, ...(build === undefined ? {} : { build }) });
  return out;
}

/** One document per source position (file and start line), in first-seen order; copies' objects and models united. */
export function documentsBySource(documents: readonly ManifestDocument[]): ManifestDocument[] {
  const groups = new Map<string, ManifestDocument[]>();
  for (const d of documents) {
    const key = `${d.file}\0${d.startLine}`;
    const g = groups.get(key);
    if (!g) groups.set(key, [d]);
    else if (!g.includes(d)) g.push(d);
  }
  return [...groups.values()].map((g) => (g.length === 1 ? g[0] : unitedDocument(g)));
}

function unitedDocument(copies: readonly ManifestDocument[]): ManifestDocument {
  const objects = [...new Set(copies.flatMap((d) => d.objects))];
  const rejected = [...new Set(copies.flatMap((d) => d.rejected))];
  const model: DocumentModel = {
    namespaces: copies.flatMap((d) => d.model.namespaces),
    workloads: copies.flatMap((d) => d.model.workloads),
    policies: copies.flatMap((d) => d.model.policies),
    services: copies.flatMap((d) => d.model.services),
    ingressBackends: copies.flatMap((d) => d.model.ingressBackends),
    clusterPolicies: copies.flatMap((d) => d.model.clusterPolicies),
    unmodelled: copies.flatMap((d) => d.model.unmodelled),
    hostNetwork: [...new Set(copies.flatMap((d) => d.model.hostNetwork))],
    ...(copies.some((d) => d.model.releaseNamespaces) ? { releaseNamespaces: [...new Set(copies.flatMap((d) => d.model.releaseNamespaces ?? []))] } : {}),
    ...(copies.some((d) => d.model.operatorResources) ? { operatorResources: copies.flatMap((d) => d.model.operatorResources ?? []) } : {}),
    ...(copies.some((d) => d.model.dragonflyOperatorVersions) ? { dragonflyOperatorVersions: [...new Set(copies.flatMap((d) => d.model.dragonflyOperatorVersions ?? []))] } : {}),
    ...(copies.some((d) => d.model.chartSources) ? { chartSources: copies.flatMap((d) => d.model.chartSources ?? []) } : {}),
    ...(copies.some((d) => d.model.chartRefReleases) ? { chartRefReleases: copies.flatMap((d) => d.model.chartRefReleases ?? []) } : {}),
  };
  return { ...copies[0], objects, rejected, model };
}

/** Clusters as one: each object id once, the first cluster's copy (ingress backends all kept; cluster-scoped parts by their policy's id). */
export function mergeClusters(clusters: readonly Cluster[]): Cluster {
  if (clusters.length === 1) return clusters[0];
  const by = <T>(pick: (c: Cluster) => readonly T[] | undefined, id: (t: T) => string): T[] => onceBy(clusters.flatMap((c) => pick(c) ?? []), id);
  const scoped = by((c) => c.scopedPolicies, (s) => s.policy.id);
  const released = [...new Set(clusters.flatMap((c) => c.unreadReleaseNamespaces ?? []))].sort();
  const operated = by((c) => c.operatorResources, (r) => `${r.group}/${r.namespace}/${r.name}`);
  // A Dragonfly's operator release may be named in another build (its own target): decided again over all.
  const operatorVersions = [...new Set(clusters.flatMap((c) => c.dragonflyOperatorVersions ?? []))].sort();
  // What an app-template release naming another build's source reads (across-builds.ts): every build's, once each.
  const sources = by((c) => c.chartSources, (s) => `${s.kind}/${s.namespace}/${s.name}`);
  return {
    namespaces: by((c) => c.namespaces, (n) => n.name),
    workloads: by((c) => c.workloads, (w) => w.id),
    policies: [...withOperatorRelease(by((c) => c.policies, (p) => p.id), operatorVersions)],
    services: by((c) => c.services, (s) => `${s.namespace}/${s.name}`),
    ingressBackends: clusters.flatMap((c) => c.ingressBackends),
    clusterPolicies: by((c) => c.clusterPolicies, (p) => p.id),
    // Cluster-scoped parts (a CiliumClusterwideNetworkPolicy's) apply in namespaces no build holds too: kept once each.
    ...(scoped.length > 0 ? { scopedPolicies: scoped } : {}),
    ...(clusters[0].podNetwork ? { podNetwork: clusters[0].podNetwork } : {}),
    ...(released.length > 0 ? { unreadReleaseNamespaces: released } : {}),
    ...(operated.length > 0 ? { operatorResources: operated } : {}),
    ...(operatorVersions.length > 0 ? { dragonflyOperatorVersions: operatorVersions } : {}),
    ...(sources.length > 0 ? { chartSources: sources } : {}),
  };
}

export type { Diagnostic };
