/**
 * The controllers of a Flux `HelmRelease` (helm.toolkit.fluxcd.io) of bjw-s's `app-template` chart, read from
 * its `spec.values` as workloads. reachdiff renders no Helm chart; app-template is the one chart whose values
 * say, field by field, what pods it makes, and home-lab GitOps repositories deploy most apps with it (real-eval
 * 24: 34 of zhorvath83/home-ops's 60 releases). Read as not rendered, its pods were pods the manifests do not
 * hold, so a policy's opt-in labels (`defaultPodOptions.labels`) were unknown and a new policy read as closing
 * every label combination the other policies cut (d5e0d78ea: 1,224 paths "closed" for seerr pods without the
 * labels the real pods carry).
 *
 * What the chart makes, per enabled entry of `values.controllers` (the chart's common library, "controllers";
 * its pod metadata template, `lib/pod/metadata/_labels.tpl`, released versions 2 to 4):
 * - a Deployment (`type` absent or `deployment`), StatefulSet, DaemonSet, CronJob or Job;
 * - named `<release>` when it is the only controller, else `<release>-<identifier>` (unless the name already
 *   ends so), `forceRename` / `prefix` / `suffix` as written when they hold no template;
 * - pod labels: `app.kubernetes.io/name` (the release name, or `global.nameOverride`),
 *   `app.kubernetes.io/instance` (the release name), the controller's identifier under
 *   `app.kubernetes.io/controller` (chart 4 on; `app.kubernetes.io/component` before 4), then
 *   `global.labels` when `global.propagateGlobalMetadataToPods` is true, `defaultPodOptions.labels` and the
 *   controller's `pod.labels`, each key of a later map winning over an earlier (sprig `merge`, destination first);
 * - container ports as written under `containers.<name>.ports` (named ports for policies);
 * - `hostNetwork` from `pod.hostNetwork`, else `defaultPodOptions.hostNetwork`.
 * The release name is `spec.releaseName`, else `<targetNamespace>-<name>` with a `spec.targetNamespace`, else
 * the HelmRelease's name (Flux helm-controller); the pods' namespace `spec.targetNamespace`, else the
 * HelmRelease's. The chart's major version is read from `spec.chart.spec.version` (a range: its lower bound's);
 * a release whose `chartRef` names an OCIRepository or HelmChart writes none: it is read both as chart 4 (the
 * current one, what the document's model holds) and as chart 3 (`ChartRefRelease`), and the merge of the build's
 * documents picks the reading by the version the named source serves (kinds/chart-sources.ts,
 * manifests/chart-refs.ts). Chart 3 differs in what is read here in the controller label (above) and in the
 * controllers' names (`controllerNameChart3`: the controller's `nameOverride` appended, no `forceRename`,
 * `prefix`, `suffix`, `global.alwaysAppendIdentifierToResourceName`, nor lowercasing; common library 3.7,
 * `lib/controller/_valuesToObject.tpl`); ports, pod labels' other keys and hostNetwork are read the same. Chart 2
 * is read as chart 3 (its label is chart 3's; its default `main` objects are not read). A major outside 2 to 4
 * (chart 1, chart 5 on) is read as the nearest known one and said at its version's line (`unknownAppTemplateMajor`).
 *
 * A release is read so when its chart is `app-template` (`spec.chart.spec.chart`, or a `chartRef` named
 * `app-template`), or when a `chartRef` release's values hold controllers with containers (the chart's own
 * shape; repositories name one OCIRepository per app). Values from a ConfigMap of the same Kustomize build (a
 * `configMapGenerator`'s) are merged into `spec.values` before this reader sees the release
 * (manifests/helm-values-from.ts); the `valuesFrom` entries left (Secrets, ConfigMaps not in the build) and
 * `postRenderers` may change what is read: each is said at its line. Other objects the chart makes from
 * values (Services, `ciliumNetworkPolicies`, raw resources) are not read: said by the release's notice
 * (targets/helm-releases.ts). Its `networkpolicies` are read as the NetworkPolicies the chart makes
 * (kinds/app-template-policies.ts), but for the forms that module does not model, said likewise.
 */
