/**
 * Paths that hold only if pods the change probably removes still run (analysis/gone-pods.ts, DiffReport
 * `assumedGone`): real-eval 10 E, longhorn 6663b975 removed the conversion webhook's Service and its policy and
 * read "5100 paths opened", exit 1. As for a fold's assumption (assumed-fold.ts), the verdict gives both
 * readings, Markdown is ⚠️ and the check run never `success` (unproven.ts); the paths are not counted, so the
 * exit code does not fail on them.
 */
import type { AssumedGone } from '../analysis/types.js';
import { foldEffect } from './assumed-fold.js';

/** `NetworkPolicy sys/a removed together with Service sys/a`; several: `NetworkPolicies sys/a (with Service sys/a) and sys/b (with HelmRelease x/b) removed`. */
function removedText(gone: AssumedGone): string {
  const ps = gone.policies;
  const withText = (w: readonly string[]) => w.join(', ').replace(/, ([^,]*)$/, ' and $1');
  if (ps.length === 1) return `NetworkPolicy ${ps[0].policy} removed together with ${withText(ps[0].removedWith)}`;
  const each = ps.map((p) => `${p.policy} (with ${withText(p.removedWith)})`);
  return `NetworkPolicies ${each.join(', ').replace(/, ([^,]*)$/, ' and $1')} removed`;
}

/** `NetworkPolicy sys/a removed together with Service sys/a: its pods are probably gone; if they still run, it opens 4 paths`. */
export function goneClause(gone: AssumedGone): string {
  const their = gone.policies.length === 1 ? 'its' : 'their';
  return `${removedText(gone)}: ${their} pods are probably gone; if they still run, ${gone.policies.length === 1 ? 'it' : 'the change'} ${foldEffect(gone)}`;
}

/** The reason unproven.ts gives: `only if the pods of NetworkPolicy sys/a are gone`. */
export function goneReason(gone: AssumedGone): string {
  return `only if the pods of ${gone.policies.length === 1 ? 'NetworkPolicy' : 'NetworkPolicies'} ${gone.policies.map((p) => p.policy).join(', ')} are gone`;
}

/** The note text and Markdown give: `If the pods of NetworkPolicy sys/a still run (not counted, …): Opens sys/[pod with {role=a}] to everything on any port.` */
export function goneText(gone: AssumedGone, words: (items: AssumedGone['highlights']) => string): string {
  const told = words(gone.highlights) || `${capital(foldEffect(gone))}.`;
  const which = `${gone.policies.length === 1 ? 'NetworkPolicy' : 'NetworkPolicies'} ${gone.policies.map((p) => p.policy).join(', ')}`;
  return `If the pods of ${which} still run (${gone.opened + gone.closed} ${gone.opened + gone.closed === 1 ? 'path' : 'paths'} not counted, so the check does not fail on them): ${told}`;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
