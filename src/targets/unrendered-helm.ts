/**
 * Changes to Helm inputs reachdiff does not render are in no verdict: said as `OUTSIDE_TARGETS` notices
 * ("Not analysed: …"), exactly like changed files no build reads, so the verdict line is followed by the
 * note, the comment carries ⚠️ and the check run is `neutral`, never `success` (real-eval 11 A: a pull
 * request adding NetworkPolicies to an unrendered chart's `templates/` read "No change", ✅, exit 0).
 * Four kinds of input, each told apart:
 * - files of a chart folder (`Chart.yaml` beside `templates/`) that no `targets[].helm` rendered and no
 *   rendered stream read: `templates/**`, `charts/**`, `values*.yaml|yml|json`, `Chart.yaml`, `Chart.lock`,
 *   and the values files a `helm` entry of such a chart names outside its folder;
 * - a kustomization whose `helmCharts:` (`helmGlobals:`, `helmChartInflationGenerator:`) changed, or a
 *   changed values file they name (`valuesFile`, `additionalValuesFiles`): Kustomize's Helm inflation is
 *   never run (KUSTOMIZE_NOT_RENDERED);
 * - a Flux `HelmRelease` (helm.toolkit.fluxcd.io) added, removed or with a changed `spec`: never rendered
 *   (HELM_RELEASE_NOT_RENDERED); of an app-template release, only a change to what its reader leaves unread
 *   (manifests/kinds/app-template.ts `appTemplateUnread`: values that make policies, `valuesFrom`,
 *   `postRenderers`), its controllers being read;
 * - an Argo CD `Application` whose Helm source changed: a `chart` from a Helm repository, or an in-repository
 *   chart that was not rendered (a rendered one gets its inline `helm.values`/`valuesObject`/`parameters`/
 *   `fileParameters` as Argo CD passes them: helm-template-args.ts);
 * - a values file outside every chart folder (`values*.yaml|yml|json`, never read as manifests, or a file of
 *   any name a kustomization's generator makes Helm values of: generator-values.ts) that no
 *   `targets[].helm` names and no kustomization's `helmCharts` names: the values an ApplicationSet's git
 *   generator, a multi-source Application's `$values/…` or a Flux HelmRelease's `valuesFrom` (a ConfigMap a
 *   kustomization's configMapGenerator makes of it) gives a chart elsewhere. Its objects (a NetworkPolicy under `extraObjects`) read as no change and were said nowhere
 *   (real-eval 19: mctl-gitops 6108f9a7 added a policy in `services/labs/trading-data/values.yaml`);
 * - the state and values files of a helmfile project (helmfile.ts), one note per project; values files
 *   there are its, not "outside any chart".
 * A render command whose stream names no source (no `# Source:` line) may render any of these: with one,
 * only the Helm objects (HelmRelease, Application) are still said. Charts that did not change keep only the
 * chart's own footnote (CHART_NOT_RENDERED).
 */
import { isObject } from '../manifests/context.js';
import { appTemplateUnread, appTemplateUnreadValues, isAppTemplateRelease } from '../manifests/kinds/app-template.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { chartFile } from './non-manifest.js';
import type { Text } from './kustomizations-naming.js';
import { kustomizationsNaming } from './kustomizations-naming.js';
import { firstAndMore, namedItems } from '../util/and-list.js';
import type { HelmSpec, Notice } from './types.js';
import { HELM_CHARTS_DOCS, helmNotOnPath } from './helm-docs.js';
import { changedHelmfileInputs, helmfileProject } from './helmfile.js';
import { appTemplateValuesFiles, generatedConfigMapNames, generatedValuesFiles } from './generator-values.js';
import { arrivalLabel, movedObjects, objectKey } from './moved-objects.js';
import { applicationSources } from '../manifests/kinds/chart-applications.js';
import { dirOf, inFolder, joinPath } from '../util/repo-paths.js';
import { documentLine } from '../manifests/document-line.js';
import { expandVariables } from '../manifests/flux-variables.js';

