/**
 * The files a change moves: a path base has and head does not, whose text (trailing blank space aside) head
 * has at exactly one path base does not, and no other such path shares (a rename, as `git mv` makes one:
 * kashalls/home-cluster 36e13c601 moved `kubernetes/templates/volsync` to `kubernetes/components/volsync`).
 * Files copied, or moved and edited, are no move here.
 */
import type { ManifestFile } from '../manifests/load.js';

/** Old path → new path, and new path → old path, of each moved file (paths are repository paths). */
export function movedFiles(base: readonly Pick<ManifestFile, 'path' | 'text'>[], head: readonly Pick<ManifestFile, 'path' | 'text'>[]): Map<string, string> {
  const before = new Set(base.map((f) => f.path));
  const after = new Set(head.map((f) => f.path));
  const byText = (files: readonly Pick<ManifestFile, 'path' | 'text'>[], other: ReadonlySet<string>) => {
    const out = new Map<string, string[]>();
    for (const f of files) if (!other.has(f.path)) out.set(f.text.trimEnd(), [...(out.get(f.text.trimEnd()) ?? []), f.path]);
    return out;
  };
  const gone = byText(base, after);
  const out = new Map<string, string>();
  if (gone.size === 0) return out;
  for (const [text, added] of byText(head, before)) {
    const removed = gone.get(text);
    if (removed?.length !== 1 || added.length !== 1) continue;
    out.set(removed[0], added[0]);
    out.set(added[0], removed[0]);
  }
  return out;
}
