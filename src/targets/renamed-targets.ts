/**
 * A deployment whose folder moved (git's rename: `config/team-a` → `src/team-a`, the same files) is one
 * target on both sides, not a removed target whose paths all close beside an added one whose paths all
 * open. A cluster model only base has is paired with one only head has when the files under their roots
 * are mostly the same text (at least half of the larger side, as git's rename detection counts
 * similarity), and both deploy to the same cluster.
 */
import type { ClusterModel } from './analyze-targets.js';
import { hasGlob, normalizeFolder } from './repo-files.js';
import type { RepoFiles } from './repo-files.js';
import type { TargetSpec } from './types.js';

const SIMILAR = 0.5;

/** `models` with each moved deployment's two models made one, named `head name (was base name)`. */
export function pairRenamed(models: readonly ClusterModel[], base: RepoFiles, head: RepoFiles): ClusterModel[] {
  const gone = models.filter((m) => m.head.length === 0 && m.base.length > 0);
  const fresh = models.filter((m) => m.base.length === 0 && m.head.length > 0);
  if (gone.length === 0 || fresh.length === 0) return [...models];
  const paired = new Map<ClusterModel, ClusterModel>(); // head-only model → base-only model
  const taken = new Set<ClusterModel>();
  // Each side's texts once per model (every listing walks the side's files).
  const goneTexts = new Map(gone.map((b) => [b, textsUnder(b.base, base)]));
  for (const h of fresh) {
    const texts = textsUnder(h.head, head);
    let best: { model: ClusterModel; score: number } | undefined;
    for (const b of gone) {
      if (taken.has(b) || b.cluster !== h.cluster) continue;
      const score = similarity(goneTexts.get(b)!, texts);
      if (score >= SIMILAR && (!best || score > best.score)) best = { model: b, score };
    }
    if (best) {
      paired.set(h, best.model);
      taken.add(best.model);
    }
  }
  const out: ClusterModel[] = [];
  for (const m of models) {
    if (taken.has(m)) continue;
    const was = paired.get(m);
    out.push(was ? { ...m, name: `${m.name} (was ${was.name})`, members: [...m.members, ...was.members], base: was.base } : m);
  }
  return out;
}

/** The texts of the files under the targets' folder roots (globs and files: none). */
function textsUnder(specs: readonly TargetSpec[], files: RepoFiles): string[] {
  return specs.flatMap((s) => s.roots.flatMap((r) => (hasGlob(r) ? [] : files.under(normalizeFolder(r) ?? r).map((f) => f.text))));
}

/** Texts both lists hold (as multisets), over the longer list's length. */
function similarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const left = new Map<string, number>();
  for (const t of a) left.set(t, (left.get(t) ?? 0) + 1);
  let same = 0;
  for (const t of b) {
    const n = left.get(t) ?? 0;
    if (n > 0) {
      same++;
      left.set(t, n - 1);
    }
  }
  return same / Math.max(a.length, b.length);
}
