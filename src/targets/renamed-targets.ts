/**
 * A deployment whose folder moved (git's rename: `config/team-a` → `src/team-a`, the same files) is one
 * target on both sides, not a removed target whose paths all close beside an added one whose paths all
 * open. A cluster model only base has is paired with one only head has when the files their builds read
 * are mostly the same text (at least half of the larger side byte-identical: files moved without
 * edits), and both deploy to the same cluster. A restructuring that folds several deployments into
 * one kustomization (or splits one into several) is the same move, many to one: the models left unpaired
 * in a cluster are one model when the files all of base's read and all of head's read are that similar.
 * A model only one side has whose files mostly moved into (or out of) a deployment both sides have is
 * folded into that one: `app (was app + policies)` when `policies/` now sits inside `app/`. What the files
 * leave unpaired is then folded by where its policy objects went, whatever the edits (moved-policies.ts):
 * into a target both sides have, or, many to many, with the lone targets of the other side its objects
 * moved to (`teams (was team-a + team-b)`, the union of base's compared with head's).
 */
import type { ClusterModel } from './analyze-targets.js';
import { fluxGenerated } from './flux-generated.js';
import { kustomizationClosure } from './kustomizations.js';
import { componentFiles } from './unanalysed-builds.js';
import type { ReadSide } from './moved-policies.js';
import type { ObjectFold } from './moved-policies.js';
import { foldsByPolicies } from './moved-policies.js';
import { hasGlob, normalizeFolder } from './repo-files.js';
import type { SideIndex } from './target-files.js';
import type { TargetSpec } from './types.js';

const SIMILAR = 0.5;

/**
 * What a model made of targets only one side has rests on: that they deploy to the cluster of the
 * target they were paired with (the report says so, report/fold-notes.ts). `olds`/`news`: names of
 * base's targets folded in and of head's split out (or, without `kept`, base's and head's targets of a
 * moved deployment, `news (was olds)`); `kept`: the target both sides have that they joined; `by`: the
 * evidence, the same file texts or the policy objects (moved-policies.ts); `alone`: with `kept`, the
 * kept target's own specs on each side, the comparison had the lone targets not been deployed.
 */
export interface TargetFold {
  readonly olds: readonly string[];
  readonly news: readonly string[];
  readonly kept?: string;
  readonly by: 'files' | 'policies' | 'workloads';
  readonly alone?: { readonly base: readonly TargetSpec[]; readonly head: readonly TargetSpec[] };
  /**
   * With `kept` and `olds`: the change itself wired them in, a kustomization of the kept target's head build
   * (`file`) including a folder or file (`include`) its base version did not, which holds files base's folded
   * targets read (real-eval 8, kubeflow b9dddd282: the main install gained `../common/networkpolicies/base`).
   */
  readonly wiredBy?: { readonly file: string; readonly include: string };
  /**
   * With `kept`: the lone targets read only files the kept target read on the other side, unchanged: the
   * same files analysed apart on one side (real-eval 10, B-b: another bundle came to define their policy),
   * not a move; the report says so instead of "moved there". Without `kept` (one target of each side):
   * both read the same files, unchanged, under another name.
   */
  readonly apart?: true;
}

/**
 * `models` with each moved deployment's models made one: one to one `head name (was base name)`, many
 * to one (or one to many) `a + b (was c + d)`. `read`: the files of targets on one side, for the policy
 * objects of the models the files leave unpaired.
 */
