/**
 * Whether Cilium enforces policies at all. Two agent settings decide it (docs.cilium.io, *Policy Enforcement
 * Modes* and *Creating Policies from Verdicts*): the policy enforcement mode (`enable-policy` in the
 * `cilium-config` ConfigMap, Helm value `policyEnforcementMode`: `default` — a pod is default-deny in a
 * direction once a policy selects it that way; `always` — every pod is, selected or not; `never` — no
 * policy is enforced) and policy audit mode (`policy-audit-mode`, Helm `policyAuditMode`: every policy is
 * evaluated and logged, no traffic is dropped).
 *
 * reachdiff analyses every side as Cilium's `default` mode without audit. So a pull request that turns
 * audit mode off (or `never` to `default`) closes, in the live cluster, every path the policies do not
 * allow, and read "No change": each such change of a file is an `OUTSIDE_TARGETS` notice at the setting's
 * line ("Not analysed: …", the check `neutral`); and a repository whose head runs in audit mode, `never`
 * or `always` gets a `CILIUM_ENFORCEMENT` note saying what the reported paths then mean.
 *
 * A third setting decides what a policy's `enableDefaultDeny: false` does: `enable-non-default-deny-policies`
 * (Helm `enableNonDefaultDenyPolicies`, default true). Set false, Cilium ignores the field and every policy
 * makes the pods it selects default-deny as one without it does (Cilium `pkg/policy`, the rule's default-deny
 * evaluation: both directions' default deny on). reachdiff reads the field as written (a policy that sets it
 * isolates nobody that way), so a change of the setting is not analysed (`OUTSIDE_TARGETS`) and a head that
 * sets it false, with a policy writing `enableDefaultDeny`, gets a `CILIUM_ENFORCEMENT` note.
 *
 * Where the settings are read: the `cilium-config` ConfigMap (plain or rendered manifests), and the Cilium
 * chart's Helm values — a kustomization's `helmCharts` entry named `cilium` (`valuesInline`, and the values
 * files it names), a Flux `HelmRelease` of chart `cilium` (`spec.values`), an Argo CD `Application` with a
 * `cilium` chart source (`helm.valuesObject`, `helm.values`, `helm.parameters`), and a values file named
 * by such an entry or kept in a folder named for Cilium.
 */
import type { SourceRef } from '../engine/model.js';
import { isObject } from '../manifests/context.js';
import type { Json } from '../manifests/context.js';
import { KeyLines } from '../manifests/key-lines.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import type { ParsedDocument } from '../manifests/yaml-documents.js';
import { isKustomizationPath } from '../kustomize/file-set.js';
import type { Text } from './kustomizations-naming.js';
import { kustomizationsNaming } from './kustomizations-naming.js';
import type { Notice } from './types.js';
import { applicationSources } from '../manifests/kinds/chart-applications.js';
import { dirOf, joinPath } from '../util/repo-paths.js';

/** What Cilium enforces: nothing (audit mode or `never`), selected pods (`default`), or every pod (`always`). */
export type Enforcement = 'none' | 'default' | 'always';

/** One written setting: `key` as the source spells it (`policyAuditMode`, `enable-policy` …). */
export interface CiliumSetting {
  readonly kind: 'audit' | 'mode' | 'nonDefaultDeny';
  readonly key: string;
  /** Lower case: `true`/`false` for audit and nonDefaultDeny, `default`/`always`/`never` for the mode. */
  readonly value: string;
  /** Where it is written: `ConfigMap kube-system/cilium-config`, `Helm values of the cilium chart` … */
  readonly source: string;
  readonly ref: SourceRef;
}

const HELM_KEYS: Readonly<Record<string, CiliumSetting['kind']>> = { policyAuditMode: 'audit', policyEnforcementMode: 'mode', enableNonDefaultDenyPolicies: 'nonDefaultDeny' };
const CONFIG_KEYS: Readonly<Record<string, CiliumSetting['kind']>> = { 'policy-audit-mode': 'audit', 'enable-policy': 'mode', 'enable-non-default-deny-policies': 'nonDefaultDeny' };

