/**
 * The kustomization Flux's kustomize-controller generates for a `spec.path` folder that holds none: its
 * `resources` are the folder's `.yaml` and `.yml` files at any depth, except that a sub-folder holding a
 * kustomization file is listed as that folder (built) and not looked into (targets/flux-generated.ts reads
 * the repository so; Flux's Kustomization API reference, "Generating a kustomization.yaml file").
 *
 * Flux writes it anew from the folder at every build, so it follows the folder's files: it is never a document
 * of a change, and a revert of the folder's files (a file the change added deleted, one it deleted restored)
 * is built with the folder listed again (`relistGenerated`), not with head's listing naming a file gone.
 */
import { KUSTOMIZATION_FILE_NAMES, isKustomizationPath } from '../kustomize/file-set.js';
import type { ManifestFile } from './load.js';
import { dirOf, inFolder } from '../util/repo-paths.js';

const HEADER = "# Generated as Flux's kustomize-controller generates it for a folder without a kustomization file";

/** The generated kustomization's text of `folder` listing `resources` (repository paths, files then folders), before the Flux edit document. */
export function generatedListingText(folder: string, resources: readonly string[]): string {
  const list = resources.map((p) => `- ${JSON.stringify(relative(folder, p))}`).join('\n');
  return `${HEADER}\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:${resources.length ? `\n${list}` : ' []'}\n`;
}

/**
 * `files` (a build's, by path, reverted texts already in) with each generated kustomization (`fluxGenerated`)
 * listing its folder again: head's entries that are still there, the files under its folder entries, and the
 * files the revert brought back (`restored`: paths the build did not have before it), read by Flux's rule.
 * Changes `files` in place; returns the paths whose text changed, with their new text. A generated file the
 * revert itself rewrote (in `changed`) is left as it is.
 */
export function relistGenerated(files: Map<string, ManifestFile>, changed: ReadonlyMap<string, string | null>, restored: ReadonlySet<string>): Map<string, string> {
  const out = new Map<string, string>();
  const hasKustomization = (d: string) => KUSTOMIZATION_FILE_NAMES.some((n) => files.has(`${d}/${n}`));
  for (const [path, file] of files) {
    if (!file.fluxGenerated || changed.has(path)) continue;
    const folder = dirOf(path);
    const under = (p: string) => inFolder(p, folder);
    // A revert of nothing under the folder leaves its listing as it is (the rollback asks hundreds of reverts).
    const split = file.text.indexOf('\n---\n');
    if (split < 0 || ![...changed.keys()].some(under)) continue;
    const candidates = new Set<string>();
    const folders: string[] = [];
    for (const p of listedPaths(file.text.slice(0, split), folder)) {
      if (files.has(p)) candidates.add(p);
      else if (hasKustomization(p)) folders.push(p);
      // A kustomization below that the revert deletes: its folder's files are listed one by one.
      else for (const q of files.keys()) if (q.startsWith(`${p}/`)) candidates.add(q);
    }
    for (const p of restored) if (files.has(p) && under(p)) candidates.add(p);
    const listing = fluxListing(folder, [...candidates].sort(), hasKustomization);
    const resources = [...listing.files, ...[...new Set([...listing.folders, ...folders])].sort()];
    const text = `${generatedListingText(folder, resources)}${file.text.slice(split + 1)}`;
    if (text === file.text) continue;
    files.set(path, { ...file, text });
    out.set(path, text);
  }
  return out;
}

/**
 * Flux's listing of `folder` over `paths` (the files under it, in the order given): the YAML files outside any
 * kustomization folder below it, in that order, and those folders (the shallowest on each way down), in the order
 * first met. `hasKustomization`: whether a folder holds a kustomization file. Flux's rule, for the targets'
 * reading of a side (targets/flux-generated.ts) and a revert's relisting alike.
 */
export function fluxListing(folder: string, paths: readonly string[], hasKustomization: (dir: string) => boolean): { files: string[]; folders: string[] } {
  const plain: string[] = [];
  const folders = new Set<string>();
  for (const p of paths) {
    let shallowest: string | undefined;
    for (let d = dirOf(p); d !== folder && d !== ''; d = dirOf(d)) if (hasKustomization(d)) shallowest = d;
    if (shallowest !== undefined) folders.add(shallowest);
    else if (/\.ya?ml$/.test(p) && !isKustomizationPath(p)) plain.push(p);
  }
  return { files: plain, folders: [...folders] };
}

/** The repository paths a generated listing names (its `- "entry"` lines, relative to `folder`). */
function listedPaths(listing: string, folder: string): string[] {
  const out: string[] = [];
  for (const line of listing.split('\n')) {
    const m = /^- (".*")$/.exec(line);
    if (m) out.push(folder === '' ? (JSON.parse(m[1]) as string) : `${folder}/${JSON.parse(m[1]) as string}`);
  }
  return out;
}

function relative(folder: string, path: string): string {
  return folder === '' ? path : path.slice(folder.length + 1);
}
