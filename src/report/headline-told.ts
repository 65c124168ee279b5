/**
 * A section of pods the manifests do not hold that adds nothing to the headline (new-user 46 #4, F16): one
 * line, of no isolation cause, one subject and one peer (both pods the manifests do not hold, standing for no
 * workload), on the ports and at the rule the headline already names (`Opens monitoring/[pod with {…}] to monitoring/[pod with {…}] … on TCP 9090 (1 rule, FILE:25)`).
 * Text and Markdown then give the section's title and count alone; JSON keeps every pair.
 */
import type { CauseSection } from './cause-sections.js';
import type { PeerLabel } from './peer-label.js';
import type { RefFormatter } from './reason-text.js';
import { portsText } from './ports-text.js';

/** `sections` (one change's, causeSections') is one line every part of which `headline` says (peers by `label`, the rule by `plainRef`). */
export function headlineTells(sections: readonly CauseSection[], headline: string | undefined, label: PeerLabel, plainRef: RefFormatter): boolean {
  if (!headline || sections.length !== 1 || sections[0].cause || sections[0].groups.length !== 1) return false;
  const g = sections[0].groups[0];
  // Both ends pods the manifests do not hold, none standing for workloads today: the headline names workloads
  // without their kind, which the line gives (`(monitoring/grafana[Deployment] today)`).
  if (g.subjects.length !== 1 || g.others.length !== 1 || g.subjects[0].type !== 'pods' || g.others[0].type !== 'pods' || g.today.size > 0) return false;
  if (g.changes.length || g.unchangedForSome || g.narrowerForSome?.length) return false;
  if (g.rules.length !== 1 || g.rules[0].kind !== 'allowed-by-rule') return false;
  const ports = g.conn.conn.isAll() && g.conn.names.length === 0 ? undefined : portsText(g.conn);
  const said = [label(g.subjects[0]), label(g.others[0]), plainRef(g.rules[0].ref, g.rules[0].side), ...(ports ? [`on ${ports}`] : [])];
  return said.every((s) => headline.includes(s));
}

/** What the section says instead of its one line. */
export const HEADLINE_TELLS = 'the one rule the headline names';
