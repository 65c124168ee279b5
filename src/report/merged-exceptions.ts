/**
 * The exceptions of a region, each the requirements its pods add to the region's own (pods-text.ts
 * `extraRequirements`), in their fewest terms: the union of the pods they take out, said with as few
 * requirements as it can be (real-eval 26, ukyi-app/homelab 33004e5: `cache/[all pods] (except those with
 * {component NotIn (valkey),name NotIn (cache-backup)} or {name=cache-backup,component NotIn (valkey)})` are
 * the pods `{component NotIn (valkey)}` takes out, so the region is `cache/[pod with {component=valkey}]`).
 *
 * Two rules of set algebra, applied until neither changes anything (Quine–McCluskey's merge and absorption):
 * - `A ∪ {r}` or `A ∪ {s}`, where `r` and `s` are requirements on the same key, is `A ∪ {r ∪ s}` when one
 *   requirement says the pods either meets (`unite`), and `A` when every pod meets one of them: `k In (V)` or
 *   `k In (W)` is `k In (V ∪ W)`; `k NotIn (V)` or `k NotIn (W)` is `k NotIn (V ∩ W)`; `k In (V)` or
 *   `k NotIn (W)` is `k NotIn (W \ V)`; `k NotIn` of no value, `k Exists` or `k DoesNotExist`, and `k Exists` or
 *   `k NotIn (W)`, hold every pod (`NotIn` holds pods without the key: Kubernetes label selectors, apimachinery
 *   semantics). So `{name=a}`, `{name=b}` and `{name NotIn (a,b)}` beside the same requirements are those
 *   requirements (real-eval 28, rwlove/home-ops ddadabfdea: `databases/[pod with {cnpg.io/cluster=postgres-monica}]
 *   (except those with {name=dragonfly,podRole NotIn (instance)} or {name=qdrant,podRole NotIn (instance)} or
 *   {name NotIn (dragonfly,qdrant),podRole NotIn (instance)})` is the cluster's pods with `podRole=instance`);
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

/** One set for `a` and `b` when they are `A ∪ {r}` and `A ∪ {s}` with `r` and `s` on one key that `unite` joins; else undefined. */
function resolve(a: readonly Requirement[], b: readonly Requirement[]): readonly Requirement[] | undefined {
  if (a.length !== b.length) return undefined;
  const inB = new Set(b.map(key));
  const onlyA = a.filter((r) => !inB.has(key(r)));
  if (onlyA.length !== 1) return undefined;
  const inA = new Set(a.map(key));
  const onlyB = b.filter((r) => !inA.has(key(r)));
  if (onlyB.length !== 1) return undefined;
  const joined = unite(onlyA[0], onlyB[0]);
  if (joined === undefined) return undefined;
  return joined === 'all' ? a.filter((r) => r !== onlyA[0]) : a.map((r) => (r === onlyA[0] ? joined : r));
}

/**
 * The one requirement the pods meeting `r` or `s` meet (both on one key), `'all'` when every pod meets one
 * of them, undefined when no single requirement says it (`k In (V)` or `k DoesNotExist`).
 */
function unite(r: Requirement, s: Requirement): Requirement | 'all' | undefined {
  if (r.key !== s.key) return undefined;
  if (complementary(r, s)) return 'all';
  const [x, y] = ORDER[r.op] <= ORDER[s.op] ? [r, s] : [s, r];
  const values = (vs: readonly string[]) => [...new Set(vs)].sort();
  const notIn = (vs: readonly string[]): Requirement | 'all' => (vs.length === 0 ? 'all' : { key: r.key, op: 'NotIn', values: values(vs) });
  switch (`${x.op} ${y.op}`) {
    case 'In In':
      return { key: r.key, op: 'In', values: values([...x.values, ...y.values]) };
    case 'In NotIn':
      return notIn(y.values.filter((v) => !x.values.includes(v)));
    case 'NotIn NotIn':
      return notIn(x.values.filter((v) => y.values.includes(v)));
    case 'In Exists':
    case 'Exists Exists':
      return { key: r.key, op: 'Exists', values: [] };
    case 'NotIn Exists':
      return 'all';
    case 'NotIn DoesNotExist':
      return x;
    case 'DoesNotExist DoesNotExist':
      return x;
    default:
      return undefined;
  }
}

/** The order `unite` takes a pair of operators in. */
const ORDER: Readonly<Record<Requirement['op'], number>> = { In: 0, NotIn: 1, Exists: 2, DoesNotExist: 3 };

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
