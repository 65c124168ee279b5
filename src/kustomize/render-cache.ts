/**
 * Renders kept between loads, by kustomization folder: a render is reused while every file it used has
 * the same text. Base and head of a pull request share almost every kustomization, and the rollback
 * search re-renders head many times with one document reverted; each distinct render is done once.
 * Results are never mutated by their readers. Failed builds are not kept. Bounded by the used files'
 * total text size; the oldest entries go first.
 */
import { SizedCache } from '../util/sized-cache.js';
import type { Renderer } from './render-one.js';
import type { LoadRestrictor, RenderResult } from './types.js';

interface Entry {
  readonly inputs: readonly (readonly [string, string])[];
  readonly chars: number;
  readonly result: RenderResult;
}

const MAX_CHARS = 64 * 2 ** 20;
const cache = new SizedCache<string, Entry>(MAX_CHARS, (_dir, e) => e.chars, MAX_CHARS / 4);

/** Forget every kept render (benchmarks measure cold renders with it). */
export function clearRenderCache(): void {
  cache.clear();
}

/**
 * The render of `dir` over `files` with `loadRestrictor`: the kept one when its inputs are unchanged, else
 * `renderer`'s (then kept). Renders with and without the load restrictor are kept apart (a build that
 * succeeds without it may fail with it).
 */
export function renderCached(files: ReadonlyMap<string, string>, dir: string, renderer: Renderer, loadRestrictor: LoadRestrictor = 'LoadRestrictionsRootOnly'): RenderResult {
  const key = loadRestrictor === 'LoadRestrictionsNone' ? `\0none\0${dir}` : dir;
  const known = cache.get(key);
  if (known && known.inputs.every(([path, text]) => files.get(path) === text)) return known.result;
  const result = renderer.render(dir, loadRestrictor);
  if (known) cache.delete(key);
  if (result.ok) {
    const inputs = [...result.used.keys()].map((path) => [path, files.get(path) ?? ''] as const);
    cache.set(key, { inputs, chars: inputs.reduce((n, [, t]) => n + t.length, 0), result });
  }
  return result;
}
