/**
 * Paths that hold only if pods the change probably removes still run (analysis/gone-pods.ts, DiffReport
 * `assumedGone`): real-eval 10 E, longhorn 6663b975 removed the conversion webhook's Service and its policy and
 * read "5100 paths opened", exit 1. As for a fold's assumption (assumed-fold.ts), the verdict gives both
 * readings, Markdown is ⚠️ and the check run never `success` (unproven.ts); the paths are not counted, so the
 * exit code does not fail on them.
 */
import type { AssumedGone } from '../analysis/types.js';
import { foldEffect } from './assumed-fold.js';
import { policyName, shownPolicy } from '../engine/index.js';

/** `NetworkPolicy sys/a removed together with Service sys/a`; several: `NetworkPolicies sys/a (with Service sys/a) and sys/b (with HelmRelease x/b) removed`. */
function removedText(gone: AssumedGone): string {
  const ps = gone.policies;
  const withText = (w: readonly string[]) => w.join(', ').replace(/, ([^,]*)$/, ' and $1');
  if (ps.length === 1) return `${policyName(ps[0].policy)} removed together with ${withText(ps[0].removedWith)}`;
  const each = ps.map((p) => `${shownPolicy(p.policy)} (with ${withText(p.removedWith)})`);
  return `${policiesWord(gone)} ${each.join(', ').replace(/, ([^,]*)$/, ' and $1')} removed`;
}

/**
 * `NetworkPolicy sys/a removed together with Service sys/a: its pods are probably gone; if they still run, it opens 4 paths`;
 * with paths of namespace-less policies placed in `default` (analysis/placed-pairs.ts), or only those:
 * `paths it opens rest on placing the namespace-less policies of a/b in \`default\`, which nothing names; …`.
 */
export function goneClause(gone: AssumedGone): string {
  const their = gone.policies.length === 1 ? 'its' : 'their';
  const removed = gone.policies.length ? `${removedText(gone)}: ${their} pods are probably gone; if they still run, ${gone.policies.length === 1 ? 'it' : 'the change'} ${foldEffect(gone)}` : '';
  const placed = gone.placed?.length ? `the paths ${gone.policies.length ? 'of the rest' : `it ${foldEffect(gone).replace(/ \d+ paths?/g, '')}`} rest on placing ${placedWhat(gone.placed)} in \`default\`, which nothing names: there it ${foldEffect(gone)} (not counted; applied to another namespace, as \`kubectl apply -k\` with a context's namespace or an Argo CD destination may, they govern that namespace's pods instead)` : '';
  return [removed, placed].filter(Boolean).join('; ');
}

/** What "no change" is said of beside these paths: `for the pods that remain`, `where the manifests name the namespace` (placement only). */
export function goneRemainder(gone: AssumedGone): string {
  return gone.policies.length ? 'for the pods that remain' : 'where the manifests name the namespace';
}

/** The reason unproven.ts gives: `only if the pods of NetworkPolicy sys/a are gone`, `only if the namespace-less policies of a/b are not applied in \`default\``. */
export function goneReason(gone: AssumedGone): string {
  const removed = gone.policies.length ? `only if the pods of ${whichPolicies(gone)} are gone` : '';
  const placed = gone.placed?.length ? `only if ${placedWhat(gone.placed)} are not applied in \`default\`` : '';
  return [removed, placed].filter(Boolean).join(' and ');
}

/** The note text and Markdown give: `If the pods of NetworkPolicy sys/a still run (not counted, …): Opens sys/[pod with {role=a}] to everything on any port.` */
export function goneText(gone: AssumedGone, words: (items: AssumedGone['highlights']) => string): string {
  const told = words(gone.highlights) || `${capital(foldEffect(gone))}.`;
  const which = whichPolicies(gone);
  const conditions = [...(gone.policies.length ? [`the pods of ${which} still run`] : []), ...(gone.placed?.length ? [`${placedWhat(gone.placed)} are applied in \`default\`, which nothing names`] : [])];
  return `If ${conditions.join(', or if ')} (${gone.opened + gone.closed} ${gone.opened + gone.closed === 1 ? 'path' : 'paths'} not counted, so the check does not fail on them): ${told}`;
}

/** `NetworkPolicy sys/a`, `NetworkPolicies sys/a, sys/b`; a Cilium policy's part with its kind (`CiliumNetworkPolicy sys/a`). */
function whichPolicies(gone: AssumedGone): string {
  if (gone.policies.length === 1) return policyName(gone.policies[0].policy);
  return `${policiesWord(gone)} ${gone.policies.map((p) => shownPolicy(p.policy)).join(', ')}`;
}

/** `NetworkPolicies`, or `policies` when some are of another kind (named each with its kind). */
function policiesWord(gone: AssumedGone): string {
  return gone.policies.some((p) => shownPolicy(p.policy) !== p.policy) ? 'policies' : 'NetworkPolicies';
}

/** `the namespace-less policies of tenants/defaults/networkpolicy` (folders, `.` for the top). */
function placedWhat(folders: readonly string[]): string {
  return `the namespace-less policies of ${folders.join(', ').replace(/, ([^,]*)$/, ' and $1')}`;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
