/**
 * The isolation cause (isolation-causes.ts) a pair's change is told under in the headline and the grouped
 * sections. Pairs with pods the manifests do not hold: the cause of their reasons (`causeKey`). Pairs
 * between workloads (or with an address range) too, when the cause's sentence holds of them: their
 * reasons are the same lapse or start of the same policy's isolation, whose subject (the policy's
 * selector, side by side with the pairs' subject) holds their workload, so "opens S (pods no other policy
 * isolates for ingress) to every source …" is as true of it as of the pods the manifests do not hold; a
 * removed policy's rules (`isolatedByOthers`, "closes S … on TCP 9501 …") only when the pair's closed
 * ports are among the sentence's. Before, such workload pairs were separate headline items beside the
 * sentence ("opens shop/api and shop/cart to everything on any port; opens shop/web to …").
 */
import type { NamedConns } from '../engine/index.js';
import { pairConns } from '../engine/index.js';
import { causeConns } from './cause-ports.js';
import type { IsolationCause } from './isolation-causes.js';
import { causeKey } from './isolation-causes.js';
import type { ExplainedPair } from './types.js';

/** The cause of `p`'s `change` among `causes` (by key), or undefined. */
export function pairCause(p: ExplainedPair, change: 'opened' | 'closed', causes: ReadonlyMap<string, IsolationCause>): IsolationCause | undefined {
  if (causes.size === 0) return undefined;
  const conn = pairConns(p, change);
  if (!conn) return undefined;
  const key = causeKey(change, change === 'opened' ? p.whyOpened : p.whyClosed);
  const cause = key === undefined ? undefined : causes.get(key);
  if (!cause || p.src.type === 'pods' || p.dst.type === 'pods') return cause;
  if (!cause.isolatedByOthers) return cause;
  // Its ports as the sentence says them: a port name the destination workload numbers, by that name (cause-ports.ts).
  const allowing = change === 'opened' ? 'head' : 'base';
  const said = causeConns(p.dst, conn, change === 'opened' ? p.whyOpened : p.whyClosed, allowing, (id) => cause.allowing?.get(id));
  return within(said, cause.conn) ? cause : undefined;
}

const within = (a: NamedConns, b: NamedConns) => a.subtract(b).isEmpty();