import type { NamedPort, NetworkPolicy, Workload } from '../../engine/model.js';
import type { DocContext, Json } from '../context.js';
import { isObject } from '../context.js';
import type { SourceRef } from '../../engine/model.js';
import { POLICY_KIND_NAMES } from '../policy-kinds.js';
import { readNamedPorts } from './container-ports.js';
import { readLabelMap } from './labels.js';
import { emptiedValue } from '../emptied-values.js';
import { appTemplatePolicies, enabledEntry, enabledPolicyEntries, policyEntryUnmodelled } from './app-template-policies.js';
import { CHART_REF_KINDS } from './chart-sources.js';
import { rangeMajors } from '../version-ranges.js';

const HELM_RELEASE_GROUP = 'helm.toolkit.fluxcd.io/';

/**
 * The values' pod labels are pods' labels: one a Flux variable without a value emptied (an unread substituteFrom
 * object may hold it) is read as "" and said at its line, as a workload's own (emptied-values.ts).
 */
const POD_LABELS = { emptied: 'pods' } as const;

/** app-template's controller types and the kinds they make. */
const CONTROLLER_KINDS: Readonly<Record<string, string>> = { deployment: 'Deployment', statefulset: 'StatefulSet', daemonset: 'DaemonSet', cronjob: 'CronJob', job: 'Job' };

/** Whether `value` is a Flux HelmRelease whose chart is app-template, as this module reads it (see above). */
export function isAppTemplateRelease(value: Json): boolean {
  if (value.kind !== 'HelmRelease' || typeof value.apiVersion !== 'string' || !value.apiVersion.startsWith(HELM_RELEASE_GROUP)) return false;
  const spec = isObject(value.spec) ? value.spec : undefined;
  if (!spec) return false;
  const chart = isObject(spec.chart) && isObject(spec.chart.spec) ? spec.chart.spec : undefined;
  if (chart) return chart.chart === 'app-template' && !chartOneValues(spec);
  if (!isObject(spec.chartRef)) return false;
  if (spec.chartRef.name === 'app-template') return true;
  const values = isObject(spec.values) ? spec.values : undefined;
  const controllers = values && isObject(values.controllers) ? values.controllers : undefined;
  return controllers !== undefined && Object.values(controllers).some((c) => isObject(c) && isObject(c.containers));
}

/**
 * A release of app-template chart 1 (`spec.chart.spec.version` below 2) whose values hold no `controllers`: chart
 * 1's own values (one pod from top-level `image`, `controller`, `service`), which the chart 2 to 4 reader reads as
 * making nothing. Such a release is left unrendered, as any chart reachdiff does not render (its notice; a change
 * to it not analysed), not read as no workload at all (re40 larivierec cf01546dd: a new chart 1 app read as "No
 * change", its pods in no analysis, with only a warning).
 */
function chartOneValues(spec: Json): boolean {
  const major = chartMajor(spec)?.major;
  const values = isObject(spec.values) ? spec.values : {};
  return major !== undefined && major < KNOWN_MAJORS.first && !isObject(values.controllers);
}

/** What one app-template release makes: its workloads, the ids of those whose pods use the node's network, and the NetworkPolicies of its `networkpolicies` values. */
export interface AppTemplateRead {
  readonly workloads: Workload[];
  readonly hostNetwork: string[];
  readonly policies: NetworkPolicy[];
}

/** `spec.chart.spec.version` as written and its major (`4.1.1`, `^3.0`, `>=4.0.0`, `3.x`: a range's lower bound's); undefined when not written or unreadable. */
function chartMajor(spec: Json): { readonly major: number; readonly version: string; readonly holder: Json } | undefined {
  const chart = isObject(spec.chart) && isObject(spec.chart.spec) ? spec.chart.spec : undefined;
  const version = chart?.version;
  if (chart === undefined || (typeof version !== 'string' && typeof version !== 'number')) return undefined;
  const range = rangeMajors(String(version));
  const major = range?.lowest ?? (range && Number.isFinite(range.highest) ? range.highest : undefined);
  return major === undefined ? undefined : { major, version: String(version), holder: chart };
}

