/**
 * Plain files that are patches of a workload another plain file defines whole (real-eval 16:
 * `orchestrator-analytics-patch.yaml` beside `deployment.yaml`, "Strategic merge patch … apply on top of
 * deployment.yaml", no kustomization naming it). Such a file holds a Deployment with only the fields it
 * changes: no `spec.selector`, containers without `image`. The API server rejects it as an object, so
 * nothing applies it as written; read as an alternative bundle of the file it patches, it became a target
 * of its own whose every path read as opened (775 paths, 632 findings, an error "Kubernetes will reject").
 * Left out of the plain manifests, with a notice naming the object and the file that defines it whole.
 *
 * A file is a patch when every document in it is a workload that misses what the API server requires of
 * one (`spec.selector` of apps/v1 kinds; `image` of every container of its pod template: Kubernetes API
 * validation, apps/v1 and core/v1) and another plain file defines the same workload (kind, namespace, name).
 */
import { isObject } from '../manifests/context.js';
import type { Json } from '../manifests/context.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { firstAndMore } from '../util/and-list.js';
import type { Notice } from './types.js';
import { hasFact, textFact } from './text-facts.js';

/** Workload kinds whose pod template the API server validates; apps/v1 ones also need `spec.selector`. */
const NEEDS_SELECTOR = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);
const TEMPLATED = new Set([...NEEDS_SELECTOR, 'Job', 'CronJob']);

export interface PatchFile {
  readonly file: string;
  /** `Deployment ai/orchestrator`. */
  readonly object: string;
  /** The plain file that defines it whole. */
  readonly whole: string;
  /** What it misses: `spec.selector`, `image`. */
  readonly missing: readonly string[];
}

/** A text with a top-level `kind:` of a templated workload kind, asked once per file (text-facts.ts). */
const NAMES_TEMPLATED_KIND = textFact((text) => /^kind:\s*["']?(?:Deployment|StatefulSet|DaemonSet|ReplicaSet|Job|CronJob)\b/m.test(text));
/** A text that lacks a `selector:` or an `image:` field anywhere (so may hold a partial workload), asked once per file (text-facts.ts). */
const MAY_BE_PARTIAL = textFact((text) => !/\bselector\s*:/.test(text) || !/\bimage\s*:/.test(text));

type Doc = { readonly key: string; readonly name: string; readonly label: string; readonly missing: readonly string[] };

/** A document's workload identity and what it misses; undefined for anything but a templated workload. */
function workload(value: unknown): Doc | undefined {
  if (!isObject(value) || typeof value.kind !== 'string' || !TEMPLATED.has(value.kind)) return undefined;
  const meta = isObject(value.metadata) ? value.metadata : {};
  if (typeof meta.name !== 'string') return undefined;
  const ns = typeof meta.namespace === 'string' ? meta.namespace : '';
  const spec: Json = isObject(value.spec) ? value.spec : {};
  const jobSpec = value.kind === 'CronJob' && isObject(spec.jobTemplate) && isObject(spec.jobTemplate.spec) ? spec.jobTemplate.spec : spec;
  const template = isObject(jobSpec.template) ? jobSpec.template : {};
  const podSpec = isObject(template.spec) ? template.spec : {};
  const containers = Array.isArray(podSpec.containers) ? podSpec.containers : [];
  const missing = [
    ...(NEEDS_SELECTOR.has(value.kind) && !isObject(spec.selector) ? ['spec.selector'] : []),
    ...(containers.some((c) => !isObject(c) || typeof c.image !== 'string' || c.image === '') ? ['image'] : []),
  ];
  return { key: `${value.kind}/${ns}/${meta.name}`, name: meta.name, label: `${value.kind} ${ns ? `${ns}/` : ''}${meta.name}`, missing };
}

/**
 * `files` (plain manifests) without the patch files among them, and those. Most repositories hold none: a
 * file is parsed only when its text could be one (it names a templated kind and lacks `selector:` or
 * `image:`), and the files that may define its workloads whole only when it is (they name the workload); a
 * 10,000-workload repository of whole Deployments parses nothing here (the loader parses every file after).
 */
export function patchFiles(files: readonly { readonly path: string; readonly text: string }[]): { readonly rest: readonly { readonly path: string; readonly text: string }[]; readonly patches: readonly PatchFile[] } {
  const workloadsOf = (text: string) => parseDocuments(text, 'yaml', false).filter((d) => d.value !== null && d.value !== undefined).map((d) => workload(d.value));
  const named = files.filter((f) => !/\.json$/i.test(f.path) && hasFact(f, NAMES_TEMPLATED_KIND));
  // Files whose every document is a workload missing what the API server requires.
  const candidates = named.flatMap((f) => {
    if (!hasFact(f, MAY_BE_PARTIAL)) return [];
    const found = workloadsOf(f.text);
    return found.length && found.every((w): w is Doc => w !== undefined && w.missing.length > 0) ? [{ file: f.path, list: found as Doc[] }] : [];
  });
  if (candidates.length === 0) return { rest: files, patches: [] };
  // Where each candidate's workloads are defined whole: only files that name them are parsed.
  const names = new Set(candidates.flatMap((c) => c.list.map((w) => w.name)));
  const whole = new Map<string, string>();
  for (const f of named) {
    if (![...names].some((n) => f.text.includes(n))) continue;
    for (const w of workloadsOf(f.text)) if (w && w.missing.length === 0 && !whole.has(w.key)) whole.set(w.key, f.path);
  }
  const patches: PatchFile[] = [];
  for (const { file, list } of candidates) {
    if (list.some((w) => !whole.has(w.key) || whole.get(w.key) === file)) continue;
    patches.push({ file, object: list.map((w) => w.label).join(', '), whole: whole.get(list[0].key)!, missing: [...new Set(list.flatMap((w) => w.missing))] });
  }
  if (patches.length === 0) return { rest: files, patches };
  const left = new Set(patches.map((p) => p.file));
  return { rest: files.filter((f) => !left.has(f.path)), patches };
}

/** One notice for the patch files left out, or undefined. */
export function patchFilesNotice(patches: readonly PatchFile[]): Notice | undefined {
  if (patches.length === 0) return undefined;
  const each = patches.map((p) => `${p.file} (${p.object}, without ${p.missing.join(' or ')}; ${p.whole} defines it whole)`);
  return {
    code: 'PATCH_FILE',
    message: `Left out of the plain manifests as ${patches.length === 1 ? 'a patch' : 'patches'} of a workload another file defines: ${firstAndMore(each, 3)}. The API server rejects such a partial object, so nothing applies it as written; if a kustomization should apply it, list it under patches: there`,
    ref: { file: patches[0].file, line: 1 },
  };
}
