/**
 * The exceptions of a region, each the requirements its pods add to the region's own (pods-text.ts
 * `extraRequirements`), in their fewest terms: the union of the pods they take out, said with as few
 * requirements as it can be (real-eval 26, ukyi-app/homelab 33004e5: `cache/[all pods] (except those with
 * {component NotIn (valkey),name NotIn (cache-backup)} or {name=cache-backup,component NotIn (valkey)})` are
 * the pods `{component NotIn (valkey)}` takes out, so the region is `cache/[pod with {component=valkey}]`).
 *
 * Two rules of set algebra, applied until neither changes anything (Quine–McCluskey's merge and absorption):
 * - `A ∪ {r}` or `A ∪ {r̄}`, where `r̄` is the complement of `r` on the same key, is `A`: every pod meets
 *   exactly one of `k In (v…)` and `k NotIn (v…)` (same values; `NotIn` holds pods without the key), and of
 *   `k Exists` and `k DoesNotExist` (Kubernetes label selectors, apimachinery semantics);
 * - an exception whose requirements include all of another's takes out only pods that one takes out already.
 * Exact: the union of the exceptions' pods is the same. Pure; each set sorted as given, sets in first-seen order.
 */
import type { Requirement } from '../engine/index.js';

/** `sets`, merged; the same array when nothing merges. */
export function mergedExceptions(sets: readonly (readonly Requirement[])[]): readonly (readonly Requirement[])[] {
  let out = dropAbsorbed(sets);
  for (let changed = true; changed; ) {
    changed = false;
    search: for (let i = 0; i < out.length; i++) {
      for (let j = i + 1; j < out.length; j++) {
        const merged = resolve(out[i], out[j]);
        if (merged === undefined) continue;
        out = dropAbsorbed([...out.slice(0, i), merged, ...out.slice(i + 1, j), ...out.slice(j + 1)]);
        changed = true;
        break search;
      }
    }
  }
  return out.length === sets.length && out.every((s, i) => s === sets[i]) ? sets : out;
}

/** `A` when `a` and `b` are `A ∪ {r}` and `A ∪ {r̄}`; else undefined. */
function resolve(a: readonly Requirement[], b: readonly Requirement[]): readonly Requirement[] | undefined {
  if (a.length !== b.length) return undefined;
  const inB = new Set(b.map(key));
  const onlyA = a.filter((r) => !inB.has(key(r)));
  if (onlyA.length !== 1) return undefined;
  const inA = new Set(a.map(key));
  const onlyB = b.filter((r) => !inA.has(key(r)));
  if (onlyB.length !== 1 || !complementary(onlyA[0], onlyB[0])) return undefined;
  return a.filter((r) => r !== onlyA[0]);
}

/** Whether every pod meets exactly one of `r` and `s`. */
export function complementary(r: Requirement, s: Requirement): boolean {
  if (r.key !== s.key) return false;
  const ops = [r.op, s.op].sort().join(' ');
  if (ops === 'DoesNotExist Exists') return true;
  return ops === 'In NotIn' && sameValues(r.values, s.values);
}

/** Without the sets that include every requirement of another (the same set twice: the first kept). */
function dropAbsorbed(sets: readonly (readonly Requirement[])[]): readonly (readonly Requirement[])[] {
  const keys = sets.map((s) => new Set(s.map(key)));
  return sets.filter((_, i) => !keys.some((k, j) => j !== i && k.size <= keys[i].size && [...k].every((x) => keys[i].has(x)) && (k.size < keys[i].size || j < i)));
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  const x = [...new Set(a)].sort();
  const y = [...new Set(b)].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

const key = (r: Requirement) => `${r.key}\u0000${r.op}\u0000${[...new Set(r.values)].sort().join('\u0000')}`;
