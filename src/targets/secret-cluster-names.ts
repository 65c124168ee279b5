/**
 * One Argo CD cluster, one name: an Application may name its destination by `server` (a URL) or by `name`, and
 * a cluster Secret of the repository says both are one cluster (its `stringData.server` and `name`). Read apart,
 * `destination.server: https://prod.example.com` and `destination.name: prod` were two cluster models, so a
 * policy one Application deploys never met the workloads of the other (targets 50, left). Semantics: Argo CD's
 * Application `destination` (`server` or `name`, one cluster either way) and declarative cluster Secrets.
 */
import type { ControllerObject } from './controller-objects.js';
import { clusterOfSecret } from './cluster-secrets.js';
import type { TargetSpec } from './types.js';

/**
 * `targets` with each Argo CD target whose cluster is a server URL (its Application's `destination.server`) named
 * by the cluster Secret among `secrets` that declares that server, when exactly one name does (several Secrets of
 * one server under other names say nothing sure). A trailing `/` is no other server. In place.
 */
export function namedBySecrets(targets: TargetSpec[], secrets: readonly ControllerObject[]): void {
  const names = new Map<string, Set<string>>();
  for (const s of secrets) {
    const c = clusterOfSecret(s);
    if (c) (names.get(server(c.server)) ?? names.set(server(c.server), new Set()).get(server(c.server))!).add(c.name);
  }
  if (names.size === 0) return;
  targets.forEach((t, i) => {
    if (t.origin !== 'argocd' || t.cluster === undefined || !t.cluster.includes('://')) return;
    const named = names.get(server(t.cluster));
    if (named?.size === 1) targets[i] = { ...t, cluster: [...named][0] };
  });
}

const server = (url: string) => url.replace(/\/+$/, '');
