/**
 * The changed inputs of one rendered stream: what a rollback must name (and cannot patch) when a document of
 * that stream opens paths. A cluster model holds many targets (every Flux Kustomization of a tree); an input of
 * one (its controller object's file, its `substituteFrom` objects, its chart's values files) says nothing of
 * another's stream. A controller object's file counts only when the target it defines renders differently on
 * the two sides: a Flux Kustomization whose `decryption` or `interval` changed builds the same stream, and its
 * stream's documents are reverted as written (real repositories 33: a commit dropping a NetworkPolicy file and
 * its `resources:` line, and SOPS decryption from the Kustomizations, read "revert the change in its sources
 * (changed here: kubernetes/flux/cluster/ks.yaml)", its patch leaving out the kustomization's line). The
 * rollback asks stream by stream, so a larger set of documents (a search that stopped at its time bound, reverting
 * the parent's patched Kustomizations too) keeps the reverts of the streams whose inputs did not change.
 */
import { normalizeFolder } from './repo-files.js';
import type { TargetSpec } from './types.js';
import { dirOf } from '../util/repo-paths.js';

/** What of a target decides what its stream renders; positions left out (a line moved renders the same). */
function renderSpec(t: TargetSpec): string {
  const { roots, recurse, directoryFilters, namespace, namespaceFromPath, helm, render, kustomize, fluxEdit, substitute, loadRestrictor, fluxArtifact } = t;
  return JSON.stringify({ roots, recurse, directoryFilters, namespace, namespaceFromPath, helm, render, kustomize, fluxEdit, substitute, loadRestrictor, fluxArtifact }, (_k, v: unknown) => (isSourceRef(v) ? undefined : v));
}

function isSourceRef(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 2 && keys.includes('file') && keys.includes('line');
}

/** The targets whose root builds the stream at `path` (a kustomization file of that root's folder, or the root itself). */
function streamTargets(path: string, targets: readonly TargetSpec[]): TargetSpec[] {
  // Repository paths (the top is ''), as normalizeFolder writes a root and dirOf a file's folder.
  const stream = normalizeFolder(path) ?? path;
  const folder = dirOf(stream);
  return targets.filter((t) => t.roots.some((r) => {
    const root = normalizeFolder(r) ?? r;
    return root === stream || root === folder;
  }));
}

/**
 * The changed inputs of the streams at `paths` (a rollback's rendered documents' files), among `changed`:
 * of each target building one, its controller object's file when its render changed (both sides compared by
 * name), its `substituteFrom` files and chart inputs; and the files `sourceLines` name in that stream.
 * `undefined` when a stream's targets are not found, or a target renders differently while its own file is
 * unchanged (a parent's patch edited it): the caller then keeps the whole model's inputs.
 *
 * @param unit both sides' targets of one cluster model
 * @param sourcesOf the files a stream's documents come from (`# Source:` lines), by stream path
 * @param helmInputs a target's chart values files and file parameters
 */
export function streamInputs(paths: readonly string[], unit: { readonly base: readonly TargetSpec[]; readonly head: readonly TargetSpec[] }, changed: ReadonlySet<string>, sourcesOf: (path: string) => readonly string[], helmInputs: (t: TargetSpec) => readonly string[]): string[] | undefined {
  const out = new Set<string>();
  for (const path of paths) {
    const targets = streamTargets(path, [...unit.head, ...unit.base]);
    if (targets.length === 0) return undefined;
    for (const t of targets) {
      const base = unit.base.find((b) => b.name === t.name);
      const head = unit.head.find((h) => h.name === t.name);
      const renders = base === undefined || head === undefined || renderSpec(base) !== renderSpec(head);
      if (renders && (t.ref === undefined || !changed.has(t.ref.file))) return undefined;
      if (renders && t.ref) out.add(t.ref.file);
      for (const f of [...(t.substituteSources ?? []), ...helmInputs(t)]) if (changed.has(f)) out.add(f);
    }
    for (const f of sourcesOf(path)) if (changed.has(f)) out.add(f);
  }
  return [...out];
}