/** The values' shape a chart major is read as: 4 from chart 4 on, else 3 (chart 2's label is chart 3's). */
export function appTemplateShape(major: number): 3 | 4 {
  return major >= 4 ? 4 : 3;
}

/** The app-template majors this module reads (see above): chart 2 to chart 4. */
const KNOWN_MAJORS = { first: 2, last: 4 } as const;

/**
 * For a chart major this module does not know (chart 1, which wrote other values; chart 5 on, released after
 * this reader): the known major nearest it, which it is read as, and what is said of it after the major (`a major
 * reachdiff does not know (it reads charts 2 to 4)`); undefined for a known major.
 */
export function unknownAppTemplateMajor(major: number): { readonly nearest: number; readonly note: string } | undefined {
  if (major >= KNOWN_MAJORS.first && major <= KNOWN_MAJORS.last) return undefined;
  const nearest = major < KNOWN_MAJORS.first ? KNOWN_MAJORS.first : KNOWN_MAJORS.last;
  return { nearest, note: `a major reachdiff does not know (it reads charts ${KNOWN_MAJORS.first} to ${KNOWN_MAJORS.last})` };
}

/** What reading an unknown major as `nearest` may change, said after the reading. */
export const UNKNOWN_MAJOR_EFFECT = "so the pods' labels and the workloads' names may differ from what the chart makes";

/** The source an app-template release's `spec.chartRef` names (kind OCIRepository or HelmChart; namespace the release's unless written), when it has no `spec.chart`. */
export interface AppTemplateChartRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** `spec.chartRef` of the release `obj` (applied in `namespace`) when it names a source of a chart version (kinds/chart-sources.ts); else undefined. */
export function appTemplateChartRef(obj: Json, namespace: string): AppTemplateChartRef | undefined {
  const spec = isObject(obj.spec) ? obj.spec : undefined;
  if (!spec || (isObject(spec.chart) && isObject(spec.chart.spec)) || !isObject(spec.chartRef)) return undefined;
  const { kind, name } = spec.chartRef;
  if (typeof kind !== 'string' || !CHART_REF_KINDS.has(kind) || typeof name !== 'string' || name === '') return undefined;
  const ns = typeof spec.chartRef.namespace === 'string' && spec.chartRef.namespace !== '' ? spec.chartRef.namespace : namespace;
  return { kind, namespace: ns, name };
}

/**
 * A Flux HelmRelease's object key, `HelmRelease/namespace/name`: the `madeBy` of the workloads it installs, and
 * what names a release elsewhere (chart-refs.ts, load.ts `unreadReleases`, analysis/unrendered-releases.ts).
 */
export function helmReleaseKey(namespace: string, name: string): string {
  return `HelmRelease/${namespace}/${name}`;
}

/**
 * An app-template release whose chart version is its `chartRef` source's: its reading as chart 4 (in its
 * document's model) and as chart 3, for the merge to pick (manifests/chart-refs.ts).
 */
export interface ChartRefRelease {
  /** `HelmRelease/namespace/name`: the release's object key (its workloads' `madeBy`). */
  readonly key: string;
  /** `HelmRelease namespace/name`, for messages. */
  readonly owner: string;
  readonly source: AppTemplateChartRef;
  /** The `spec.chartRef` line. */
  readonly ref: SourceRef;
  readonly asChart4: AppTemplateRead;
  readonly asChart3: AppTemplateRead;
}

