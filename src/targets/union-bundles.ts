/**
 * A plain bundle that repeats several plain folders together is the alternative of their union, not of
 * each: microservices-demo's `release/` holds `kubernetes-manifests/` and `istio-manifests/` concatenated,
 * so the two folders are one deployment (applied together) and `release/` is what is applied instead.
 * Read pair by pair, each folder was an alternative of the bundle on its own and the folders were cut
 * apart (real-eval 9, C1): the Istio objects then met other targets' workloads, never their own.
 *
 * A unit (alternative-bundles.ts: a folder, or a file of a folder whose files redefine each other) is a
 * part of another, the whole, when most of the objects it defines (any kind, by kind, namespace and name)
 * are objects the whole defines too, and it defines fewer. The parts of a whole form its union when there
 * are at least two, none is an alternative of another (they share no workload or policy), at least one is
 * an alternative of the whole (else nothing splits them), and together they define most of the whole's
 * objects. A unit is in one union at most, and a whole is no part of another union.
 */

/** The share of a part's objects the whole must define, and of the whole's objects the parts must define together. */
const PART_SHARE = 0.8;

/**
 * Each unit that is a part of a union → the union's name (its parts' names, sorted, joined with ` + `).
 * `keys`: each unit's object keys (`Kind/namespace/name`, every kind); `alternativesOf`: each unit → the
 * units that define a workload or policy it defines too (both directions; units without any are absent).
 * Only units with alternatives are tried as wholes, so the cost is the units times those few wholes: asking
 * every pair of units (ministryofjustice/cloud-platform-environments: 1,465 namespace folders, 2.1 million
 * pairs) took 9 of a diff's 17 seconds (real-eval 19).
 */
export function unionParts(keys: ReadonlyMap<string, ReadonlySet<string>>, alternativesOf: ReadonlyMap<string, ReadonlySet<string>>): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  const alternatives = (a: string, b: string) => alternativesOf.get(a)?.has(b) === true;
  for (const [whole, wholeKeys] of keys) {
    if (taken.has(whole) || wholeKeys.size === 0) continue;
    // Only a unit that is an alternative of another can be the alternative of a union (and most are not).
    if (![...(alternativesOf.get(whole) ?? [])].some((u) => u !== whole)) continue;
    const parts = [...keys].filter(([u, k]) => u !== whole && !taken.has(u) && k.size > 0 && k.size < wholeKeys.size && shared(k, wholeKeys) >= PART_SHARE * k.size).map(([u]) => u);
    if (parts.length < 2 || !parts.some((p) => alternatives(p, whole))) continue;
    if (parts.some((p, i) => parts.some((q, j) => i < j && alternatives(p, q)))) continue;
    const together = new Set(parts.flatMap((p) => [...keys.get(p)!]));
    if (shared(wholeKeys, together) < PART_SHARE * wholeKeys.size) continue;
    const name = [...parts].sort().join(' + ');
    for (const p of parts) out.set(p, name), taken.add(p);
    taken.add(whole);
  }
  return out;
}

/** How many of `a` are in `b`. */
function shared(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let n = 0;
  for (const k of a) if (b.has(k)) n++;
  return n;
}