/** What was rendered, over both sides and every target. */
export interface HelmRendering {
  /** Chart folders ('' for the root) of either side. */
  readonly charts: readonly string[];
  /** Charts a `targets[].helm` entry rendered. */
  readonly rendered: ReadonlySet<string>;
  /** The `helm` entries of the targets (their values files belong to their chart). */
  readonly specs: readonly HelmSpec[];
  /** A render command ran whose stream names no source file: what it renders is not known. */
  readonly opaque: boolean;
  /** Charts a `targets[].helm` names that could not be rendered (`helm` not on the PATH), with those targets. */
  readonly unavailable?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Values files (and file parameters) by path, with the targets whose `helm` entries name them (helm-docs.ts `requesterKey`s). */
  readonly users?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Base's and head's Flux post-build values (`postBuild.substitute`, over `substituteFrom`'s) of the targets reading a path: one entry per such target. */
  readonly substitutes?: readonly [Substitutes, Substitutes];
}

/** A path → the post-build values of each target reading it (none: no Flux substitution applies). */
export type Substitutes = (path: string) => readonly Readonly<Record<string, string>>[];

/** `changed`: changed paths (fixture trees and rendered copies left out); `texts`: base's and head's text of a path; `deployed`: paths a cluster model read. */
export function unrenderedHelmNotices(changed: ReadonlySet<string>, texts: readonly [Text, Text], deployed: ReadonlySet<string>, helm: HelmRendering): Notice[] {
  const paths = [...changed].sort();
  const notices: Notice[] = [];
  if (!helm.opaque) {
    notices.push(...chartNotices(paths, deployed, helm));
    const kustomize = helmChartsNotices(paths, texts);
    notices.push(...kustomize.notices);
    notices.push(...looseValuesNotices(paths, texts, deployed, helm, kustomize.values));
    notices.push(...helmfileNotices(paths, texts, deployed, helm));
  }
  notices.push(...objectNotices(paths, texts, helm.rendered, helm.substitutes));
  return notices;
}

/**
 * Whether `path` is in a Helm chart folder of `charts` that nothing rendered (no render command read it, no
 * model read a file of it): its templates are in no analysis, as this module's notice says, so no other
 * notice should speak of how a policy in them is read (l7-icmp-changes.ts).
 */
export function inUnrenderedChart(path: string, charts: readonly string[], rendered: ReadonlySet<string>, deployed: ReadonlySet<string>): boolean {
  return charts.some((c) => inFolder(path, c) && !rendered.has(c) && !readFromChart(c, deployed));
}

/**
 * Whether a model read a file of `chart`'s folder: only a render command's stream does (its `# Source:` lines,
 * a `--render 'helm template …'`), as a chart's files are never read as manifests. `deployed`: paths read.
 */
export function readFromChart(chart: string, deployed: Iterable<string>): boolean {
  for (const p of deployed) if (inFolder(p, chart)) return true;
  return false;
}

/** A file of a chart that `helm template` reads (relative to the chart folder). */
const CHART_INPUT = /^(templates\/|charts\/|values[^/]*\.(ya?ml|json)$|Chart\.(yaml|lock)$)/;

function chartNotices(paths: readonly string[], deployed: ReadonlySet<string>, helm: HelmRendering): Notice[] {
  const under = (c: string, p: string) => inFolder(p, c);
  const relative = (c: string, p: string) => (c === '' ? p : p.slice(c.length + 1));
  const out: Notice[] = [];
  for (const chart of [...new Set(helm.charts)].sort()) {
    // A stream read its templates (`# Source:`): rendered by a command.
    if (helm.rendered.has(chart) || [...deployed].some((p) => under(chart, p))) continue;
    // The innermost chart a path is in (findCharts lists no chart inside another, but either side may).
    const own = (p: string) => under(chart, p) && !helm.charts.some((c) => c !== chart && c.length > chart.length && under(chart, c) && under(c, p));
    const values = new Set(helm.specs.filter((s) => s.chart === chart).flatMap((s) => s.valuesFiles));
    const files = paths.filter((p) => (own(p) && CHART_INPUT.test(relative(chart, p))) || (values.has(p) && !under(chart, p)));
    if (files.length === 0) continue;
    const one = files.length === 1;
    // Configured, but `helm` could not run: advising targets[].helm would send the reader to what they did.
    const unavailable = changeOf(helm.unavailable?.get(chart), files, helm.users);
    const advice = unavailable?.size ? `${helmNotOnPath(unavailable)}: install Helm where reachdiff runs` : 'Render it with targets[].helm or --render';
    // The headline names the changed file, not the chart's Chart.yaml the notice is at (targets-markdown.ts noticeWhat).
    const what = `${one ? files[0] : `${files.length} changed files`} of Helm chart ${chart || '.'}, which is not rendered`;
    out.push({ code: 'OUTSIDE_TARGETS', message: `Not analysed: ${one ? 'a changed file' : `${files.length} changed files`} of Helm chart ${chart || '.'}, which is not rendered: ${listed(files)}. ${advice} (${HELM_CHARTS_DOCS})`, ref: { file: chartFile(chart), line: 1 }, what });
  }
  return out;
}

/**
 * The targets of `all` whose render a change to `files` changes: when each file is a values file some targets name
 * (`users`), only those (new-user trial 37: charts/shop/values-prod.yaml, which only Application shop-prod names,
 * was said as rendered by shop-dev and shop-prod); a template, `Chart.yaml` or the chart's own `values.yaml` is
 * every target's.
 */
function changeOf(all: ReadonlySet<string> | undefined, files: readonly string[], users: HelmRendering['users']): ReadonlySet<string> | undefined {
  if (!all || !users || !files.every((f) => users.has(f))) return all;
  const named = new Set(files.flatMap((f) => [...users.get(f)!]).filter((k) => all.has(k)));
  return named.size ? named : all;
}

/** Fields of a kustomization that inflate Helm charts. */
const HELM_FIELDS = ['helmCharts', 'helmGlobals', 'helmChartInflationGenerator'] as const;

/** The notices, and every values file the kustomizations' `helmCharts` name (changed or not). */
function helmChartsNotices(paths: readonly string[], texts: readonly [Text, Text]): { notices: Notice[]; values: Set<string> } {
  const changed = new Set(paths);
  const out: Notice[] = [];
  const named = new Set<string>();
  // Kustomizations of either side that inflate charts: changed fields, or changed values files they name.
  const kustomizations = kustomizationsNaming(paths, texts, HELM_FIELDS);
  for (const file of kustomizations) {
    const [base, head] = texts.map((read) => helmFields(read(file)));
    const fieldsChanged = changed.has(file) && base.fields !== head.fields;
    const all = [...new Set([...base.values, ...head.values])].map((v) => joinPath(dirOf(file), v)).filter((v): v is string => v !== undefined);
    all.forEach((v) => named.add(v));
    const values = all.filter((v) => changed.has(v)).sort();
    if (!fieldsChanged && values.length === 0) continue;
    const entries = base.fields === '' ? 'helmCharts added' : head.fields === '' ? 'helmCharts removed' : 'helmCharts changed';
    const what = [...(fieldsChanged ? [entries] : []), ...(values.length ? [`values ${values.length === 1 ? 'file' : 'files'} ${listed(values)} changed`] : [])].join('; ');
    out.push({ code: 'OUTSIDE_TARGETS', message: `Not analysed: the Helm charts of ${file}, which reachdiff does not inflate: ${what}. Render them with --render (e.g. kustomize build --enable-helm)`, ref: { file, line: 1 } });
  }
  return { notices: out, values: named };
}

/**
 * A release's `spec` without the `valuesFrom` entries read from a ConfigMap its kustomization generates (kind
 * ConfigMap, no `targetPath`, named as a generator of `generated`): those values are read
 * (manifests/helm-values-from.ts). `spec` itself when none is; `valuesFrom` gone when every entry is.
 */
function withoutGeneratedValues(spec: unknown, generated: () => ReadonlySet<string>): unknown {
  if (!isObject(spec) || !Array.isArray(spec.valuesFrom)) return spec;
  const names = generated();
  const left = spec.valuesFrom.filter((f) => !(isObject(f) && f.kind === 'ConfigMap' && typeof f.name === 'string' && f.targetPath === undefined && names.has(f.name)));
  if (left.length === spec.valuesFrom.length) return spec;
  const { valuesFrom: _read, ...rest } = spec;
  return left.length ? { ...rest, valuesFrom: left } : rest;
}

/** A values file by its name: what `helm template -f` reads, never a manifest (non-manifest.ts skips it). */
const VALUES_FILE = /(^|\/)values[^/]*\.(ya?ml|json)$/;

/**
 * Changed values files outside every chart folder that nothing here renders with: one note for all. Files a
 * `helm` entry names are its chart's (rendered, or said by chartNotices); files a kustomization's `helmCharts`
 * names are said by helmChartsNotices. A render stream that read a chart's templates may have been given such
 * a file (`helm template -f`): with one, nothing is said. A change to image coordinates only (a CI bump of
 * `image.tag`: 58 of the last 60 such changes in mctl-gitops) changes no label, port or policy a chart writes: not said.
 */
function looseValuesNotices(paths: readonly string[], texts: readonly [Text, Text], deployed: ReadonlySet<string>, helm: HelmRendering, kustomize: ReadonlySet<string>): Notice[] {
  if ([...deployed].some((p) => helm.charts.some((c) => inFolder(p, c)))) return [];
  const named = new Set(helm.specs.flatMap((s) => s.valuesFiles));
  // A build may read one (a configMapGenerator making a Flux HelmRelease's valuesFrom): the ConfigMap is analysed, what the chart makes of it is not.
  // A helmfile project's values are said by its own note (helmfileNotices).
  const exists = existsOnASide(texts);
  // So may a file of another name a generator makes Helm values of (`values.yaml=./helm-values.yaml`): generator-values.ts.
  const generated = generatedValuesFiles(paths, texts);
  // Values an app-template release reads from a generated ConfigMap are analysed (generator-values.ts).
  const read = appTemplateValuesFiles(paths, texts);
  const candidates = paths.filter((p) => (VALUES_FILE.test(p) || generated.has(p)) && !read.has(p) && !helm.charts.some((c) => inFolder(p, c)) && !named.has(p) && !kustomize.has(p) && helmfileProject(p, exists) === undefined);
  const files = candidates.filter((p) => !imagesOnly(texts[0](p), texts[1](p)));
  if (files.length === 0) return [];
  const one = files.length === 1;
  const message = `Not analysed: ${one ? 'a changed Helm values file' : `${files.length} changed Helm values files`} outside any chart, which nothing here renders: ${listed(files)}. What a chart installed with ${one ? 'it' : 'them'} (by an Argo CD Application or ApplicationSet, or a Flux HelmRelease) allows is in no analysis; render it with targets[].helm or --render (${HELM_CHARTS_DOCS})`;
  return [{ code: 'OUTSIDE_TARGETS', message, ref: { file: files[0], line: 1 } }];
}

/** Whether a path is a file of base or head. */
const existsOnASide = (texts: readonly [Text, Text]) => (p: string) => texts[0](p) !== undefined || texts[1](p) !== undefined;

/**
 * Changed state and values files of helmfile projects (helmfile.ts): one note per project. Helmfile runs
 * Helm with them; reachdiff runs neither. As for loose values files, a render stream that read a chart's
 * templates may be `helmfile template`'s (then nothing is said), and an edit of image coordinates only is
 * not said.
 */
function helmfileNotices(paths: readonly string[], texts: readonly [Text, Text], deployed: ReadonlySet<string>, helm: HelmRendering): Notice[] {
  if ([...deployed].some((p) => helm.charts.some((c) => inFolder(p, c)))) return [];
  // A file a build read is still an input of the releases (a plain layout reads every YAML file; a configMapGenerator a values file).
  const skip = (p: string) => helm.charts.some((c) => inFolder(p, c)) || imagesOnly(texts[0](p), texts[1](p));
  const byProject = changedHelmfileInputs(paths, existsOnASide(texts), (p) => texts[1](p) ?? texts[0](p), skip);
  return [...byProject.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([project, files]) => {
      const one = files.length === 1;
      const message = `Not analysed: ${one ? 'a changed file' : `${files.length} changed files`} of helmfile project ${project || '.'} (its state and values), which reachdiff does not run: ${listed(files)}. What its releases install is in no analysis; render them with --render 'helmfile template' (${HELM_CHARTS_DOCS})`;
      return { code: 'OUTSIDE_TARGETS', message, ref: { file: files[0], line: 1 } } satisfies Notice;
    });
}

/** The Helm fields of a kustomization as one JSON string ('' when it has none), and the values files its charts name. */
function helmFields(text: string | undefined): { fields: string; values: string[] } {
  if (text === undefined) return { fields: '', values: [] };
  const doc = parseDocuments(text, 'yaml', false).find((d) => !d.error && isObject(d.value));
  if (!doc || !isObject(doc.value)) return { fields: '', values: [] };
  const k = doc.value;
  const present = HELM_FIELDS.filter((f) => k[f] !== undefined);
  const charts = [...(Array.isArray(k.helmCharts) ? k.helmCharts : [])].filter(isObject);
  const values = charts.flatMap((c) => [...(typeof c.valuesFile === 'string' ? [c.valuesFile] : []), ...(Array.isArray(c.additionalValuesFiles) ? c.additionalValuesFiles.filter((v): v is string => typeof v === 'string') : [])]);
  return { fields: present.length ? JSON.stringify(present.map((f) => [f, k[f]])) : '', values };
}

const HELM_RELEASE = 'helm.toolkit.fluxcd.io/';
const ARGO = 'argoproj.io/';

/**
 * HelmReleases and Argo CD Applications whose unrendered Helm part differs between the sides, per changed file;
 * one moved to another file unchanged is no change, and a move or a rename is one note (moved-objects.ts).
 */
function objectNotices(paths: readonly string[], texts: readonly [Text, Text], rendered: ReadonlySet<string>, substitutes?: readonly [Substitutes, Substitutes]): Notice[] {
  const sides = new Map<string, readonly [Map<string, HelmObject>, Map<string, HelmObject>]>();
  for (const p of paths) {
    if (!/\.(ya?ml|json)$/i.test(p)) continue;
    // Values a release reads from a ConfigMap its kustomization generates are read (manifests/helm-values-from.ts).
    const [base, head] = texts.map((read, side) => helmObjects(read(p), rendered, () => generatedConfigMapNames(p, read), substitutes?.[side](p) ?? []));
    if (base.size > 0 || head.size > 0) sides.set(p, [base, head]);
  }
  const moves = movedObjects(sides);
  const out: Notice[] = [];
  for (const [p, [base, head]] of sides) {
    const ids = [...new Set([...base.keys(), ...head.keys()])].filter((id) => (base.get(id)?.part ?? head.get(id)?.absent) !== (head.get(id)?.part ?? base.get(id)?.absent)).sort();
    const labels: [string, string][] = [];
    for (const id of ids) {
      if (moves.gone.has(objectKey(p, id))) continue;
      // An app-template release edited in place: the values changed are named, at their lines (its controllers are read).
      const [b, h] = [base.get(id), head.get(id)];
      // One added here (not moved from another file) is named the same way: its controllers are read as well (real repositories 41).
      const added = !b && !moves.arrived.has(objectKey(p, id));
      const named = h?.unread && (b?.unread || added) ? unreadValuesNotice(p, h, b?.unread ?? new Map(), h.unread) : undefined;
      if (named) {
        out.push(named);
        continue;
      }
      const label = (head.get(id) ?? base.get(id))!.label;
      const arrival = moves.arrived.get(objectKey(p, id));
      const said = arrival ? arrivalLabel(label, arrival, p) : label + (!head.has(id) ? ' (removed)' : !base.has(id) ? ' (added)' : '');
      if (said !== undefined) labels.push([id, said]);
    }
    if (labels.length === 0) continue;
    const line = head.get(labels[0][0])?.line ?? 1;
    const one = labels.length === 1;
    out.push({ code: 'OUTSIDE_TARGETS', message: `Not analysed: ${one ? 'a Helm release' : `${labels.length} Helm releases`} that reachdiff does not render changed in ${p}: ${listed(labels.map(([, l]) => l))}. What ${one ? 'it installs is' : 'they install is'} in no analysis (${HELM_CHARTS_DOCS})`, ref: { file: p, line } });
  }
  return out;
}

/** Values of an app-template release reachdiff names before it counts the rest. */
const NAMED_VALUES = 3;

/**
 * An app-template release whose unread values changed in `file`: the changed ones named (`values.networkpolicies.db`,
 * each at its line with why it is not read; one head no longer has, as removed), and what is analysed of the
 * release said, not "what it installs is in no analysis" (new-user trial 42: a `type: cilium` entry added beside
 * controllers and modelled entries, which are read). The notice's `what` is how the headline names it; undefined
 * when no named value differs (then the release's note says it whole).
 */
function unreadValuesNotice(file: string, head: HelmObject, before: ReadonlyMap<string, UnreadItem>, after: ReadonlyMap<string, UnreadItem>): Notice | undefined {
  const keys = [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k)?.text !== after.get(k)?.text).sort();
  if (keys.length === 0) return undefined;
  const said = keys.map((k) => {
    const now = after.get(k);
    return now ? `${k} (line ${now.line}: ${now.why})` : `${k} (removed; ${before.get(k)!.why})`;
  });
  const { named, more } = namedItems(keys, NAMED_VALUES);
  const line = keys.map((k) => after.get(k)?.line).find((l) => l !== undefined) ?? head.line;
  const what = `${named.join(', ')}${more > 0 ? ` and ${more} more` : ''} of ${head.label} (${file}:${line})`;
  const one = keys.length === 1;
  const message = `Not analysed: ${one ? 'a value' : `${keys.length} values`} of ${head.label} that reachdiff does not read changed in ${file}: ${firstAndMore(said, NAMED_VALUES)}. Its controllers and the values.networkpolicies entries reachdiff models are analysed; what the chart makes of ${one ? 'this value' : 'these values'} is in no analysis (${HELM_CHARTS_DOCS})`;
  return { code: 'OUTSIDE_TARGETS', message, ref: { file, line }, what };
}

