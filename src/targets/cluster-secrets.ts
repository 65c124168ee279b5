/**
 * Argo CD clusters as the repository declares them: Secrets labelled `argocd.argoproj.io/secret-type: cluster`
 * whose `name` and `server` (in `stringData`, or base64 in `data`; `stringData` wins, as the API server merges
 * it over `data`) name the cluster, and which clusters an ApplicationSet's `clusters` generator sees. Semantics:
 * Argo CD's declarative setup (Clusters) and the ApplicationSet Cluster Generator documentation.
 */
import type { SourceRef } from '../engine/model.js';
import type { Json } from '../manifests/context.js';
import { isObject } from '../manifests/context.js';
import type { ControllerObject } from './controller-objects.js';
import { stringMap } from './controller-objects.js';
import { applicationSources } from '../manifests/kinds/chart-applications.js';

/** One Argo CD cluster: its Secret's fields, labels and annotations, and where it is written. */
export interface ArgoCluster {
  readonly name: string;
  readonly server: string;
  /** The Secret's `project` field; '' when absent (the generator's default). */
  readonly project: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly ref?: SourceRef;
}

/** Argo CD's local cluster (the one it runs in): it has no Secret, so no labels. */
export const LOCAL_CLUSTER: ArgoCluster = { name: 'in-cluster', server: 'https://kubernetes.default.svc', project: '', labels: {}, annotations: {} };

/**
 * The cluster a cluster Secret declares, or undefined when it names no server or holds its fields encrypted
 * (a SOPS-encrypted Secret's values are `ENC[…]`): such a Secret says nothing about which cluster it is.
 * A Secret without `name` is named after its server, as Argo CD shows it.
 */
export function clusterOfSecret(o: ControllerObject): ArgoCluster | undefined {
  const field = (k: string) => secretField(o.value, k);
  const server = field('server');
  if (server === undefined || encrypted(server)) return undefined;
  const name = field('name') ?? server;
  if (encrypted(name)) return undefined;
  const meta = isObject(o.value.metadata) ? o.value.metadata : {};
  return { name, server, project: field('project') ?? '', labels: stringMap(meta.labels) ?? {}, annotations: stringMap(meta.annotations) ?? {}, ref: o.ref };
}

/** A Secret's field: `stringData` as written, else `data` decoded from base64; undefined when absent or empty. */
function secretField(secret: Json, key: string): string | undefined {
  const plain = isObject(secret.stringData) ? secret.stringData[key] : undefined;
  if (typeof plain === 'string' && plain !== '') return plain;
  const encoded = isObject(secret.data) ? secret.data[key] : undefined;
  if (typeof encoded !== 'string' || encoded === '') return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  return decoded === '' ? undefined : decoded;
}

const encrypted = (v: string) => v.startsWith('ENC[');

/**
 * The clusters an ApplicationSet sees: the cluster Secrets of the build it is rendered from (`via`), as a build
 * holding both is one Argo CD instance's configuration (an environment's overlay adding its own local-cluster
 * Secret); a set read as committed, or whose build holds none, sees the Secrets read as committed; without
 * those, the Secrets of `secretBuilds` (clusterSecretBuilds): a folder of cluster Secrets its own Application
 * syncs (`kubernetes/clusters/`) beside the folder of ApplicationSets. Argo CD reads every cluster Secret of
 * its namespace, whichever Application synced it (real-eval 19: Tim275/talos-homelab's matrix of `clusters`
 * and a list read "needs a live cluster", and every policy change "no target deploys it").
 */
export function clustersFor(set: ControllerObject, secrets: readonly ControllerObject[], secretBuilds: ReadonlySet<string> = new Set()): ArgoCluster[] {
  const own = secrets.filter((s) => s.via === set.via);
  const committed = set.via === undefined ? own : secrets.filter((s) => s.via === undefined);
  const seen = own.length ? own : committed.length ? committed : secrets.filter((s) => s.via !== undefined && secretBuilds.has(s.via));
  return seen.map(clusterOfSecret).filter((c): c is ArgoCluster => c !== undefined);
}

/**
 * Kustomization folders whose cluster Secrets every ApplicationSet may read: those an Application of the
 * repository syncs (its `source.path` or a `sources[].path`) that render no ApplicationSet. A build rendering
 * ApplicationSets too is an environment's Argo CD configuration, whose Secrets stay its own; a folder only an
 * overlay includes (Konflux's development-only local-cluster Secret) is that overlay's, not every set's.
 */
export function clusterSecretBuilds(objects: readonly ControllerObject[]): Set<string> {
  const setBuilds = new Set(objects.filter((o) => o.kind === 'ApplicationSet').map((o) => o.via));
  const synced = new Set<string>();
  for (const o of objects) {
    if (o.kind !== 'Application' || !isObject(o.value.spec)) continue;
    const spec = o.value.spec;
    const sources = applicationSources(spec);
    for (const src of sources) if (typeof src.path === 'string') synced.add(src.path.replace(/^\.\/|\/+$/g, ''));
  }
  return new Set([...synced].filter((f) => !setBuilds.has(f)));
}
