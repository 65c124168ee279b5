/**
 * Where a kustomization sets a workload's pod labels: a `labels:` entry's `pairs` (with `includeTemplates`) or a
 * `commonLabels:` map (Kustomize's LabelTransformer; `kubectl kustomize` is the reference). The workload's own
 * document does not write such a label, so a `labels-changed` reason (label-changes.ts) cites the kustomization
 * line that does, not the workload's line.
 */
import type { SourceRef } from '../engine/model.js';
import type { Labels } from '../engine/model.js';
import type { ManifestFile } from '../manifests/load.js';
import { dirOf, inFolder } from '../util/repo-paths.js';
import { escapeRegExp } from '../util/reg-exp.js';

const KUSTOMIZATION = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

const indentOf = (line: string) => line.length - line.replace(/^[\s-]*/, '').length;

/** Whether line `i` of `lines` sits in a `commonLabels:` map or a `labels:` entry's `pairs:` map (the nearest less-indented key names it). */
function inLabelBlock(lines: readonly string[], i: number): boolean {
  const own = indentOf(lines[i]);
  for (let j = i - 1; j >= 0; j--) {
    const l = lines[j];
    if (!l.trim() || l.trimStart().startsWith('#') || indentOf(l) >= own) continue;
    return /^\s*(-\s+)?(commonLabels|pairs)\s*:/.test(l);
  }
  return false;
}

/** The first line of `file` that writes one of `keys` in a label block (`carried` holding it when given). */
function writtenAt(file: ManifestFile, keys: readonly string[], carried?: Labels): SourceRef | undefined {
  const lines = file.text.split('\n');
  for (const k of keys) {
    if (carried && !Object.prototype.hasOwnProperty.call(carried, k)) continue;
    const written = new RegExp(`^\\s*(-\\s+)?["']?${escapeRegExp(k)}["']?\\s*:`);
    const i = lines.findIndex((l, n) => written.test(l) && inLabelBlock(lines, n));
    if (i >= 0) return { file: file.path, line: i + 1 };
  }
  return undefined;
}

/** The first line of `file` that differs from `other`'s text (a label removed there), comments aside. */
function firstDiffering(file: ManifestFile, other: ManifestFile | undefined): SourceRef | undefined {
  if (!other || other.text === file.text) return undefined;
  const a = file.text.split('\n');
  const b = other.text.split('\n');
  const i = a.findIndex((l, j) => l !== b[j] && !l.trimStart().startsWith('#'));
  return i >= 0 ? { file: file.path, line: i + 1 } : undefined;
}

/**
 * The line of a kustomization file of `files` that sets one of `keys` (label keys the change touched) on the
 * workload defined in `workloadFile`, carrying `carried`: kustomizations whose folder holds that file first
 * (nearest first), then those the change edited (their text differs from `otherFiles`' same path). Where no
 * such file writes a key the workload still carries (the change removed the label), the first line the change
 * edited in the nearest of those kustomizations. Undefined when none applies.
 */
export function kustomizationLabelLine(files: readonly ManifestFile[], otherFiles: readonly ManifestFile[], workloadFile: string, carried: Labels, keys: readonly string[]): SourceRef | undefined {
  if (keys.length === 0) return undefined;
  const other = new Map(otherFiles.filter((f) => KUSTOMIZATION.test(f.path)).map((f) => [f.path, f]));
  const holds = (f: ManifestFile) => inFolder(workloadFile, dirOf(f.path));
  const kustomizations = files.filter((f) => KUSTOMIZATION.test(f.path));
  const ancestors = kustomizations.filter(holds).sort((a, b) => b.path.length - a.path.length);
  const edited = kustomizations.filter((f) => !holds(f) && other.get(f.path)?.text !== f.text);
  const candidates = [...ancestors, ...edited];
  for (const f of candidates) {
    const at = writtenAt(f, keys, carried);
    if (at) return at;
  }
  for (const f of candidates) {
    const at = firstDiffering(f, other.get(f.path));
    if (at && writtenAt(other.get(f.path)!, keys)) return at;
  }
  return undefined;
}
