/**
 * Paths a change opens or closes into a namespace that a Helm chart nothing rendered deploys into (the App, which
 * never renders; the CLI without `helm`): that chart's workloads and policies there — often the namespace's
 * default-deny — are in no model, so the paths are told for pods the manifests do not hold as if nothing isolated
 * them, and may read the other way round. New-user trial 36: a plain policy admitting `0.0.0.0/0` and every
 * namespace to the web pods of an Argo CD Application's chart read "🔒 10 paths closed", `neutral`, while with the
 * chart (its default-deny) rendered it opens 7; the chart's footnote sat in the collapsed notes. Said as an
 * `OUTSIDE_TARGETS` notice ("Not analysed in full: …") under the verdict: ⚠️, never `success`.
 */
import type { ExplainedPair } from '../analysis/types.js';
import type { PeerRef } from '../engine/peers.js';
import { chartFile } from './non-manifest.js';
import { HELM_CHARTS_DOCS } from './helm-docs.js';
import type { Notice, TargetSpec } from './types.js';
import { helmKey } from './target-files.js';
import { andList } from '../util/and-list.js';

/**
 * `charts`: chart folders no target rendered; `specs`: every target of either side; `pairs`: the changed pairs of every model;
 * `failed`: the charts whose render failed for a target on either side (target-files.ts `helmKey`), not rendered for it either.
 */
export function unrenderedNamespaceNotices(charts: ReadonlySet<string>, specs: readonly TargetSpec[], pairs: readonly ExplainedPair[], failed: ReadonlySet<string> = new Set()): Notice[] {
  if ((charts.size === 0 && failed.size === 0) || pairs.length === 0) return [];
  // Chart → namespace → who deploys it there (`Argo CD Application shop-prod`, `target web`).
  const into = new Map<string, Map<string, Set<string>>>();
  for (const t of specs) {
    for (const h of t.helm) {
      const ns = h.namespace ?? t.namespace;
      if (!(charts.has(h.chart) || failed.has(helmKey(t.name, h.chart))) || ns === undefined) continue;
      const byNs = into.get(h.chart) ?? into.set(h.chart, new Map()).get(h.chart)!;
      (byNs.get(ns) ?? byNs.set(ns, new Set()).get(ns)!).add(`${t.origin === 'argocd' ? 'argocd' : 'target'}:${t.name}`);
    }
  }
  if (into.size === 0) return [];
  // Destinations only: a chart's default-deny is an ingress one as a rule, and every path out of the namespace
  // would otherwise bring the note to changes elsewhere (a policy for another namespace closing its pods' way in).
  const touched = new Set(pairs.map((p) => namespaceOf(p.dst)).filter((n): n is string => n !== undefined));
  const out: Notice[] = [];
  for (const [chart, byNs] of [...into].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const namespaces = [...byNs.keys()].filter((ns) => touched.has(ns)).sort();
    if (namespaces.length === 0) continue;
    const keys = [...new Set(namespaces.flatMap((ns) => [...byNs.get(ns)!]))].sort();
    const named = (prefix: string, one: string, many: string) => {
      const names = keys.filter((k) => k.startsWith(`${prefix}:`)).map((k) => k.slice(prefix.length + 1));
      return names.length === 0 ? [] : [`${names.length === 1 ? one : many} ${andList(names)}`];
    };
    const who = [...named('argocd', 'Argo CD Application', 'Argo CD Applications'), ...named('target', 'target', 'targets')].join(' and ');
    const where = namespaces.length === 1 ? `namespace ${namespaces[0]}` : `namespaces ${andList(namespaces)}`;
    out.push({
      code: 'OUTSIDE_TARGETS',
      message: `Not analysed in full: Helm chart ${chart || '.'}, which ${who} ${keys.length > 1 ? 'deploy' : 'deploys'} into ${where}, is not rendered, and this change opens or closes paths into ${namespaces.length === 1 ? 'it' : 'them'}: the chart's workloads and policies (a default-deny among them, often) are in no analysis, so those paths are told for pods the manifests do not hold and may differ (${HELM_CHARTS_DOCS})`,
      ref: { file: chartFile(chart), line: 1 },
    });
  }
  return out;
}

/** The namespace a pair's end is in, when it is one namespace by name. */
function namespaceOf(p: PeerRef): string | undefined {
  if (p.type === 'workload') return p.workload.namespace;
  if (p.type === 'pods') return p.peer.namespace;
  return undefined;
}