/** One value of an app-template release reachdiff does not read (manifests/kinds/app-template.ts `appTemplateUnreadValues`): as JSON, its line, why. */
interface UnreadItem {
  readonly text: string;
  readonly line: number;
  readonly why: string;
}

interface HelmObject {
  readonly label: string;
  /** An app-template release's unread values by name (`values.networkpolicies.db`): a change to them is named in the note. */
  readonly unread?: ReadonlyMap<string, UnreadItem>;
  /** The Helm part reachdiff does not render, as JSON: a change to it is not analysed. */
  readonly part: string;
  readonly line: number;
  /** The part a side without the object is read as, when one is read at all: an app-template release's workloads are read (manifests/kinds/app-template.ts), so its adding or removal is analysed. */
  readonly absent?: string;
}

/**
 * A name as Flux applies it: its post-build variables (`${MY_APP}`) expanded (manifests/flux-variables.ts), where every
 * target reading the file gives it one and the same value; else as written (a variable without a value stays).
 */
function substituted(name: string, substitutes: readonly Readonly<Record<string, string>>[]): string {
  if (!name.includes('${') || substitutes.length === 0) return name;
  const names = new Set<string>();
  for (const values of substitutes) {
    const missing = new Set<string>();
    names.add(expandVariables(name, values, missing));
    if (missing.size > 0) return name;
  }
  return names.size === 1 ? [...names][0] : name;
}

