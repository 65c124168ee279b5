/**
 * Whether the errors `list` read may stand for workloads it lacks: a listing of policies only is then not
 * surely a policy-only repository, and the advice to judge it by `diff`'s abstract peers waits for the
 * errors to be fixed. An error in a document of another kind (a refused Cilium policy, a Service) hides no
 * workload, so the advice stays (new-user 39 #13: it was dropped on any error).
 */
import type { Diagnostic } from '../manifests/diagnostics.js';
import type { ManifestFile } from '../manifests/load.js';
import { WORKLOAD_KINDS } from '../manifests/kinds/workload.js';

/** Kinds whose objects make pods the listing would show: the workload kinds, and a HelmRelease (an app-template release's controllers). */
const MAKES_PODS = new Set([...WORKLOAD_KINDS, 'HelmRelease']);

/** A document's top-level `kind:` line (YAML block style). */
const KIND_LINE = /^kind:\s*["']?([A-Za-z][\w.-]*)["']?\s*(#.*)?$/;

/**
 * `files`: what was read; `diagnostics`: its diagnostics. True when an error is a failing build, lies in a
 * file `files` lacks, or lies in a document (between `---` lines) whose top-level kind is unknown (a YAML
 * syntax error, JSON) or makes pods.
 */
export function errorsMayHideWorkloads(files: readonly Pick<ManifestFile, 'path' | 'text'>[], diagnostics: readonly Diagnostic[]): boolean {
  const texts = new Map(files.map((f) => [f.path, f.text]));
  return diagnostics.some((d) => {
    if (d.severity !== 'error') return false;
    if (d.code === 'KUSTOMIZE_BUILD_FAILED') return true;
    const text = texts.get(d.ref.file);
    if (text === undefined) return true;
    const kind = documentKind(text.split(/\r?\n/), d.ref.line - 1);
    return kind === undefined || MAKES_PODS.has(kind);
  });
}

/** The top-level kind of the document holding line `at` (0-based) of `lines`, if one is written. */
function documentKind(lines: readonly string[], at: number): string | undefined {
  const separator = (l: string | undefined) => l !== undefined && /^---(\s|$)/.test(l);
  let start = Math.min(Math.max(at, 0), lines.length - 1);
  while (start > 0 && !separator(lines[start])) start--;
  for (let i = start; i < lines.length; i++) {
    if (i > start && separator(lines[i])) break;
    const m = KIND_LINE.exec(lines[i]);
    if (m) return m[1];
  }
  return undefined;
}