export async function pairRenamed(models: readonly ClusterModel[], base: SideIndex, head: SideIndex, read: ReadSide): Promise<ClusterModel[]> {
  const gone = models.filter((m) => m.head.length === 0 && m.base.length > 0);
  const fresh = models.filter((m) => m.base.length === 0 && m.head.length > 0);
  if (gone.length === 0 && fresh.length === 0) return [...models];
  const merged = new Map<ClusterModel, ClusterModel>(); // first member of each group → the one model
  const taken = new Set<ClusterModel>();
  // Each side's texts once per model (every listing walks the side's files).
  const goneTexts = new Map(gone.map((b) => [b, textsRead(b.base, base)]));
  const freshTexts = new Map(fresh.map((h) => [h, textsRead(h.head, head)]));
  for (const h of fresh) {
    let best: { model: ClusterModel; score: number } | undefined;
    for (const b of gone) {
      if (taken.has(b) || b.cluster !== h.cluster) continue;
      const score = similarity(goneTexts.get(b)!, freshTexts.get(h)!);
      if (score >= SIMILAR && (!best || score > best.score)) best = { model: b, score };
    }
    if (best) {
      merged.set(h, one([best.model], [h], 'files', sameFiles(best.model.base, base, h.head, head)));
      taken.add(best.model).add(h);
    }
  }
  // What is left in each cluster, many to one.
  for (const cluster of new Set(gone.map((m) => m.cluster))) {
    const olds = gone.filter((m) => !taken.has(m) && m.cluster === cluster);
    const news = fresh.filter((m) => !taken.has(m) && m.cluster === cluster);
    if (olds.length === 0 || news.length === 0 || (olds.length === 1 && news.length === 1)) continue;
    // A file several builds read (their shared base) counts once per side.
    if (similarity(textsRead(olds.flatMap((m) => m.base), base), textsRead(news.flatMap((m) => m.head), head)) < SIMILAR) continue;
    merged.set(news[0], one(olds, news));
    for (const m of [...olds, ...news]) taken.add(m);
  }
  // Folded into (or split from) a deployment both sides have: the files a base-only model read are now
  // read by that deployment's head build and were not by its base build (or the other way round).
  const kept = models.filter((m) => m.base.length > 0 && m.head.length > 0);
  const objectFolded = new Map<ClusterModel, ObjectFold['by']>(); // lone models folded by their objects, not their files
  const into = new Map<ClusterModel, { olds: ClusterModel[]; news: ClusterModel[] }>();
  // Per kept model, what its head build reads that its base build does not (`base`: what moved in), and the other way round.
  const moved = { base: new Map<ClusterModel, string[]>(), head: new Map<ClusterModel, string[]>() };
  const movedOf = (k: ClusterModel, side: 'base' | 'head') => {
    if (!moved.base.has(k)) {
      const [b, h] = [textsRead(k.base, base), textsRead(k.head, head)];
      moved.base.set(k, without(h, b));
      moved.head.set(k, without(b, h));
    }
    return moved[side].get(k)!;
  };
  const movedInto = (lone: ClusterModel, loneTexts: readonly string[], side: 'base' | 'head') => {
    let best: { model: ClusterModel; score: number } | undefined;
    for (const k of kept) {
      if (k.cluster !== lone.cluster) continue;
      const score = covered(loneTexts, movedOf(k, side));
      if (score >= SIMILAR && (!best || score > best.score)) best = { model: k, score };
    }
    if (!best) return;
    const group = into.get(best.model) ?? into.set(best.model, { olds: [], news: [] }).get(best.model)!;
    (side === 'base' ? group.olds : group.news).push(lone);
    taken.add(lone);
  };
  for (const g of gone) if (!taken.has(g)) movedInto(g, goneTexts.get(g)!, 'base');
  for (const f of fresh) if (!taken.has(f)) movedInto(f, freshTexts.get(f)!, 'head');
  // Still unpaired: folded where their policy objects went, however their files were edited.
  const byPolicies = await foldsByPolicies(models, gone.filter((m) => !taken.has(m)), fresh.filter((m) => !taken.has(m)), read);
  for (const [lone, { target, by }] of byPolicies.into) {
    taken.add(lone);
    objectFolded.set(lone, by);
    const group = into.get(target) ?? into.set(target, { olds: [], news: [] }).get(target)!;
    (lone.head.length === 0 ? group.olds : group.news).push(lone);
  }
  for (const [k, { olds, news }] of into) {
    const wired = olds.length ? wiredBy(k, new Set(olds.flatMap((m) => goneTexts.get(m) ?? [])), base, head) : undefined;
    const apart = sameFilesApart(k, olds, news, base, head);
    merged.set(k, folded(k, olds, news, apart ? 'files' : foldedBy([...olds, ...news], objectFolded), wired, apart));
    taken.add(k);
  }
  // Lone models of both sides whose objects moved among themselves: one model, many to many.
  for (const { olds, news, by } of byPolicies.groups) {
    merged.set(news[0], one(olds, news, by));
    for (const m of [...olds, ...news]) taken.add(m);
  }
  const out: ClusterModel[] = [];
  for (const m of models) {
    const group = merged.get(m);
    if (group) out.push(group);
    else if (!taken.has(m)) out.push(m);
  }
  return out;
}