/** `generated`: the ConfigMaps the file's kustomization generates (generator-values.ts `generatedConfigMapNames`), asked once when needed. */
function helmObjects(text: string | undefined, rendered: ReadonlySet<string>, generated: () => ReadonlySet<string>, substitutes: readonly Readonly<Record<string, string>>[]): Map<string, HelmObject> {
  const out = new Map<string, HelmObject>();
  if (text === undefined || !(text.includes(HELM_RELEASE) || (text.includes(ARGO) && /\b(helm|chart)\s*:/.test(text)))) return out;
  for (const doc of parseDocuments(text, 'kubectl', false)) {
    const v = doc.value;
    if (doc.error || !isObject(v) || typeof v.apiVersion !== 'string' || !isObject(v.metadata) || typeof v.metadata.name !== 'string') continue;
    const ns = typeof v.metadata.namespace === 'string' ? `${v.metadata.namespace}/` : '';
    const id = `${v.kind}/${ns}${v.metadata.name}`;
    if (v.kind === 'HelmRelease' && v.apiVersion.startsWith(HELM_RELEASE)) {
      // An app-template release's controllers are read from its values: only what that reader leaves unread counts.
      const label = `Flux HelmRelease ${substituted(`${ns}${v.metadata.name}`, substitutes)}`;
      if (isAppTemplateRelease(v)) {
        const lineOf = (value: unknown) => (value !== null && typeof value === 'object' ? doc.lines.get(value) : undefined) ?? documentLine(doc);
        const spec = withoutGeneratedValues(v.spec, generated);
        const unread = new Map([...appTemplateUnreadValues(spec)].map(([k, u]) => [k, { text: JSON.stringify(u.value), line: lineOf(u.value), why: u.why }] as const));
        out.set(id, { label, part: JSON.stringify(appTemplateUnread(spec)), line: documentLine(doc), absent: JSON.stringify({}), unread });
      }
      else out.set(id, { label, part: JSON.stringify(v.spec ?? null), line: documentLine(doc) });
    } else if (v.kind === 'Application' && v.apiVersion.startsWith(ARGO) && isObject(v.spec)) {
      const sources = applicationSources(v.spec);
      const parts = sources.flatMap((s) => {
        const helm = isObject(s.helm) ? s.helm : undefined;
        // A chart from a Helm repository: never rendered.
        if (typeof s.chart === 'string') return [s];
        if (!helm) return [];
        const folder = typeof s.path === 'string' ? s.path.replace(/^\.\/|\/$/g, '') : undefined;
        // A chart of this repository that was rendered: `helm template` was given its values files, inline values
        // and parameters as Argo CD gives them (helm-template-args.ts), so a change to them is in the verdict.
        if (folder !== undefined && rendered.has(folder)) return [];
        return [s];
      });
      if (parts.length) out.set(id, { label: `Argo CD Application ${ns}${v.metadata.name}`, part: JSON.stringify(parts), line: documentLine(doc) });
    }
  }
  return out;
}

