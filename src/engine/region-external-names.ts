/**
 * Port names from addresses outside the cluster (ipBlock / `networks` sources) toward pods the manifests
 * do not hold. The region's ingress rules resolve a name on the region's own pods, whose container ports
 * are unknown; as for pod sources (region-port-names.ts), the region's ingress from addresses is evaluated
 * again for each name its address rules give, supposing the destination port carries that name.
 */
import { isCaptured } from './compile.js';
import { AddressSet } from './address-set.js';
import type { ConnectionSet } from './connection-set.js';
import type { Connectivity } from './connectivity.js';
import { NamedConns } from './named-conns.js';
import type { Piecewise } from './piecewise.js';
import { ALL_ALLOWED, combine } from './piecewise.js';
import { nameConns, ruleNames, tierRuleNames } from './region-port-names.js';
import { addressRulesOf, tieredPieces } from './tier-external.js';

/** A run of addresses with the same sets on both sides. */
export interface NamedAddressPiece {
  readonly addresses: AddressSet;
  readonly base: NamedConns;
  readonly head: NamedConns;
}

/** Per port name the address rules of region class `cls` give, its ingress pieces from addresses; `null` when they give none. */
function namedIngress(conn: Connectivity, cls: number): Map<string, Piecewise> | null {
  const c = conn.index.classes[cls];
  if (!c?.region) return null;
  const captured = isCaptured(conn.compiled, 'ingress', cls);
  const npRules = captured ? conn.compiled.rulesOf.ingress[cls].filter((r) => !r.peerAddresses.isEmpty()) : [];
  const tierRules = addressRulesOf(conn.tiers, 'ingress', c).rules;
  const names = new Set([...npRules.flatMap(ruleNames), ...tierRules.flatMap(tierRuleNames)].map((n) => n.name));
  if (names.size === 0) return null;
  const out = new Map<string, Piecewise>();
  for (const name of names) {
    const np = captured ? combine(npRules.map((r) => ({ addresses: r.peerAddresses, conn: r.conns(c).union(nameConns(ruleNames(r), name)) }))) : 'notCaptured';
    if (tierRules.length > 0) out.set(name, tieredPieces(np, tierRules, (r) => r.conns(c).union(nameConns(tierRuleNames(r), name))));
    else out.set(name, np === 'notCaptured' ? ALL_ALLOWED : np);
  }
  return out;
}

/**
 * What region class `cls` admits from addresses (its ingress pieces) on a container port called `name`;
 * the numeric pieces when its address rules give no name (or `cls` holds workloads).
 */
export function namedIngressPieces(conn: Connectivity, cls: number, name: string): Piecewise {
  return namedIngress(conn, cls)?.get(name) ?? conn.external.ingress[cls];
}

function lookup(pieces: Piecewise, point: bigint): ConnectionSet | undefined {
  return pieces.find((p) => p.addresses.has(point))?.conn;
}

/**
 * Addresses whose traffic toward the region (class `baseClass` in base, `headClass` in head) differs on
 * some port, named or not, with both sides' sets; `null` when neither side's address rules give a name
 * (the numeric pieces of `Connectivity.external` say it all).
 */
export function regionExternalNames(base: Connectivity, head: Connectivity, baseClass: number, headClass: number): NamedAddressPiece[] | null {
  const sides = [
    { conn: base, cls: baseClass },
    { conn: head, cls: headClass },
  ].map(({ conn, cls }) => ({ numeric: cls >= 0 ? conn.external.ingress[cls] : [], named: cls >= 0 ? namedIngress(conn, cls) : null }));
  if (!sides[0].named && !sides[1].named) return null;
  const cuts = new Set<bigint>();
  for (const s of sides) {
    for (const pieces of [s.numeric, ...(s.named?.values() ?? [])]) for (const p of pieces) for (const [a, b] of p.addresses.intervals) cuts.add(a).add(b + 1n);
  }
  const points = [...cuts].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const groups = new Map<string, { intervals: [bigint, bigint][]; base: NamedConns; head: NamedConns }>();
  for (let k = 0; k < points.length - 1; k++) {
    const [b, h] = sides.map((s) => {
      const numeric = lookup(s.numeric, points[k]) ?? NamedConns.NONE.conn;
      const byName = new Map<string, ConnectionSet>();
      for (const [name, pieces] of s.named ?? []) byName.set(name, lookup(pieces, points[k]) ?? NamedConns.NONE.conn);
      return NamedConns.exact(numeric, byName);
    });
    if (b.equals(h)) continue;
    const key = `${b.key}#${h.key}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { intervals: [], base: b, head: h }));
    g.intervals.push([points[k], points[k + 1] - 1n]);
  }
  return [...groups.values()].map((g) => ({ addresses: AddressSet.of(g.intervals), base: g.base, head: g.head }));
}
