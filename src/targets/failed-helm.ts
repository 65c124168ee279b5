/**
 * Charts whose `helm template` failed (target-files.ts `HelmFailed`: an Argo CD Application's `valueFiles` typo, a
 * template error). Such a failure stopped the whole run (exit 2) until new-user trial 37: one chart's error lost
 * the analysis of everything else. Now it is the chart's alone, said as a chart nothing renders is said
 * (unrendered-helm.ts): an `OUTSIDE_TARGETS` notice under the verdict (⚠️, never `success`) naming the chart,
 * the target that asked for it with its file and line, and the gist of Helm's standard error. A chart that
 * fails on one side only is left out of the other side too (analyze-targets.ts `skipHelm`): a one-sided render
 * would read as its paths all opened or all closed, when they are unknown on the failing side.
 */
import { chartFile } from './non-manifest.js';
import type { HelmFailed } from './target-files.js';
import { helmKey } from './target-files.js';
import type { Notice } from './types.js';

/** Keys (`helmKey`) of the charts that failed on one side and not on the other: the other side leaves them out. */
export function failedOnOneSide(failed: readonly HelmFailed[], other: readonly HelmFailed[]): Set<string> {
  const there = new Set(other.map((f) => helmKey(f.target, f.chart)));
  return new Set(failed.map((f) => helmKey(f.target, f.chart)).filter((k) => !there.has(k)));
}

/**
 * One notice per target and chart that failed on either side (`base`, `head`: every failure of that side), at
 * the line of what asked for the render (else the chart's `Chart.yaml`):
 * *Not analysed on head: Helm chart charts/shop, which Application shop-prod (argocd/shop-prod.yaml:1) renders,
 * did not render: helm template charts/shop failed (exit 1): Error: open …. Its objects are missing from head,
 * and base's render of it is left out too: its paths are unknown on head, neither opened nor closed*.
 */
export function failedHelmNotices(base: readonly HelmFailed[], head: readonly HelmFailed[]): Notice[] {
  const byKey = new Map<string, { base?: HelmFailed; head?: HelmFailed }>();
  for (const [side, list] of [['base', base], ['head', head]] as const) {
    for (const f of list) {
      const k = helmKey(f.target, f.chart);
      byKey.set(k, { ...byKey.get(k), [side]: f });
    }
  }
  const out: Notice[] = [];
  for (const k of [...byKey.keys()].sort()) {
    const { base: b, head: h } = byKey.get(k)!;
    const f = (h ?? b)!;
    const chart = `Helm chart ${f.chart || '.'}, which ${f.why} renders,`;
    const message =
      b && h
        ? `Not analysed: ${chart} did not render on base nor on head: ${h.message}${b.message === h.message ? '' : ` (on base: ${b.message})`}. Nothing from its templates is analysed for ${f.target}`
        : `Not analysed on ${h ? 'head' : 'base'}: ${chart} did not render: ${f.message}. Its objects are missing from ${h ? 'head' : 'base'}, and ${h ? "base's" : "head's"} render of it is left out too: its paths are unknown on ${h ? 'head' : 'base'}, neither opened nor closed`;
    out.push({ code: 'OUTSIDE_TARGETS', message, ref: f.ref ?? { file: chartFile(f.chart), line: 1 } });
  }
  return out;
}

/** For a command reading one side (`lint`, `list`, `explain`): each failed chart as its footnote. */
export function failedChartNote(f: HelmFailed): Notice {
  return { code: 'CHART_NOT_RENDERED', message: `Helm chart ${f.chart || '.'} not rendered for ${f.why}: ${f.message}; nothing from its templates is analysed for ${f.target}`, ref: { file: chartFile(f.chart), line: 1 } };
}
