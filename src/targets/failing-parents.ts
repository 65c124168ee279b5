/**
 * Why a changed policy file no target deploys was left out, when the reason is a failing build (real-eval
 * 11, G11; repro 05): the Argo CD Application (or Flux Kustomization) whose source path holds the file is
 * listed by an app-of-apps kustomization that fails to build (a missing file), so discovery never reads it.
 * "No target deploys it, name its folder under targets:" sends the reader the wrong way; the failing build,
 * at its file:line with its error, is what to fix.
 */
import { isObject } from '../manifests/context.js';
import type { Diagnostic } from '../manifests/diagnostics.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { written } from '../manifests/quote.js';
import { dirOf, inFolder } from '../util/repo-paths.js';

/** The controller object that would deploy a file, and the failing build that holds it. */
export interface FailingParent {
  /** `Application argocd/asset`, `Kustomization flux-system/apps`. */
  readonly object: string;
  /** Its file (in the failing build's folder, or below it). */
  readonly file: string;
  /** The build's error (KUSTOMIZE_BUILD_FAILED), at its kustomization's line. */
  readonly build: Diagnostic;
}

/** Build failures reported with this code name their kustomization file. */
const BUILD_FAILED = 'KUSTOMIZE_BUILD_FAILED';

/** The source paths of an Argo CD Application (`source.path`, `sources[].path`) or a Flux Kustomization (`spec.path`), without `./` and a trailing `/`. */
function sourcePaths(value: Record<string, unknown>): string[] {
  const spec = isObject(value.spec) ? value.spec : {};
  const kind = value.kind;
  const raw: unknown[] =
    kind === 'Application'
      ? [isObject(spec.source) ? spec.source.path : undefined, ...(Array.isArray(spec.sources) ? spec.sources.map((s) => (isObject(s) ? s.path : undefined)) : [])]
      : kind === 'Kustomization' && typeof value.apiVersion === 'string' && value.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')
        ? [spec.path]
        : [];
  return raw.filter((p): p is string => typeof p === 'string').map((p) => p.replace(/^\.\/?/, '').replace(/\/+$/, ''));
}

/**
 * For each of `candidates` (changed files no target deploys), the first controller object, in a file below
 * the folder of a kustomization whose build fails on head (`failures`: head's diagnostics), whose source
 * path holds it. `files`: head's files.
 */
export function failingParents(candidates: readonly string[], failures: readonly Diagnostic[], files: Iterable<{ readonly path: string; readonly text: string }>): Map<string, FailingParent> {
  const out = new Map<string, FailingParent>();
  const builds = failures.filter((d) => d.code === BUILD_FAILED && d.severity === 'error');
  if (candidates.length === 0 || builds.length === 0) return out;
  const objects: { object: string; file: string; paths: string[]; build: Diagnostic }[] = [];
  for (const f of files) {
    if (!/\.ya?ml$/i.test(f.path) || !/^kind:\s*["']?(Application|Kustomization)\b/m.test(f.text)) continue;
    // The failed build's folder, not its error's: the error may sit in a kustomization it includes (real-eval 20:
    // monosense-io/k8s-gitops' kubernetes/infrastructure fails at databases/kustomization.yaml:8, and the Flux
    // Kustomization deploying the changed policies is in security/networkpolicy/ks.yaml).
    const build = builds.find((b) => inFolder(f.path, b.build === undefined ? dirOf(b.ref.file) : b.build === '.' ? '' : b.build));
    if (!build) continue;
    for (const d of parseDocuments(f.text, 'yaml')) {
      if (!isObject(d.value)) continue;
      const paths = sourcePaths(d.value);
      const meta = isObject(d.value.metadata) ? d.value.metadata : {};
      const name = `${typeof meta.namespace === 'string' ? `${meta.namespace}/` : ''}${String(meta.name ?? '')}`;
      if (paths.length) objects.push({ object: `${written(d.value.kind)} ${name}`, file: f.path, paths, build });
    }
  }
  for (const c of candidates) {
    const hit = objects.find((o) => o.paths.some((p) => inFolder(c, p)));
    if (hit) out.set(c, { object: hit.object, file: hit.file, build: hit.build });
  }
  return out;
}