/** What a fold of these lone models rests on: policies when any moved by them, else workloads, else the files. */
function foldedBy(lone: readonly ClusterModel[], byObjects: ReadonlyMap<ClusterModel, ObjectFold['by']>): TargetFold['by'] {
  const kinds = lone.map((m) => byObjects.get(m));
  return kinds.includes('policies') ? 'policies' : kinds.includes('workloads') ? 'workloads' : 'files';
}

/**
 * A model both sides have, with the base-only models folded into it and the head-only ones split from it:
 * `app (was app + policies)`, `app + policies (was app)`. Its base side reads its own and the folded
 * models' files as one cluster, as its head side does after the move.
 */
function folded(kept: ClusterModel, olds: readonly ClusterModel[], news: readonly ClusterModel[], by: TargetFold['by'], wired?: TargetFold['wiredBy'], apart = false): ClusterModel {
  const names = (ms: readonly ClusterModel[]) => ms.map((m) => m.name).join(' + ');
  const fold: TargetFold = { olds: olds.map((m) => m.name), news: news.map((m) => m.name), kept: kept.name, by, alone: { base: kept.base, head: kept.head }, ...(wired ? { wiredBy: wired } : {}), ...(apart ? { apart: true as const } : {}) };
  return {
    ...kept,
    fold,
    name: `${names([kept, ...news])} (was ${names([kept, ...olds])})`,
    members: [...kept.members, ...news.flatMap((m) => m.members), ...olds.flatMap((m) => m.members)],
    base: [...kept.base, ...olds.flatMap((m) => m.base)],
    head: [...kept.head, ...news.flatMap((m) => m.head)],
  };
}

/**
 * The first include a kustomization of the kept target's head build has and its base version (the same
 * file) did not, under which head holds a file whose text one of base's folded targets read: the change
 * wired the moved files in (rather than the kept kustomization reading them all along).
 */
function wiredBy(kept: ClusterModel, moved: ReadonlySet<string>, base: SideIndex, head: SideIndex): TargetFold['wiredBy'] {
  if (moved.size === 0) return undefined;
  const seen = new Set<string>();
  const queue = kept.head.flatMap((s) => s.roots.flatMap((r) => (hasGlob(r) ? [] : [normalizeFolder(r) ?? r])));
  while (queue.length) {
    const folder = queue.shift()!;
    const k = head.kustomizations.get(folder);
    if (!k || seen.has(folder)) continue;
    seen.add(folder);
    const before = new Set(base.kustomizations.get(folder)?.includes ?? []);
    for (const inc of k.includes) {
      if (!before.has(inc)) {
        const sub = head.kustomizations.get(inc);
        const paths = sub ? kustomizationClosure(sub, head.kustomizations, head.files).consumed : head.files.byPath.has(inc) ? [inc] : head.files.under(inc).map((f) => f.path);
        if (paths.some((p) => moved.has(head.files.text(p) ?? ''))) return { file: k.file, include: inc };
      }
      queue.push(inc);
    }
  }
  return undefined;
}

/** `a` less the texts `b` holds (as multisets). */
function without(a: readonly string[], b: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const t of b) left.set(t, (left.get(t) ?? 0) + 1);
  return a.filter((t) => {
    const n = left.get(t) ?? 0;
    if (n > 0) left.set(t, n - 1);
    return n === 0;
  });
}

/** The share of `part`'s texts that `whole` holds (as multisets): 0 for an empty `part`. */
function covered(part: readonly string[], whole: readonly string[]): number {
  return part.length === 0 ? 0 : (part.length - without(part, whole).length) / part.length;
}

