/**
 * A changed Flux source is a changed deployment: when a pull request edits what a `GitRepository`,
 * `OCIRepository`, `HelmRepository` or `Bucket` serves (`spec.ref.tag`, `spec.ref.semver`, `spec.ref.branch`,
 * `spec.url` …), every Flux Kustomization and HelmRelease of the repository that names it deploys other
 * files or another chart version, though none of their own lines changed. reachdiff reads neither the other
 * repository's files nor the chart, so what they deploy now is in no analysis: said as an `OUTSIDE_TARGETS`
 * notice ("Not analysed: …") at the source's line, like a changed object of another repository
 * (external-changes.ts), so the verdict is followed by the note and the check run is `neutral`, never a
 * silent "no change" (Renovate's `spec.ref.tag` bumps of OCIRepositories that HelmReleases install from).
 * When the source is this repository (a GitRepository whose URL is this one's), a changed ref means the
 * cluster deploys another revision of this repository than the one analysed: said so.
 * Semantics: source.toolkit.fluxcd.io/v1 (`spec.ref`, `spec.url`, artifact fields); a Kustomization's
 * `spec.sourceRef` and a HelmRelease's `spec.chart.spec.sourceRef` / `spec.chartRef` name a source (kind,
 * name, namespace defaulting to the referrer's) (kustomize.toolkit.fluxcd.io/v1, helm.toolkit.fluxcd.io/v2).
 */
import { isObject } from '../manifests/context.js';
import { isAppTemplateRelease } from '../manifests/kinds/app-template.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { firstAndMore } from '../util/and-list.js';
import { sameRepository } from './controller-objects.js';
import type { RepoFiles } from './repo-files.js';
import type { Notice } from './types.js';
import { documentLine } from '../manifests/document-line.js';

const SOURCE_GROUP = 'source.toolkit.fluxcd.io/';
const SOURCE_KINDS: ReadonlySet<string> = new Set(['GitRepository', 'OCIRepository', 'HelmRepository', 'Bucket']);

/**
 * Spec fields that change how or how often a source is fetched, not what it serves: a change to these alone
 * deploys nothing new (credentials, intervals, suspension, access lists).
 */
const NOT_CONTENT: ReadonlySet<string> = new Set(['interval', 'timeout', 'suspend', 'secretRef', 'certSecretRef', 'proxySecretRef', 'serviceAccountName', 'accessFrom', 'verify', 'provider', 'insecure', 'passCredentials']);

/** Users named in a note, at most; the rest counted. */
const NAMED = 3;
/** Changed fields named in a note, at most. */
const FIELDS = 3;

/** A Flux source object of one side, with its line. */
interface Source {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  readonly spec: Record<string, unknown>;
  readonly line: number;
}

/**
 * `changed`: changed paths (fixture trees, templates and rendered copies left out); `sides`: base's and
 * head's files; `repoUrls`: this repository's URLs (empty: unknown, and no source is taken as this one but
 * Flux's bootstrap source `flux-system/flux-system`). One notice per edited source that some Flux
 * Kustomization or HelmRelease of either side uses; none for sources no object here uses.
 */
export function sourceChangeNotices(changed: ReadonlySet<string>, sides: readonly [RepoFiles, RepoFiles], repoUrls: readonly string[]): Notice[] {
  const edited: { file: string; head: Source; fields: string[] }[] = [];
  for (const file of [...changed].sort()) {
    const [base, head] = sides.map((s) => sourcesOf(s.text(file)));
    for (const [id, h] of head) {
      const b = base.get(id);
      const fields = b ? changedFields(b.spec, h.spec, 'spec') : [];
      if (fields.length) edited.push({ file, head: h, fields });
    }
  }
  if (edited.length === 0) return [];
  const users = fluxUsers(sides);
  const out: Notice[] = [];
  for (const { file, head, fields } of edited) {
    const using = [...new Set(users.filter((u) => u.kind === head.kind && u.name === head.name && (head.namespace === undefined || u.namespace === undefined || u.namespace === head.namespace)).map((u) => u.label))].sort();
    if (using.length === 0) continue;
    const id = `${head.namespace ? `${head.namespace}/` : ''}${head.name}`;
    const what = firstAndMore(fields, FIELDS);
    const who = firstAndMore(using, NAMED);
    const self = head.kind === 'GitRepository' && thisRepository(head, repoUrls);
    const message = self
      ? `Not analysed: Flux GitRepository ${id}, this repository, changed in ${file} (${what}): ${who} now deploy${using.length === 1 ? 's' : ''} that revision of this repository, not the one analysed`
      : `Not analysed: Flux ${head.kind} ${id} changed in ${file} (${what}): what ${who} deploy${using.length === 1 ? 's' : ''} from it changes with it, and is in no analysis${readCharts(users, head)}`;
    out.push({ code: 'OUTSIDE_TARGETS', message, ref: { file, line: head.line } });
  }
  return out;
}

