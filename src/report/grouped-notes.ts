/**
 * The notes text and Markdown print after the report, with what repeats per object told once: a Flux
 * repository installs most apps from HelmReleases (one public one holds 61), and one note per release
 * buried a report that said "no change" under as many lines. Several HelmReleases (or Helm charts) not
 * rendered become one note naming a few, at the first one's line; the JSON keeps every notice with its own line.
 */
import { firstAndMore } from '../util/and-list.js';
import { groupedInPlace } from '../targets/grouped-notices.js';
import type { Notice } from '../targets/types.js';
import { chartNotRenderedWhy } from '../targets/helm-docs.js';

/** From this many HelmReleases on, their notes are one. */
export const GROUPED_FROM = 3;
/** HelmReleases a grouped note names before counting the rest. */
const NAMED = 3;
const RELEASE = /^Flux HelmRelease (\S+)/;
/**
 * An Argo CD Application's chart from a chart repository (targets/argocd.ts): one per chart Application, 33 lines
 * after every report of an Argo CD repository (new-user trial 41, finding 11). An Application of another
 * repository's source keeps its own note: it says where that repository deploys (report/quiet-text.ts).
 */
const CHART_APPLICATION = /^Application (\S+): chart (\S+) from (\S+) is not in this repository; not analysed$/;

/**
 * Charts not rendered, with the plain advice (not "`helm` is not on the PATH", which names its targets): a
 * helmfile platform keeps dozens of local charts (elastisys/compliantkubernetes-apps: 73 lines of notes
 * after a one-line verdict, real-eval 20). The advice is told once, with CHART and NAME for each chart's own.
 */
const CHART = /^Helm chart (\S+) not rendered: reachdiff runs helm only when asked /;
/** A chart whose render could not run (`helm` not on the PATH): who asked differs per chart, the JSON keeps it. */
const CHART_NO_HELM = /^Helm chart (\S+) not rendered: .*, but `helm` is not on the PATH, so nothing from its templates is analysed \((install Helm .*)\)$/s;

/** `notices` for people: HelmReleases, charts not rendered and Argo CD chart Applications grouped (GROUPED_FROM or more each), the rest as they are, order kept. */
export function notesForPeople(notices: readonly Notice[]): Notice[] {
  return groupedInPlace(
    notices,
    (n) =>
      n.code === 'HELM_RELEASE_NOT_RENDERED' && RELEASE.test(n.message)
        ? n.code
        : n.code === 'CHART_NOT_RENDERED' && CHART.test(n.message)
          ? 'chart'
          : n.code === 'CHART_NOT_RENDERED' && CHART_NO_HELM.test(n.message)
            ? 'chart-no-helm'
            : n.code === 'EXTERNAL_SOURCE' && CHART_APPLICATION.test(n.message)
              ? 'chart-application'
              : undefined,
    (group): Notice[] => {
      if (group.length < GROUPED_FROM) return [...group];
      const plain = CHART.exec(group[0].message);
      if (plain) {
        const names = group.map((n) => CHART.exec(n.message)![1]);
        return [{ ...group[0], message: `${group.length} Helm charts not rendered (${firstAndMore(names, NAMED)}; the JSON lists each with its line): ${chartNotRenderedWhy()}` }];
      }
      const noHelm = CHART_NO_HELM.exec(group[0].message);
      if (noHelm) {
        const names = group.map((n) => CHART_NO_HELM.exec(n.message)![1]);
        return [{ ...group[0], message: `${group.length} Helm charts not rendered (${firstAndMore(names, NAMED)}; the JSON lists each with its line and what asked for it): \`helm\` is not on the PATH, so nothing from their templates is analysed (${noHelm[2]})` }];
      }
      if (CHART_APPLICATION.test(group[0].message)) {
        // An Application with two charts is one Application.
        const apps = [...new Set(group.map((n) => CHART_APPLICATION.exec(n.message)![1]))];
        return [{ ...group[0], message: `${apps.length} Argo CD Applications' charts are not in this repository (${firstAndMore(apps, NAMED)}; the JSON lists each chart with its line): the workloads they install are in no analysis, and policies that select them are analysed as for pods the manifests do not hold` }];
      }
      const names = group.map((n) => RELEASE.exec(n.message)![1]);
      const message = `${group.length} Flux HelmReleases not rendered (${firstAndMore(names, NAMED)}; the JSON lists each with its line): the workloads they install are in no analysis, and policies that select them are analysed as for pods the manifests do not hold`;
      return [{ ...group[0], message }];
    },
  ).flat();
}
