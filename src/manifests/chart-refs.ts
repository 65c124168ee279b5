/**
 * Which reading of each app-template release whose chart version is its `spec.chartRef` source's
 * (kinds/app-template.ts `ChartRefRelease`) a merge takes: chart 3's when the source the release names
 * (kinds/chart-sources.ts: `Kind/namespace/name`, the namespace the release's unless the chartRef writes one)
 * serves a chart before 4, else chart 4's, the default. Settled once every document of the build is read
 * (load.ts `mergeDocuments`), or, for one build of several, on the builds as one (across-builds.ts), since the
 * source is often in another file and shared by many releases (a Kustomize component).
 *
 * Said, once per source, at its version's line: a source whose version is not read (a digest alone, no ref, a
 * tag that is no version), a range that admits a chart 3 and a later major (read as its lower bound, though
 * Flux pulls the newest), and a source serving a major reachdiff does not know (chart 1, chart 5 on: read as the
 * nearest known one). Said at the first release's `chartRef` line: a source the manifests here do not define.
 * Releases whose source's version is not read, or whose source is not here, are read as chart 4. Pure.
 */
import type { SourceRef } from '../engine/model.js';
import type { ChartRefRelease } from './kinds/app-template.js';
import { appTemplateShape, UNKNOWN_MAJOR_EFFECT, unknownAppTemplateMajor } from './kinds/app-template.js';
import type { ChartSource } from './kinds/chart-sources.js';
import { chartSourceKey } from './kinds/chart-sources.js';
import type { DocumentModel } from './load.js';
import { firstAndMore } from '../util/and-list.js';

/** Releases named in a message, at most; the rest counted. */
const NAMED = 3;

/** What the chart-4 reading means for the pods, said after "read as chart 4". */
const LABEL_NOTE = 'their pods carry app.kubernetes.io/controller, where chart 3 sets app.kubernetes.io/component';

/** The releases to read as chart 3, and those whose source is not among the sources given. */
export interface ChartRefReadings {
  readonly asChart3: ReadonlySet<ChartRefRelease>;
  readonly missing: readonly ChartRefRelease[];
}

/**
 * The reading of each of `releases` by `sources` (by `chartSourceKey`; the last copy of a key wins, as the
 * build applies it). `warn`: where the notes above go (absent: not said); `leaveMissing`: a release whose source
 * is not here is left to the caller (one build of several), not said.
 */
export function chartRefReadings(releases: readonly ChartRefRelease[], sources: ReadonlyMap<string, ChartSource>, warn?: (message: string, ref: SourceRef) => void, leaveMissing = false): ChartRefReadings {
  const asChart3 = new Set<ChartRefRelease>();
  const missing: ChartRefRelease[] = [];
  const bySource = new Map<string, ChartRefRelease[]>();
  for (const r of releases) {
    const key = chartSourceKey(r.source.kind, r.source.namespace, r.source.name);
    const list = bySource.get(key);
    if (list) list.push(r);
    else bySource.set(key, [r]);
  }
  for (const [key, users] of bySource) {
    const source = sources.get(key);
    const who = firstAndMore([...new Set(users.map((u) => u.owner))].sort(), NAMED);
    const named = `${users[0].source.kind} ${users[0].source.namespace}/${users[0].source.name}`;
    if (!source) {
      if (leaveMissing) missing.push(...users);
      else warn?.(`${who}: spec.chartRef names ${named}, which the manifests analysed here do not define, so the chart version is not known: read as app-template chart 4, the current one (${LABEL_NOTE})`, users[0].ref);
      continue;
    }
    const written = source.version ? ` (${source.version})` : '';
    if (source.major === undefined) {
      warn?.(`${named}${written} ${source.unread ?? 'names no version'}: the app-template releases that use it (${who}) are read as chart 4, the current one (${LABEL_NOTE})`, source.ref);
      continue;
    }
    const unknown = unknownAppTemplateMajor(source.major);
    if (unknown) warn?.(`${named}${written} serves app-template chart ${source.major}, ${unknown.note}: the app-template releases that use it (${who}) are read as chart ${unknown.nearest}, the nearest it knows, ${UNKNOWN_MAJOR_EFFECT}`, source.ref);
    const shape = appTemplateShape(unknown?.nearest ?? source.major);
    if (source.highestMajor !== undefined && appTemplateShape(source.highestMajor) !== shape) {
      warn?.(`${named}${written} admits chart ${source.major} and later majors, and Flux pulls the newest it admits: the app-template releases that use it (${who}) are read ${unknown ? `by the range's lower bound, chart ${source.major}` : `as chart ${source.major}, the range's lower bound`} (from chart 4 on, their pods carry app.kubernetes.io/controller, not app.kubernetes.io/component)`, source.ref);
    }
    if (shape === 3) for (const u of users) asChart3.add(u);
  }
  return { asChart3, missing };
}

/** Sources by key, the last copy winning, from models in order. */
export function chartSourcesOf(models: Iterable<Pick<DocumentModel, 'chartSources'>>): Map<string, ChartSource> {
  const out = new Map<string, ChartSource>();
  for (const m of models) for (const s of m.chartSources ?? []) out.set(chartSourceKey(s.kind, s.namespace, s.name), s);
  return out;
}

/** `m` with the chart-3 reading in place of the chart-4 one for its releases in `asChart3` (the same `m` when none is). */
export function withChartReadings<M extends Pick<DocumentModel, 'workloads' | 'policies' | 'hostNetwork' | 'chartRefReleases'>>(m: M, asChart3: ReadonlySet<ChartRefRelease>): M {
  const swapped = (m.chartRefReleases ?? []).filter((r) => asChart3.has(r));
  if (swapped.length === 0) return m;
  const gone = new Set<object>(swapped.flatMap((r) => [...r.asChart4.workloads, ...r.asChart4.policies]));
  const goneHost = new Set(swapped.flatMap((r) => r.asChart4.hostNetwork));
  return {
    ...m,
    workloads: [...m.workloads.filter((w) => !gone.has(w)), ...swapped.flatMap((r) => r.asChart3.workloads)],
    policies: [...m.policies.filter((p) => !gone.has(p)), ...swapped.flatMap((r) => r.asChart3.policies)],
    hostNetwork: [...m.hostNetwork.filter((id) => !goneHost.has(id)), ...swapped.flatMap((r) => r.asChart3.hostNetwork)],
  };
}
