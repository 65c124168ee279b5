/**
 * Renders kept between loads, by kustomization folder: a render is reused while every file it used has
 * the same text. Base and head of a pull request share almost every kustomization, and the rollback
 * search re-renders head many times with different sets of documents reverted; each distinct render is
 * done once. A folder keeps several renders (variants), one per distinct set of texts it read: the search
 * alternates between sets that revert a file a build reads and sets that do not, and a single kept render
 * was replaced at every turn. A failed build is kept by its questions to the files and their answers
 * (file-set.ts `recordedFiles`: which paths are files or folders, their texts): a file set answering each
 * alike fails alike. The search's reverts that delete a file a build names fail over and over
 * (re20-monosense 9f15e0b: 1,005 failed renders). Results are never mutated by their readers. Bounded by the used files' total text size (the oldest entries go first) and by `MAX_VARIANTS` per folder.
 */
import { SizedCache } from '../util/sized-cache.js';
import type { FileReads } from './file-set.js';
import { answersAlike, fileSetOf } from './file-set.js';
import type { Renderer } from './render-one.js';
import type { LoadRestrictor, RenderResult } from './types.js';

interface Entry {
  /** A build that succeeded: the texts of the files it used. */
  readonly inputs?: readonly (readonly [string, string])[];
  /** A failed build: its questions to the files and their answers (file-set.ts `FileReads`). */
  readonly reads?: ReadonlyMap<string, string | boolean | undefined>;
  readonly chars: number;
  readonly result: RenderResult;
}

/** Whether `files` gives `entry`'s build the same inputs (the same answers, for a failed one). */
function holds(entry: Entry, files: ReadonlyMap<string, string>): boolean {
  if (entry.reads) return answersAlike(fileSetOf(files), entry.reads as FileReads);
  return entry.inputs!.every(([path, text]) => files.get(path) === text);
}

const MAX_CHARS = 64 * 2 ** 20;
/** Variants kept per folder (and load restrictor): each lookup compares the inputs of each, newest first. */
const MAX_VARIANTS = 32;
/** Entries by variant id (`folderKey`, a NUL, a serial number). */
const cache = new SizedCache<string, Entry>(MAX_CHARS, (_id, e) => e.chars, MAX_CHARS / 4);
/** Per folder key, the ids of its variants, newest first (ids the size bound dropped are pruned as met). */
const variants = new Map<string, string[]>();
let serial = 0;

/** Forget every kept render (benchmarks measure cold renders with it). */
export function clearRenderCache(): void {
  cache.clear();
  variants.clear();
}

/**
 * The render of `dir` over `files` with `loadRestrictor`: a kept one whose inputs are unchanged, else
 * `renderer`'s (then kept). Renders with and without the load restrictor are kept apart (a build that
 * succeeds without it may fail with it).
 */
export function renderCached(files: ReadonlyMap<string, string>, dir: string, renderer: Renderer, loadRestrictor: LoadRestrictor = 'LoadRestrictionsRootOnly'): RenderResult {
  const key = loadRestrictor === 'LoadRestrictionsNone' ? `\0none\0${dir}` : dir;
  const ids = (variants.get(key) ?? []).filter((id) => cache.has(id));
  for (const id of ids) {
    const known = cache.get(id)!;
    if (holds(known, files)) return known.result;
  }
  const result = renderer.render(dir, loadRestrictor);
  const entry = result.ok ? succeeded(result, files) : result.reads ? failed(result, result.reads) : undefined;
  if (entry) {
    const id = `${key}\0${serial++}`;
    cache.set(id, entry);
    for (const old of ids.slice(MAX_VARIANTS - 1)) cache.delete(old);
    ids.splice(MAX_VARIANTS - 1);
    if (cache.has(id)) ids.unshift(id);
  }
  if (ids.length) variants.set(key, ids);
  else variants.delete(key);
  return result;
}

function succeeded(result: RenderResult, files: ReadonlyMap<string, string>): Entry {
  const inputs = [...result.used.keys()].map((path) => [path, files.get(path) ?? ''] as const);
  return { inputs, chars: inputs.reduce((n, [, t]) => n + t.length, 0), result };
}

function failed(result: RenderResult, reads: ReadonlyMap<string, string | boolean | undefined>): Entry {
  let chars = 0;
  for (const [question, answer] of reads) chars += question.length + (typeof answer === 'string' ? answer.length : 0);
  return { reads, chars, result };
}
