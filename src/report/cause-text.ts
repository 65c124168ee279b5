/**
 * A policy's isolation lapsing or starting (analysis/isolation-causes.ts) as one sentence, said in the
 * headline and above the lines it stands for: `opens longhorn-system/[pod with {app=webhook}] (pods no
 * other policy isolates for ingress) to every source on any port its egress allows: NetworkPolicy
 * longhorn-system/webhook removed (base:np.yaml:1); 7,728 paths over 11 label combinations`. Each clause
 * holds of every pod the subject names that the brackets keep (test/property/diff-claims-hold.test.ts).
 */
import type { IsolationCause } from '../analysis/isolation-causes.js';
import type { PeerLabel } from './peer-label.js';
import { portsText } from './ports-text.js';
import type { RefFormatter } from './reason-text.js';
import { plainRef, policyName } from './reason-text.js';

/** The sentence, lower-case first (the headline capitalises it). */
export function causeText(c: IsolationCause, label: PeerLabel, fmt: RefFormatter = plainRef): string {
  return `${causeEffect(c, label)}: ${causeWhy(c, fmt)}; ${causeCount(c)}`;
}

/** What the subject's pods now admit or may reach: `opens S (pods no other policy isolates for ingress) to every source on any port its egress allows`. */
export function causeEffect(c: IsolationCause, label: PeerLabel): string {
  const subject = label({ type: 'pods', peer: c.subject });
  const d = c.direction;
  const others = c.how === 'pod-selector' ? 'no policy' : 'no other policy';
  if (c.isolatedByOthers) {
    const which = `pods other policies isolate for ${d}`;
    return d === 'ingress'
      ? `closes ${subject} (${which}) on ${portsText(c.conn)} to the sources its rules admitted there and no other policy admits`
      : `closes egress from ${subject} (${which}) on ${portsText(c.conn)} to the destinations its rules allowed there and no other policy allows`;
  }
  if (c.change === 'opened') {
    const which = `pods ${others} isolates for ${d}${c.how === 'pod-selector' ? ' in head' : ''}`;
    return d === 'ingress'
      ? `opens ${subject} (${which}) to every source on any port its egress allows`
      : `opens egress from ${subject} (${which}) to every destination on any port its ingress allows`;
  }
  const which = `pods ${others} isolated for ${d} in base`;
  return d === 'ingress'
    ? `closes ${subject} (${which}) to every source but those head's policies admit`
    : `closes egress from ${subject} (${which}) to every destination but those head's policies allow`;
}

/** The policy's change: `NetworkPolicy ns/name removed (base:np.yaml:1)`. */
export function causeWhy(c: IsolationCause, fmt: RefFormatter = plainRef): string {
  const name = policyName(c.policy);
  const at = fmt(c.ref, c.side);
  switch (c.how) {
    case 'removed':
      return `${name} removed (${at})`;
    case 'added':
      return `${name} added (${at})`;
    case 'policy-types':
      return `${name} ${c.change === 'opened' ? 'no longer isolates' : 'now isolates'} ${c.direction} (its policyTypes, ${at})`;
    case 'pod-selector':
      return `${name}'s podSelector ${c.change === 'opened' ? 'no longer selects' : 'now selects'} them (${at})`;
  }
}

/** `7,728 paths over 11 label combinations`. */
export function causeCount(c: IsolationCause): string {
  const n = (k: number, one: string) => `${k.toLocaleString('en-US')} ${one}${k === 1 ? '' : 's'}`;
  return `${n(c.paths, 'path')} over ${n(c.combinations, 'label combination')}`;
}
