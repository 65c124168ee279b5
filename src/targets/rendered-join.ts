/**
 * Where a `--render` stream is deployed: beside the manifests it is read with. A chart rendered next to
 * platform policies lands in the same cluster, so its objects must meet those policies: the stream
 * joins the cluster model of the plain manifests (the layout's `plain manifests` target), or the only
 * cluster model the targets found form. Only when the targets form several models and none holds the
 * plain manifests is it a model of its own, and the line saying how targets were chosen says so (the
 * configuration places it exactly: `targets[].render` with `cluster:`).
 */
import { PLAIN_TARGET } from './discover.js';
import type { TargetSpec } from './types.js';

export interface JoinedRender {
  /** The extra targets, each with `joins` set when it joins a found target's cluster model. */
  readonly targets: readonly TargetSpec[];
  /** One sentence for the line saying how targets were chosen (empty without extra targets). */
  readonly how: string;
}

/** The cluster model key of a target as `clusterModels` groups them (a target without a cluster is its own). */
export function modelKey(spec: TargetSpec, all: readonly TargetSpec[]): string {
  const host = spec.joins === undefined ? spec : (all.find((t) => t.name === spec.joins) ?? spec);
  return host.cluster ? `cluster:${host.cluster}` : `target:${host.name}`;
}

/**
 * `extra` (the `--render` streams) placed among `found` (the targets of both sides, head's first):
 * each joins the model of the plain manifests, else of the only model, else stays its own.
 */
export function joinRendered(extra: readonly TargetSpec[], found: readonly TargetSpec[]): JoinedRender {
  if (extra.length === 0) return { targets: [], how: '' };
  const models = new Map<string, TargetSpec[]>();
  for (const t of found) models.set(modelKey(t, found), [...(models.get(modelKey(t, found)) ?? []), t]);
  const host = models.size === 1 ? found[0] : found.find((t) => t.origin === 'plain' && t.name === PLAIN_TARGET);
  const what = extra.map((t) => t.why).join(', ');
  if (!host) {
    const names = [...models.values()].map((ts) => (ts.length === 1 || !ts[0].cluster ? ts[0].name : ts[0].cluster));
    const several = models.size > 1 ? `: the targets form ${models.size} cluster models (${names.join(', ')}) and none holds plain manifests; place it with targets[].render and cluster: in the configuration` : '';
    return { targets: extra, how: ` Plus ${what}, a cluster model of its own${several}.` };
  }
  const modelName = (models.get(modelKey(host, found)) ?? []).length > 1 && host.cluster ? host.cluster : host.name;
  return {
    targets: extra.map((t) => ({ ...t, joins: host.name, why: `${t.why}, deployed beside ${modelName}` })),
    how: ` ${capital(what)} joins the cluster model of ${modelName}.`,
  };
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