/** Base-only models `olds` and head-only models `news` as one model, named after head's with base's. */
function one(olds: readonly ClusterModel[], news: readonly ClusterModel[], by: TargetFold['by'] = 'files', apart = false): ClusterModel {
  const names = (ms: readonly ClusterModel[]) => ms.map((m) => m.name).join(' + ');
  return {
    ...news[0],
    fold: { olds: olds.map((m) => m.name), news: news.map((m) => m.name), by, ...(apart ? { apart: true as const } : {}) },
    name: `${names(news)} (was ${names(olds)})`,
    members: [...news.flatMap((m) => m.members), ...olds.flatMap((m) => m.members)],
    base: olds.flatMap((m) => m.base),
    head: news.flatMap((m) => m.head),
  };
}

/**
 * The texts of the files the targets' builds read: a kustomization root's closure (its resources,
 * patches and bases, wherever they are), a file root itself, the files under any other folder root (a Flux
 * Kustomization's: what Flux's generated kustomization lists; globs: none).
 */
function textsRead(specs: readonly TargetSpec[], side: SideIndex): string[] {
  return [...pathsRead(specs, side)].flatMap((p) => {
    const text = side.files.text(p);
    return text === undefined ? [] : [text];
  });
}

/** The paths of the files the targets' builds read (see textsRead), the component folders their controller objects add included. */
export function pathsRead(specs: readonly TargetSpec[], side: SideIndex): Set<string> {
  const paths = new Set<string>();
  for (const s of specs) {
    for (const r of s.roots) {
      if (hasGlob(r)) continue;
      const folder = normalizeFolder(r) ?? r;
      const k = side.kustomizations.get(folder);
      if (k) for (const p of kustomizationClosure(k, side.kustomizations, side.files).consumed) paths.add(p);
      // A file root (the plain target beside alternative bundles lists its files one by one) is read itself.
      else if (side.files.byPath.has(r)) paths.add(r);
      // Flux generates a kustomization over a folder without one: a sub-folder with its own kustomization is built as that
      // kustomization (a nested Kustomization's `spec.path` below a parent's reads none of its other files: flux-generated.ts).
      else if (s.origin === 'flux') {
        const g = fluxGenerated(folder, side.files, side.kustomizations);
        for (const f of g.files) paths.add(f.path);
        for (const n of g.kustomizations) for (const p of kustomizationClosure(n, side.kustomizations, side.files).consumed) paths.add(p);
      }
      else for (const f of side.files.under(folder)) paths.add(f.path);
    }
  }
  // The component folders a controller object writes into its build (Flux spec.components, Argo CD kustomize.components): no kustomization names them.
  for (const p of componentFiles(specs, side)) paths.add(p);
  return paths;
}

/**
 * Whether the lone models of a fold read only files (same path, same text) that the kept model read on the
 * other side: the same files analysed apart on one side (another bundle now defines their objects too),
 * not files or objects that moved.
 */
function sameFilesApart(kept: ClusterModel, olds: readonly ClusterModel[], news: readonly ClusterModel[], base: SideIndex, head: SideIndex): boolean {
  const within = (lone: readonly ClusterModel[], own: SideIndex, other: SideIndex, otherSpecs: readonly TargetSpec[]) => {
    const theirs = pathsRead(otherSpecs, other);
    return [...pathsRead(lone.flatMap((m) => (own === base ? m.base : m.head)), own)].every((p) => theirs.has(p) && own.files.text(p) === other.files.text(p));
  };
  return within(olds, base, head, kept.head) && within(news, head, base, kept.base);
}

/**
 * Whether base's specs and head's read the same files (same paths, same texts): one deployment read under
 * another name (its folder became an alternative bundle, or grew into one: lifted-bundles.ts), nothing moved.
 */
function sameFiles(baseSpecs: readonly TargetSpec[], base: SideIndex, headSpecs: readonly TargetSpec[], head: SideIndex): boolean {
  const [b, h] = [pathsRead(baseSpecs, base), pathsRead(headSpecs, head)];
  return b.size > 0 && b.size === h.size && [...b].every((p) => h.has(p) && base.files.text(p) === head.files.text(p));
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