/** A cheap test before parsing: the text names one of the settings or the ConfigMap. */
function mayHold(text: string | undefined): text is string {
  return text !== undefined && (text.includes('olicyAuditMode') || text.includes('olicyEnforcementMode') || text.includes('onDefaultDenyPolicies') || text.includes('cilium-config'));
}

/** The enforcement `settings` make, Cilium's defaults for what they leave out; the settings that decide it first. */
export function enforcementOf(settings: readonly CiliumSetting[]): { readonly enforcement: Enforcement; readonly deciding: readonly CiliumSetting[] } {
  // Of several copies of one setting the last read wins (a values file, then inline values over it).
  const last = (kind: CiliumSetting['kind']) => [...settings].reverse().find((s) => s.kind === kind);
  const audit = last('audit');
  const mode = last('mode');
  if (mode?.value === 'never') return { enforcement: 'none', deciding: [mode] };
  if (audit?.value === 'true') return { enforcement: 'none', deciding: [audit] };
  if (mode?.value === 'always') return { enforcement: 'always', deciding: [mode] };
  return { enforcement: 'default', deciding: [mode, audit].filter((s): s is CiliumSetting => s !== undefined) };
}

/** The last `enableNonDefaultDenyPolicies` setting of `settings` when it is false (Cilium then ignores `enableDefaultDeny: false`). */
export function nonDefaultDenyOff(settings: readonly CiliumSetting[]): CiliumSetting | undefined {
  const last = [...settings].reverse().find((s) => s.kind === 'nonDefaultDeny');
  return last?.value === 'false' ? last : undefined;
}

/**
 * The Cilium settings written in one file. `ciliumValues`: the file is a values file of the Cilium chart
 * (its top-level keys are Helm values). Documents that do not parse hold none.
 */
export function ciliumSettings(path: string, text: string | undefined, ciliumValues: boolean): CiliumSetting[] {
  if (!mayHold(text)) return [];
  const out: CiliumSetting[] = [];
  for (const doc of parseDocuments(text, 'kubectl', false)) {
    const v = doc.value;
    if (doc.error || !isObject(v)) continue;
    const lines = new KeyLines(doc.text, v);
    const at = (node: object, key: string): SourceRef => ({ file: path, line: doc.startLine - 1 + (lines.keyLine(node, key) ?? lineOf(doc, node)) });
    const fromValues = (values: unknown, source: string, where: (key: string) => SourceRef) => {
      if (!isObject(values)) return;
      for (const [key, kind] of Object.entries(HELM_KEYS)) {
        const value = scalar(values[key]);
        if (value !== undefined) out.push({ kind, key, value, source, ref: where(key) });
      }
      // Charts before Cilium 1.9 kept the agent's values under `global:` (`global.policyAuditMode`).
      const legacy = values.global;
      if (isObject(legacy)) {
        for (const [key, kind] of Object.entries(HELM_KEYS)) {
          const value = scalar(legacy[key]);
          if (value !== undefined) out.push({ kind, key: `global.${key}`, value, source, ref: at(legacy, key) });
        }
      }
    };
    const kind = typeof v.kind === 'string' ? v.kind : undefined;
    const apiVersion = typeof v.apiVersion === 'string' ? v.apiVersion : '';
    const meta = isObject(v.metadata) ? v.metadata : {};
    const name = typeof meta.name === 'string' ? meta.name : '';
    const ns = typeof meta.namespace === 'string' ? `${meta.namespace}/` : '';
    if (kind === 'ConfigMap' && name === 'cilium-config' && isObject(v.data)) {
      const data = v.data;
      for (const [key, k] of Object.entries(CONFIG_KEYS)) {
        const value = scalar(data[key]);
        if (value !== undefined) out.push({ kind: k, key, value, source: `ConfigMap ${ns}cilium-config`, ref: at(data, key) });
      }
    } else if (isKustomizationPath(path) && Array.isArray(v.helmCharts)) {
      for (const chart of v.helmCharts.filter(isObject)) {
        if (chart.name !== 'cilium' || !isObject(chart.valuesInline)) continue;
        const inline = chart.valuesInline;
        fromValues(inline, 'valuesInline of the cilium chart', (key) => at(inline, key));
      }
    } else if (kind === 'HelmRelease' && apiVersion.startsWith('helm.toolkit.fluxcd.io/') && isObject(v.spec) && isCiliumRelease(v.spec, name)) {
      const values = v.spec.values;
      if (isObject(values)) fromValues(values, `values of Flux HelmRelease ${ns}${name}`, (key) => at(values, key));
    } else if (kind === 'Application' && apiVersion.startsWith('argoproj.io/') && isObject(v.spec)) {
      const spec = v.spec;
      const sources = applicationSources(spec);
      for (const s of sources) {
        if (s.chart !== 'cilium' || !isObject(s.helm)) continue;
        const helm = s.helm;
        const source = `Helm values of Argo CD Application ${ns}${name}`;
        if (isObject(helm.valuesObject)) {
          const values = helm.valuesObject;
          fromValues(values, source, (key) => at(values, key));
        }
        // `helm.values` is a YAML string: its settings are said at the `values` key.
        if (typeof helm.values === 'string') {
          const parsed = parseDocuments(helm.values, 'yaml', false)[0];
          if (parsed && !parsed.error) fromValues(parsed.value, source, () => at(helm, 'values'));
        }
        if (Array.isArray(helm.parameters)) {
          for (const p of helm.parameters.filter(isObject)) {
            const kind = typeof p.name === 'string' ? HELM_KEYS[p.name] : undefined;
            const value = scalar(p.value);
            if (kind && value !== undefined) out.push({ kind, key: String(p.name), value, source, ref: { file: path, line: lineOf(doc, p) } });
          }
        }
      }
    } else if (ciliumValues && kind === undefined && v.apiVersion === undefined) {
      fromValues(v, 'Helm values of the cilium chart', (key) => at(v, key));
    }
  }
  return out;
}

