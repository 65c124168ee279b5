/**
 * The chart version a Flux source serves, for a HelmRelease whose `spec.chartRef` names it (helm.toolkit.fluxcd.io/v2:
 * `chartRef` kind `OCIRepository` or `HelmChart`, `name`, `namespace` defaulting to the release's). Such a release
 * writes no version of its own: the version is the source's, often in another file, and one source may serve many
 * releases (a Kustomize component every app includes). kinds/app-template.ts reads the values' shape by the chart's
 * major version, so the major is read here.
 *
 * Semantics (source.toolkit.fluxcd.io/v1): an OCIRepository pulls `spec.ref.digest`, else the highest tag in the
 * `spec.ref.semver` range, else `spec.ref.tag`, else the tag `latest`; a HelmChart's `spec.version` is a semver range
 * (an exact version is one), `*` when not written. Ranges are Masterminds semver constraints, as Flux reads them,
 * evaluated with npm's semver (version-ranges.ts: `||`, commas, wildcards, `~`, `^`, `!=`, hyphen ranges).
 *
 * The major read: a tag's (`3.7.3`, `v4.4.0`); a range's lower bound's (`>=4.0.0`: 4; `^3.0`: 3; of alternatives,
 * the lowest; a range with an upper bound only, `<4.0.0`, its highest, where the newest version it admits is); a
 * digest with a tag beside it, the tag's (the digest is pulled; the tag is what it was pinned from). Not read, with a
 * phrase saying why: a digest alone, no ref (`latest`), a tag that is no version, a range without bounds (`*`).
 * Pure.
 */
import type { ChartSource } from '../../engine/model.js';
import type { DocContext, Json } from '../context.js';
import { isObject } from '../context.js';
import { rangeMajors } from '../version-ranges.js';

const SOURCE_GROUP = 'source.toolkit.fluxcd.io/';

/** The source kinds a HelmRelease's `spec.chartRef` may name. */
export const CHART_REF_KINDS: ReadonlySet<string> = new Set(['OCIRepository', 'HelmChart']);

/** A Flux source a HelmRelease's `chartRef` may name, with the chart version it serves (plain data, engine/model.ts). */
export type { ChartSource };

/** `Kind/namespace/name` of a source, as a chartRef names it. */
export function chartSourceKey(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** Whether `value` is a Flux source a chartRef may name (an OCIRepository or HelmChart of source.toolkit.fluxcd.io). */
export function isChartSource(value: Json): boolean {
  return typeof value.kind === 'string' && CHART_REF_KINDS.has(value.kind) && typeof value.apiVersion === 'string' && value.apiVersion.startsWith(SOURCE_GROUP);
}

/** The source `value` (an `isChartSource` object, applied in `namespace`) with the version it serves; undefined without a name. */
export function readChartSource(ctx: DocContext, value: Json, namespace: string): ChartSource | undefined {
  const meta = isObject(value.metadata) ? value.metadata : undefined;
  if (!meta || typeof meta.name !== 'string' || meta.name === '') return undefined;
  const at = ctx.ref(value);
  const spec = isObject(value.spec) ? value.spec : {};
  const base = { kind: value.kind as string, namespace, name: meta.name };
  if (value.kind === 'HelmChart') {
    const written = scalar(spec.version);
    const version = written ?? '*';
    const where = written === undefined ? at : ctx.keyRef(spec, 'version', at);
    return { ...base, ...rangeReading(`spec.version ${version}`, version), ref: where };
  }
  const ref = isObject(spec.ref) ? spec.ref : undefined;
  const refAt = ref ? ctx.ref(ref, ctx.keyRef(spec, 'ref', at)) : at;
  const field = (key: string) => (ref ? scalar(ref[key]) : undefined);
  const [digest, semver, tag] = [field('digest'), field('semver'), field('tag')];
  const line = (key: string) => (ref ? ctx.keyRef(ref, key, refAt) : refAt);
  // Flux pulls the digest; a tag written beside it is what it was pinned from (Renovate writes both).
  if (semver !== undefined && digest === undefined) return { ...base, ...rangeReading(`spec.ref.semver ${semver}`, semver), ref: line('semver') };
  if (tag !== undefined) {
    const major = tagMajor(tag);
    const version = `spec.ref.tag ${tag}`;
    return major === undefined ? { ...base, version, unread: `has tag ${JSON.stringify(tag)}, which is no version`, ref: line('tag') } : { ...base, version, major, highestMajor: major, ref: line('tag') };
  }
  if (digest !== undefined) return { ...base, version: `spec.ref.digest ${digest}`, unread: 'pins only a digest, which names no version', ref: line('digest') };
  return { ...base, unread: 'names no version (Flux pulls the tag latest)', ref: refAt };
}

function scalar(v: unknown): string | undefined {
  return typeof v === 'string' ? (v.trim() === '' ? undefined : v.trim()) : typeof v === 'number' ? String(v) : undefined;
}

/** The major of a tag that is a version (`3.7.3`, `v4`, `4.4.0-rc.1`); undefined for another tag (`latest`). */
export function tagMajor(tag: string): number | undefined {
  const m = /^v?(\d+)(?:\.\d+){0,2}(?:[-+][0-9A-Za-z.+-]*)?$/.exec(tag.trim());
  return m ? Number(m[1]) : undefined;
}

/** A range's reading: its lower bound's major and the highest major it admits, or why neither is read. */
function rangeReading(version: string, range: string): Pick<ChartSource, 'version' | 'major' | 'unread' | 'highestMajor'> {
  const bounds = rangeMajors(range);
  if (bounds === undefined) return { version, unread: `reads as no version range (${JSON.stringify(range)})` };
  // Without a lower bound Flux pulls the newest version the range admits: of its highest major, when it has one.
  if (bounds.lowest === undefined) return Number.isFinite(bounds.highest) ? { version, major: bounds.highest, highestMajor: bounds.highest } : { version, unread: `has a range without bounds (${JSON.stringify(range)}), so Flux pulls the newest release, of no major written here` };
  return { version, major: bounds.lowest, highestMajor: bounds.highest };
}
