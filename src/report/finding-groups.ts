/**
 * Findings that say one thing many times, told once. A change that adds policies for pods an operator
 * makes gets one PEER_SELECTS_NOTHING per rule peer and one POLICY_SELECTS_NOTHING per policy (real-eval
 * 10, G: 19 findings of 2 lines each, 15 of them alike, for longhorn's 6 new policies). The prose (text
 * and the comment) gives the first of such a group in full and the others as their line, subject and
 * object, with the fix once; JSON, SARIF, the check run's annotations and `lint` keep one entry each.
 */
import type { Finding } from '../findings/types.js';
import { policyName, shownPolicy } from '../engine/index.js';
import { groupBy } from '../engine/group-by.js';

/** Fewest findings told as a group: two alike read fine on their own. */
export const FINDING_GROUP_MIN = 3;

/** One finding, or several of one code, severity, file and fix (and newness) told as the first. */
export interface FindingGroup<F extends Finding> {
  readonly first: F;
  /** The others, in their order: each told as `file:line subject (object)`. */
  readonly rest: readonly F[];
  /** How many findings the group tells (a pair told as one, `directionsTogether`, counts two). */
  readonly count: number;
}

/** What makes findings alike: code, severity, file, fix, and for a diff whether each is new. */
function groupKey(f: Finding): string {
  const fresh = 'new' in f ? String((f as { new?: boolean }).new) : '';
  return [f.code, f.severity, f.ref.file, f.fix, fresh].join('\u0000');
}

/**
 * `findings` grouped, each group in the place of its first member (the order is otherwise kept): groups of
 * at least `min` findings alike (groupKey), the others alone (`rest` empty). A finding told with its other
 * direction (types.ts `bothDirections`) is one item first (`directionsTogether`).
 */
export function findingGroups<F extends Finding>(all: readonly F[], min = FINDING_GROUP_MIN): FindingGroup<F>[] {
  const findings = directionsTogether(all);
  const byKey = groupBy(findings, groupKey);
  const out: FindingGroup<F>[] = [];
  for (const f of findings) {
    const alike = byKey.get(groupKey(f))!;
    const told = (g: F) => (paired.has(g) ? 2 : 1);
    if (alike.length < min) out.push({ first: f, rest: [], count: told(f) });
    else if (alike[0] === f) out.push({ first: f, rest: alike.slice(1), count: alike.reduce((n, g) => n + told(g), 0) });
  }
  return out;
}

/**
 * `findings` with each pair of one code, subject, line, severity and newness, an ingress and an egress finding
 * that both carry `bothDirections`, told as one in the place of the first: its message and fix are the pair's,
 * its object `ingress and egress`. A finding whose counterpart is not in `findings` stays as it is.
 */
export function directionsTogether<F extends Finding>(findings: readonly F[]): F[] {
  const pairKey = (f: F) => [f.code, f.subject, f.ref.file, f.ref.line, f.severity, 'new' in f ? String((f as { new?: boolean }).new) : ''].join('\u0000');
  const pairs = groupBy(
    findings.filter((f) => f.bothDirections),
    pairKey,
  );
  const out: F[] = [];
  for (const f of findings) {
    const pair = f.bothDirections ? pairs.get(pairKey(f))! : undefined;
    const whole = pair && pair.length === 2 && new Set(pair.map((g) => g.object)).size === 2 && pair.every((g) => g.object === 'ingress' || g.object === 'egress');
    if (!whole) out.push(f);
    else if (pair[0] === f) {
      const one: F = { ...f, message: f.bothDirections!.message, fix: f.bothDirections!.fix, object: 'ingress and egress' };
      paired.add(one);
      out.push(one);
    }
  }
  return out;
}

/**
 * A findings section's count, from its `groups` (findingGroups): `3`, or, when pairs are told as one item each (a
 * group counts more findings than it lists), `3; an ingress and an egress finding told as one` (`2 ingress and egress
 * pairs told as one each`): the reader counts the items and finds them all.
 */
export function findingsCount(groups: readonly FindingGroup<Finding>[]): string {
  const total = groups.reduce((n, g) => n + g.count, 0);
  const pairs = total - groups.reduce((n, g) => n + 1 + g.rest.length, 0);
  if (pairs === 0) return String(total);
  return `${total}; ${pairs === 1 ? 'an ingress and an egress finding told as one' : `${pairs} ingress and egress pairs told as one each`}`;
}

/** The findings `directionsTogether` made of a pair. */
const paired = new WeakSet<Finding>();

/**
 * How a grouped finding other than the first is told after its position: `NetworkPolicy longhorn-system/manager: ingress podSelector {app=csi}`,
 * `NetworkPolicy web/allow: ingress rule 2` (the object's direction in words, not its matching key `ingress:rule 2`);
 * a policy named with its kind as its message (and the first's line) names it (`CiliumClusterwideNetworkPolicy x (in db): …`,
 * not its id `db/x[CiliumClusterwideNetworkPolicy]`; `NetworkPolicy web/allow`, not `web/allow`: ux46's leftover); any
 * other subject (a workload) as its id.
 */
export function alikeText(f: Finding): string {
  const named = policyName(f.subject);
  const subject = f.message.includes(named) ? named : shownPolicy(f.subject);
  return f.object ? `${subject}: ${f.object.replace(/^(ingress|egress):/, '$1 ')}` : subject;
}

/** The lead-in of a group's other members: `the same for 4 more in this file`. */
export function alikeLead(rest: readonly Finding[]): string {
  return `the same for ${rest.length} more in this file`;
}