/** A HelmRelease of the cilium chart (`spec.chart.spec.chart`, or `spec.chartRef` / the release named for it). */
function isCiliumRelease(spec: Json, name: string): boolean {
  const chart = isObject(spec.chart) && isObject(spec.chart.spec) ? spec.chart.spec.chart : undefined;
  if (typeof chart === 'string') return chart === 'cilium' || chart.endsWith('/cilium');
  const ref = isObject(spec.chartRef) && typeof spec.chartRef.name === 'string' ? spec.chartRef.name : name;
  return ref === 'cilium' || ref.startsWith('cilium-') || ref.endsWith('-cilium');
}

/** A setting's value, lower case; undefined for anything but a string, boolean or number. */
function scalar(v: unknown): string | undefined {
  return typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number' ? String(v).trim().toLowerCase() : undefined;
}

function lineOf(doc: ParsedDocument, node: object): number {
  return doc.lines.get(node) ?? doc.startLine;
}

/** Values files the `helmCharts` entries named `cilium` of these kustomizations name (repository paths). */
function ciliumValuesFiles(kustomizations: readonly string[], texts: readonly Text[]): Set<string> {
  const out = new Set<string>();
  for (const file of kustomizations) {
    for (const read of texts) {
      const text = read(file);
      if (text === undefined || !text.includes('cilium')) continue;
      for (const doc of parseDocuments(text, 'yaml', false)) {
        if (doc.error || !isObject(doc.value) || !Array.isArray(doc.value.helmCharts)) continue;
        for (const chart of doc.value.helmCharts.filter(isObject)) {
          if (chart.name !== 'cilium') continue;
          const named = [chart.valuesFile, ...(Array.isArray(chart.additionalValuesFiles) ? chart.additionalValuesFiles : [])].filter((f): f is string => typeof f === 'string');
          for (const f of named) {
            const p = joinPath(dirOf(file), f);
            if (p !== undefined) out.add(p);
          }
        }
      }
    }
  }
  return out;
}

/** A path with a folder or file named for Cilium. */
const CILIUM_PATH = /cilium/i;