/** Flux source objects of a file, by kind/namespace/name. */
function sourcesOf(text: string | undefined): Map<string, Source> {
  const out = new Map<string, Source>();
  if (text === undefined || !text.includes(SOURCE_GROUP)) return out;
  for (const doc of parseDocuments(text, 'kubectl', false)) {
    const v = doc.value;
    if (doc.error || !isObject(v) || typeof v.apiVersion !== 'string' || !v.apiVersion.startsWith(SOURCE_GROUP) || typeof v.kind !== 'string' || !SOURCE_KINDS.has(v.kind)) continue;
    const meta = isObject(v.metadata) ? v.metadata : {};
    if (typeof meta.name !== 'string') continue;
    const namespace = typeof meta.namespace === 'string' ? meta.namespace : undefined;
    out.set(`${v.kind}/${namespace ?? ''}/${meta.name}`, { kind: v.kind, name: meta.name, namespace, spec: isObject(v.spec) ? v.spec : {}, line: documentLine(doc) });
  }
  return out;
}

/** The content fields that differ between two specs, as `spec.ref.tag 1.0 → 1.1` (a field only one has: `→ (none)`, `(none) →`). */
function changedFields(base: unknown, head: unknown, at: string): string[] {
  if (isObject(base) && isObject(head)) {
    const keys = [...new Set([...Object.keys(base), ...Object.keys(head)])].filter((k) => at !== 'spec' || !NOT_CONTENT.has(k)).sort();
    return keys.flatMap((k) => changedFields(base[k], head[k], `${at}.${k}`));
  }
  if (JSON.stringify(base) === JSON.stringify(head)) return [];
  return [`${at} ${shown(base)} → ${shown(head)}`];
}

function shown(v: unknown): string {
  if (v === undefined) return '(none)';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

/** An object that names a Flux source: its label (`Flux Kustomization flux-system/apps`) and the source it names. */
interface User {
  readonly label: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** An app-template release by `spec.chartRef`: its controllers are read as the chart version the source serves (manifests/chart-refs.ts). */
  readonly appTemplate?: boolean;
}

/** What of the change is analysed after all: the controllers of the app-template releases among the source's users, read at each side's chart version. */
function readCharts(users: readonly User[], source: Source): string {
  const read = new Set(users.filter((u) => u.appTemplate && u.kind === source.kind && u.name === source.name && (source.namespace === undefined || u.namespace === undefined || u.namespace === source.namespace)).map((u) => u.label));
  if (read.size === 0) return '';
  return `, but for the controllers of the app-template release${read.size === 1 ? '' : 's'} among them (${read.size}), read as the chart version each side serves`;
}

const USERS: Readonly<Record<string, { readonly group: string; readonly label: string }>> = {
  Kustomization: { group: 'kustomize.toolkit.fluxcd.io/', label: 'Flux Kustomization' },
  HelmRelease: { group: 'helm.toolkit.fluxcd.io/', label: 'HelmRelease' },
};

/** The Flux Kustomizations and HelmReleases of both sides, with the source each names (its namespace defaulting to the object's). */
function fluxUsers(sides: readonly RepoFiles[]): User[] {
  const out: User[] = [];
  for (const side of sides) {
    for (const f of side.files) {
      if (!f.text.includes('fluxcd.io/') || !/(?:sourceRef|chartRef)/.test(f.text)) continue;
      for (const doc of parseDocuments(f.text, 'kubectl', false)) {
        const v = doc.value;
        if (doc.error || !isObject(v) || typeof v.kind !== 'string' || typeof v.apiVersion !== 'string') continue;
        const kind = USERS[v.kind];
        if (!kind || !v.apiVersion.startsWith(kind.group) || !isObject(v.spec)) continue;
        const meta = isObject(v.metadata) ? v.metadata : {};
        const ns = typeof meta.namespace === 'string' ? meta.namespace : undefined;
        const label = `${kind.label} ${ns ? `${ns}/` : ''}${typeof meta.name === 'string' ? meta.name : '(unnamed)'}`;
        for (const ref of sourceRefs(v.kind, v.spec)) {
          if (typeof ref.kind !== 'string' || typeof ref.name !== 'string') continue;
          const appTemplate = ref === v.spec.chartRef && isAppTemplateRelease(v);
          out.push({ label, kind: ref.kind, name: ref.name, namespace: typeof ref.namespace === 'string' ? ref.namespace : ns, ...(appTemplate ? { appTemplate } : {}) });
        }
      }
    }
  }
  return out;
}

/** The source references of a Kustomization (`spec.sourceRef`) or HelmRelease (`spec.chart.spec.sourceRef`, `spec.chartRef`). */
function sourceRefs(kind: string, spec: Record<string, unknown>): Record<string, unknown>[] {
  if (kind === 'Kustomization') return isObject(spec.sourceRef) ? [spec.sourceRef] : [];
  const chart = isObject(spec.chart) && isObject(spec.chart.spec) && isObject(spec.chart.spec.sourceRef) ? [spec.chart.spec.sourceRef] : [];
  return [...chart, ...(isObject(spec.chartRef) ? [spec.chartRef] : [])];
}

/** Whether a GitRepository is this repository: its URL among `repoUrls`; unknown URLs: Flux's bootstrap source. */
function thisRepository(source: Source, repoUrls: readonly string[]): boolean {
  if (repoUrls.length) return typeof source.spec.url === 'string' && sameRepository(source.spec.url, repoUrls);
  return source.name === 'flux-system' && (source.namespace ?? 'flux-system') === 'flux-system';
}