/** A string without a Go template (`{{ … }}`), which this reader cannot expand. */
function plain(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' && !v.includes('{{') ? v : undefined;
}

/** Helm's `trunc 63 | trimSuffix "-"`. */
function trimmed(name: string): string {
  const cut = name.slice(0, 63);
  return cut.endsWith('-') ? cut.slice(0, -1) : cut;
}

/**
 * The workloads the app-template release `obj` (named `name`, in `namespace` as placed) makes. Warnings for
 * what may change them and this reader does not apply (`valuesFrom`, `postRenderers`, a controller type it
 * does not know, a template in a name) are said at their lines. `major`: the chart's major version, when known
 * otherwise than from `spec.chart.spec.version` (a chartRef's source); else that, else 4.
 */
export function appTemplateWorkloads(ctx: DocContext, obj: Json, namespace: string, name: string, major?: number): AppTemplateRead {
  const ref = ctx.ref(obj);
  const spec = isObject(obj.spec) ? obj.spec : {};
  const owner = `HelmRelease ${namespace}/${name}`;
  const values = isObject(spec.values) ? spec.values : undefined;
  if (spec.valuesFrom !== undefined && spec.valuesFrom !== null) {
    ctx.report('warning', 'UNSUPPORTED_FIELD', `${owner}: spec.valuesFrom is not read (values in ConfigMaps or Secrets); its app-template controllers are read from spec.values alone, so their pod labels and ports may differ`, ctx.keyRef(spec, 'valuesFrom', ref));
  }
  if (values) reportUnreadPolicies(ctx, values, owner, ref);
  if (spec.postRenderers !== undefined && spec.postRenderers !== null) {
    ctx.report('warning', 'UNSUPPORTED_FIELD', `${owner}: spec.postRenderers are not applied; its app-template controllers are read as the chart makes them`, ctx.keyRef(spec, 'postRenderers', ref));
  }
  const out: AppTemplateRead = { workloads: [], hostNetwork: [], policies: [] };
  if (!values) return out;
  // No controllers: the names still hold for the policies the values make.
  const controllers = isObject(values.controllers) ? values.controllers : {};
  // A value a Flux variable without a value emptied (an unread substituteFrom object may hold it): read as the
  // empty value Flux leaves here, and said at its line with what that reading makes (emptied-values.ts). Only an
  // empty value is looked up: in a plain file the key's line costs a second parse.
  const emptied = (holder: Json, key: string, label: string, meaning: string): void => {
    if ((holder[key] === null || holder[key] === '') && ctx.emptied(holder, key) !== undefined) emptiedValue(ctx, holder, key, holder[key], `${owner}: ${label}`, meaning, ctx.keyRef(holder, key, ctx.ref(holder, ref)));
  };
  const targetNamespace = plain(spec.targetNamespace);
  const podNamespace = targetNamespace ?? namespace;
  emptied(spec, 'targetNamespace', 'spec.targetNamespace', `its pods are read in the release's namespace ${namespace}`);
  const release = plain(spec.releaseName) ?? (targetNamespace ? `${targetNamespace}-${name}` : name);
  emptied(spec, 'releaseName', 'spec.releaseName', `the release is read as ${release}, so its pods' app.kubernetes.io/instance label and its workloads' names may differ`);
  const global = isObject(values.global) ? values.global : {};
  const appName = trimmed(plain(global.nameOverride) ?? release);
  emptied(global, 'nameOverride', 'values.global.nameOverride', `read as not set: its pods' app.kubernetes.io/name label is read as ${appName}`);
  const fullName = trimmed(plain(global.fullnameOverride) ?? plain(values.fullnameOverride) ?? (release.includes(appName) ? release : `${release}-${appName}`));
  emptied(global, 'fullnameOverride', 'values.global.fullnameOverride', `read as not set: its workloads are named from ${fullName}`);
  emptied(values, 'fullnameOverride', 'values.fullnameOverride', `read as not set: its workloads are named from ${fullName}`);
  const written = major === undefined ? chartMajor(spec) : undefined;
  const unknown = written && unknownAppTemplateMajor(written.major);
  if (written && unknown) {
    ctx.report('warning', 'UNSUPPORTED_FIELD', `${owner}: app-template chart ${written.major} (spec.chart.spec.version ${written.version}) is ${unknown.note}: read as chart ${unknown.nearest}, the nearest it knows, ${UNKNOWN_MAJOR_EFFECT}`, ctx.keyRef(written.holder, 'version', ctx.ref(written.holder, ref)));
  }
  const shape = appTemplateShape(unknown?.nearest ?? major ?? written?.major ?? 4);
  const controllerKey = shape === 4 ? 'app.kubernetes.io/controller' : 'app.kubernetes.io/component';
  const objectName = shape === 4 ? controllerName : controllerNameChart3;
  const defaults = isObject(values.defaultPodOptions) ? values.defaultPodOptions : {};
  const labelsRef = (holder: Json) => ctx.fieldRef(holder, 'labels', ctx.ref(holder, ref));
  const globalLabels = global.propagateGlobalMetadataToPods === true ? readLabelMap(ctx, global.labels, `${owner}: values.global.labels`, labelsRef(global), POD_LABELS).labels : {};
  const defaultLabels = readLabelMap(ctx, defaults.labels, `${owner}: values.defaultPodOptions.labels`, labelsRef(defaults), POD_LABELS).labels;
  emptied(defaults, 'hostNetwork', 'values.defaultPodOptions.hostNetwork', "read as not set: pods without their own hostNetwork are read off the node's network");
  for (const [id, c] of Object.entries(controllers)) if (isObject(c)) emptied(c, 'enabled', `values.controllers.${id}.enabled`, 'the controller is read as disabled (an empty value is false to the chart): its pods are not analysed');
  const enabled = Object.entries(controllers).filter(([, c]) => isObject(c) && enabledEntry(c));
  const alwaysAppend = shape === 4 && global.alwaysAppendIdentifierToResourceName === true;
  const appendId = enabled.length > 1 || alwaysAppend;
  for (const [id, raw] of enabled) {
    const c = raw as Json;
    // The controller's own map (its first field's line): kept by rendered objects too, and no second parse for key lines.
    const at = ctx.ref(c, ref);
    // Not set, or empty (the chart's `default` reads "" as not set): a deployment.
    emptied(c, 'type', `values.controllers.${id}.type`, 'read as not set: the controller is read as a deployment');
    const type = c.type === undefined || c.type === null || c.type === '' ? 'deployment' : c.type;
    const kind = typeof type === 'string' ? CONTROLLER_KINDS[type] : undefined;
    if (!kind) {
      ctx.report('warning', 'UNSUPPORTED_FIELD', `${owner}: values.controllers.${id}.type ${JSON.stringify(type)} is not a controller type app-template makes (deployment, statefulset, daemonset, cronjob, job); not read`, at);
      continue;
    }
    const pod = isObject(c.pod) ? c.pod : {};
    const podLabels = readLabelMap(ctx, pod.labels, `${owner}: values.controllers.${id}.pod.labels`, labelsRef(pod), POD_LABELS).labels;
    const labels: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, { [controllerKey]: id }, globalLabels, { 'app.kubernetes.io/name': appName, 'app.kubernetes.io/instance': release }, defaultLabels, podLabels);
    const workloadName = objectName(c, id, fullName, appendId);
    for (const key of shape === 4 ? ['forceRename', 'prefix', 'suffix'] : ['nameOverride']) emptied(c, key, `values.controllers.${id}.${key}`, `read as not set: the workload is named ${workloadName}`);
    const where = `${kind} ${podNamespace}/${workloadName} (app-template controller ${id} of ${owner})`;
    if (isObject(c.containers)) for (const [name, x] of Object.entries(c.containers)) if (isObject(x)) emptied(x, 'enabled', `values.controllers.${id}.containers.${name}.enabled`, 'the container is read as enabled, with its ports');
    const containers = isObject(c.containers) ? Object.values(c.containers).filter((x) => isObject(x) && x.enabled !== false) : [];
    const namedPorts: NamedPort[] = readNamedPorts(ctx, { containers }, where);
    const workload: Workload = { id: `${podNamespace}/${workloadName}[${kind}]`, namespace: podNamespace, name: workloadName, kind, podLabels: labels, namedPorts, ref: at, madeBy: helmReleaseKey(namespace, name) };
    out.workloads.push(workload);
    emptied(pod, 'hostNetwork', `values.controllers.${id}.pod.hostNetwork`, `read as not set: the pods are read ${defaults.hostNetwork === true ? 'on' : 'off'} the node's network`);
    const host = typeof pod.hostNetwork === 'boolean' ? pod.hostNetwork : defaults.hostNetwork === true;
    if (host) out.hostNetwork.push(workload.id);
  }
  const names = { owner, namespace: podNamespace, appName, release, fullName, controllerKey, alwaysAppend, objectName };
  out.policies.push(...appTemplatePolicies(ctx, values, names));
  return out;
}

/**
 * Chart 3's name of a controller's (or NetworkPolicy's) object (common library 3.7, `lib/controller/_valuesToObject.tpl`):
 * `<fullname>-<nameOverride>` when the entry writes a `nameOverride` other than the full name, else `<fullname>-<id>`
 * when more than one entry is enabled and the id is not the full name, else the full name.
 */
function controllerNameChart3(c: Json, id: string, fullName: string, appendId: boolean): string {
  const override = plain(c.nameOverride);
  if (override) return override === fullName ? fullName : `${fullName}-${override}`;
  return appendId && fullName !== id ? `${fullName}-${id}` : fullName;
}

/** The controller object's name (the library's `determineResourceNameFromValues`, chart 4), lowercased as it does. */
function controllerName(c: Json, id: string, fullName: string, appendId: boolean): string {
  const forced = plain(c.forceRename);
  if (forced) return forced.toLowerCase();
  let name = fullName;
  const prefix = plain(c.prefix);
  if (prefix && prefix !== name) name = `${prefix}-${name}`;
  if (appendId && !name.endsWith(`-${id}`) && name !== id) name = `${name}-${id}`;
  const suffix = plain(c.suffix);
  if (suffix && !name.endsWith(`-${suffix}`)) name = `${name}-${suffix}`;
  return name.toLowerCase();
}

/** app-template values that make objects that may be policies (`networkpolicies`: read but for the forms kinds/app-template-policies.ts does not model). */
export const APP_TEMPLATE_POLICY_VALUES = ['networkpolicies', 'ciliumNetworkPolicies', 'rawResources'] as const;

/**
 * What of an app-template release's spec this reader leaves unread and may change what is analysed: the
 * non-empty `values` maps of `APP_TEMPLATE_POLICY_VALUES` (of `networkpolicies`, only the enabled entries
 * kinds/app-template-policies.ts does not model), `valuesFrom` and `postRenderers`, by name (as
 * `values.networkpolicies`, `spec.valuesFrom`). A change to the rest of the spec is read or changes no path.
 */
export function appTemplateUnread(spec: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!isObject(spec)) return out;
  const values = isObject(spec.values) ? spec.values : {};
  for (const k of APP_TEMPLATE_POLICY_VALUES) {
    const v = k === 'networkpolicies' ? Object.fromEntries(enabledPolicyEntries(values).filter(([, e]) => policyEntryUnmodelled(values, e) !== undefined)) : values[k];
    if (isObject(v) && Object.keys(v).length > 0) out[`values.${k}`] = v;
  }
  for (const k of ['valuesFrom', 'postRenderers']) if (spec[k] !== undefined && spec[k] !== null) out[`spec.${k}`] = spec[k];
  return out;
}