/** A values file of the Cilium chart: one a `cilium` helmCharts entry names, or a values file in a folder named for Cilium. */
function valuesTest(named: ReadonlySet<string>): (path: string) => boolean {
  return (p) => named.has(p) || (/(^|\/)[^/]*values[^/]*\.ya?ml$/i.test(p) && /(^|\/)cilium[^/]*\//i.test(p));
}

const MEANING: Readonly<Record<`${Enforcement}>${Enforcement}`, string>> = {
  'default>none': 'Cilium then drops nothing: every path its policies deny opens',
  'always>none': 'Cilium then drops nothing: every path its policies deny opens',
  'none>default': 'Cilium dropped nothing and now enforces every policy: every path the policies do not allow closes',
  'none>always': 'Cilium dropped nothing and now makes every pod default-deny, selected by a policy or not: every path no policy allows closes',
  'default>always': 'every pod becomes default-deny both ways, even one no policy selects: the paths of such pods close',
  'always>default': 'a pod no policy selects is open again: the paths of such pods open',
  'none>none': '',
  'default>default': '',
  'always>always': '',
};

/**
 * `changed`: changed paths; `texts`: base's and head's reader. One `OUTSIDE_TARGETS` notice per changed file
 * whose Cilium settings change what Cilium enforces, at the head's (else base's) setting line.
 */
export function ciliumEnforcementNotices(changed: ReadonlySet<string>, texts: readonly [Text, Text]): Notice[] {
  const paths = [...changed].sort();
  const candidates = paths.filter((p) => texts.some((read) => mayHold(read(p))));
  if (candidates.length === 0) return [];
  const isValues = valuesTest(ciliumValuesFiles(kustomizationsNaming(candidates, texts, ['helmCharts']), texts));
  const out: Notice[] = [];
  for (const p of candidates) {
    const [base, head] = texts.map((read) => ciliumSettings(p, read(p), isValues(p)));
    if (base.length === 0 && head.length === 0) continue;
    const [offBefore, offAfter] = [nonDefaultDenyOff(base), nonDefaultDenyOff(head)];
    if (Boolean(offBefore) !== Boolean(offAfter)) {
      const s = (offAfter ?? offBefore)!;
      const meaning = offAfter
        ? "Cilium now ignores enableDefaultDeny: false: a policy that sets it makes the pods it selects default-deny, and the paths it does not allow close"
        : 'Cilium now honours enableDefaultDeny: false: a policy that sets it no longer makes the pods it selects default-deny, and the paths only its isolation denied open';
      out.push({
        code: 'OUTSIDE_TARGETS',
        message: `Not analysed: Cilium's reading of enableDefaultDeny changes in ${p} (${s.key} ${offBefore ? 'false' : (base.filter((b) => b.key === s.key).pop()?.value ?? 'unset')} → ${offAfter ? 'false' : (head.filter((h) => h.key === s.key).pop()?.value ?? 'unset')}, ${s.source}): ${meaning}. reachdiff reads enableDefaultDeny as written on both sides, so those paths are not among the ones reported`,
        ref: offAfter ? offAfter.ref : (head.filter((h) => h.kind === 'nonDefaultDeny').pop()?.ref ?? { file: p, line: 1 }),
      });
    }
    const from = enforcementOf(base);
    const to = enforcementOf(head);
    if (from.enforcement === to.enforcement) continue;
    const shown = (to.deciding.length ? to.deciding : from.deciding)[0];
    const before = (s: CiliumSetting) => base.filter((b) => b.key === s.key).pop()?.value ?? 'unset';
    const after = (s: CiliumSetting) => head.filter((h) => h.key === s.key).pop()?.value ?? 'unset';
    // The settings that decide either side, those whose value this file changes.
    const keys = [...new Map([...from.deciding, ...to.deciding].map((s) => [s.key, s])).values()].filter((s) => before(s) !== after(s));
    const steps = keys.map((s) => `${s.key} ${before(s)} → ${after(s)}`).join(', ');
    out.push({
      code: 'OUTSIDE_TARGETS',
      message: `Not analysed: Cilium's policy enforcement changes in ${p} (${steps}, ${shown.source}): ${MEANING[`${from.enforcement}>${to.enforcement}`]}. reachdiff analyses both sides as enforced in Cilium's default mode, so those paths are not among the ones reported`,
      ref: to.deciding.length ? to.deciding[0].ref : { file: p, line: 1 },
    });
  }
  return out;
}

/**
 * A `CILIUM_ENFORCEMENT` note when head's files set `enableNonDefaultDenyPolicies` false and a file writes
 * `enableDefaultDeny` (a policy that may set it false): Cilium then isolates the pods such a policy selects,
 * reachdiff does not. Read like `ciliumEnforcementNote`.
 */
export function ciliumNonDefaultDenyNote(files: Iterable<{ readonly path: string; readonly text: string }>, settings?: readonly CiliumSetting[]): Notice | undefined {
  const all = [...files];
  const off = nonDefaultDenyOff(settings ?? headSettings(all));
  if (!off || !all.some((f) => f.text.includes('enableDefaultDeny'))) return undefined;
  return {
    code: 'CILIUM_ENFORCEMENT',
    message: `Cilium ignores enableDefaultDeny: false here (${off.key}: false, ${off.source}): a policy that sets it makes the pods it selects default-deny as any other policy does. reachdiff reads such a policy as isolating nobody: paths of pods only such policies select are reported as allowed where this cluster drops what no policy allows`,
    ref: off.ref,
  };
}

/**
 * A `CILIUM_ENFORCEMENT` note when head's files set Cilium to enforce nothing (audit mode, `never`) or every
 * pod (`always`); none in the default mode. `files`: head's paths and texts. Read on every pull request, so
 * only the files whose path names Cilium, the kustomizations that inflate its chart and the values files
 * they name are searched (searching every text of a 10,000-workload repository cost 30 ms); a changed file
 * is searched whole by `ciliumEnforcementNotices`.
 */
export function ciliumEnforcementNote(files: Iterable<{ readonly path: string; readonly text: string }>, read?: readonly CiliumSetting[]): Notice | undefined {
  const settings = read ?? headSettings([...files]);
  if (settings.length === 0) return undefined;
  const { enforcement, deciding } = enforcementOf(settings);
  if (enforcement === 'default') return undefined;
  const s = deciding[0];
  const where = `${s.key}: ${s.value}, ${s.source}`;
  const message =
    enforcement === 'none'
      ? `Cilium enforces no policy here (${where}): it drops nothing yet. The paths reported are what the policies do once enforced`
      : `Cilium enforces policy on every pod here (${where}): a pod no policy selects is default-deny both ways. reachdiff analyses Cilium's default mode, where such a pod is open: paths from or to pods no policy selects are reported as allowed, which this cluster drops`;
  return { code: 'CILIUM_ENFORCEMENT', message, ref: s.ref };
}

/** `ciliumEnforcementNote` and `ciliumNonDefaultDenyNote` of head's files, their settings read once. */
export function ciliumHeadNotes(files: Iterable<{ readonly path: string; readonly text: string }>): Notice[] {
  const all = [...files];
  const settings = headSettings(all);
  if (settings.length === 0) return [];
  return [ciliumEnforcementNote(all, settings), ciliumNonDefaultDenyNote(all, settings)].filter((n): n is Notice => n !== undefined);
}

/** The Cilium settings of head's files: those whose path names Cilium, the kustomizations inflating its chart and the values files they name. */
function headSettings(all: readonly { readonly path: string; readonly text: string }[]): CiliumSetting[] {
  // The kustomizations that may name a values file of the Cilium chart, which itself need not hold a setting.
  const charts = all.filter((f) => isKustomizationPath(f.path) && f.text.includes('helmCharts') && f.text.includes('cilium'));
  const byPath = new Map(charts.map((f) => [f.path, f.text]));
  const named = ciliumValuesFiles([...byPath.keys()], [(p) => byPath.get(p)]);
  const isValues = valuesTest(named);
  const holding = all.filter((f) => (CILIUM_PATH.test(f.path) || named.has(f.path) || byPath.has(f.path)) && mayHold(f.text));
  return holding.flatMap((f) => ciliumSettings(f.path, f.text, isValues(f.path)));
}