/** Keys whose values are image coordinates: under `image`/`images`, or a `tag`/`digest` leaf. */
const IMAGE_KEYS = new Set(['image', 'images']);
const IMAGE_LEAVES = new Set(['tag', 'digest']);

/** Whether two values files differ only in image coordinates (both parse, same documents otherwise). */
function imagesOnly(base: string | undefined, head: string | undefined): boolean {
  if (base === undefined || head === undefined) return false;
  // Go-templated (helmfile's `{{ … }}`): what the parser reads is not what the template renders (a flow key `{{ x }}` reads the same whatever x is).
  if (base.includes('{{') || head.includes('{{')) return false;
  // Helm reads values files as YAML (JSON is YAML to it), whatever their name.
  const [b, h] = [base, head].map((t) => parseDocuments(t, 'yaml', false));
  if (b.length !== h.length || [...b, ...h].some((d) => d.error)) return false;
  return b.every((d, i) => sameBesidesImages(d.value, h[i].value, undefined));
}

function sameBesidesImages(x: unknown, y: unknown, key: string | undefined): boolean {
  if (key !== undefined && (IMAGE_KEYS.has(key) || (IMAGE_LEAVES.has(key) && !isObject(x) && !isObject(y)))) return true;
  if (isObject(x) && isObject(y)) {
    const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
    return [...keys].every((k) => sameBesidesImages(x[k], y[k], k));
  }
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => sameBesidesImages(v, y[i], undefined));
  return JSON.stringify(x) === JSON.stringify(y);
}

/** Paths as a note names them: five, and a count of the rest. */
const listed = (items: readonly string[]): string => firstAndMore(items, 5);