/** One value `appTemplateUnread` names, by entry: what it is (`value`: the entry as written) and why it is not read. */
export interface UnreadValue {
  readonly value: unknown;
  /** `has type "cilium", which makes a policy of another kind`; `makes a CiliumNetworkPolicy`; `values from other objects`. */
  readonly why: string;
}

/**
 * `appTemplateUnread` by entry, for a note that names what changed (`values.networkpolicies.db`,
 * `values.rawResources.deny`, `spec.valuesFrom`) and why reachdiff does not read it. Pure.
 */
export function appTemplateUnreadValues(spec: unknown): Map<string, UnreadValue> {
  const out = new Map<string, UnreadValue>();
  if (!isObject(spec)) return out;
  const values = isObject(spec.values) ? spec.values : {};
  for (const [id, e] of enabledPolicyEntries(values)) {
    const why = policyEntryUnmodelled(values, e);
    if (why !== undefined) out.set(`values.networkpolicies.${id}`, { value: e, why });
  }
  for (const key of ['ciliumNetworkPolicies', 'rawResources'] as const) {
    const holder = values[key];
    if (!isObject(holder)) continue;
    for (const [id, e] of Object.entries(holder)) {
      const manifest = isObject(e) && isObject(e.manifest) ? e.manifest : isObject(e) ? e : {};
      const kind = key === 'ciliumNetworkPolicies' ? 'CiliumNetworkPolicy' : typeof manifest.kind === 'string' ? manifest.kind : undefined;
      out.set(`values.${key}.${id}`, { value: e, why: kind ? `makes a ${kind}, which reachdiff does not read from app-template values` : 'makes an object reachdiff does not read from app-template values' });
    }
  }
  if (spec.valuesFrom !== undefined && spec.valuesFrom !== null) out.set('spec.valuesFrom', { value: spec.valuesFrom, why: 'values from other objects, which reachdiff does not read' });
  if (spec.postRenderers !== undefined && spec.postRenderers !== null) out.set('spec.postRenderers', { value: spec.postRenderers, why: 'post-renderers, which reachdiff does not run' });
  return out;
}

/**
 * The namespace a Flux HelmRelease `value` (of any chart) installs its pods in: `spec.targetNamespace`, else
 * where the release itself goes (`namespace`, as placed). Undefined for another object.
 */
export function helmReleasePodNamespace(value: Json, namespace: string): string | undefined {
  if (value.kind !== 'HelmRelease' || typeof value.apiVersion !== 'string' || !value.apiVersion.startsWith(HELM_RELEASE_GROUP)) return undefined;
  const spec = isObject(value.spec) ? value.spec : {};
  return plain(spec.targetNamespace) ?? namespace;
}

/**
 * The entries of `values.ciliumNetworkPolicies` (each a CiliumNetworkPolicy: the chart's common library,
 * `render/_ciliumNetworkPolicies.tpl`) and of `values.rawResources` whose kind (`manifest.kind`, in older
 * charts `kind`; `classes/_rawResource.tpl`) is a policy kind: the chart makes them and this reader does not,
 * so each enabled one (`enabled` absent is true, as the chart's `enabled…` helpers read it) is said at its
 * line. As a warning of the release's document every command says it (`explain`, `lint`, `list`), where the
 * release's notice (targets/helm-releases.ts) reaches `diff` alone (new-user trial 42, finding 1).
 */
function reportUnreadPolicies(ctx: DocContext, values: Json, owner: string, ref: SourceRef): void {
  for (const key of ['ciliumNetworkPolicies', 'rawResources'] as const) {
    const holder = values[key];
    if (!isObject(holder)) continue;
    for (const [id, entry] of Object.entries(holder)) {
      if (!isObject(entry) || entry.enabled === false || entry.enabled === null || entry.enabled === 0 || entry.enabled === '') continue;
      const manifest = isObject(entry.manifest) ? entry.manifest : entry;
      const kind = key === 'ciliumNetworkPolicies' ? 'CiliumNetworkPolicy' : typeof manifest.kind === 'string' && POLICY_KIND_NAMES.includes(manifest.kind) ? manifest.kind : undefined;
      if (kind === undefined) continue;
      ctx.report('warning', 'UNSUPPORTED_FIELD', `${owner}: values.${key}.${id} makes a ${kind}, which reachdiff does not read from app-template values; it is not analysed`, ctx.ref(entry, ctx.keyRef(holder, id, ref)));
    }
  }
}
