/**
 * An abstract end's regions in `explain` text and Markdown, one line per group of regions with the same
 * verdict and deciding rules (analysis/explain-regions.ts): their names, the verdict and ports, then per
 * direction what decides it with file:line. E.g.
 * `[namespace with {team=data}]/[pod with {role=etl}]: PARTLY ALLOWED, TCP 8443 allowed, the rest denied`
 * `    ingress of shop/api: allowed by shop/api ingress rule 1 (k8s.yaml:23): TCP 8443`.
 */
import { policyName } from '../engine/index.js';
import type { AbstractParts } from '../analysis/explain-run.js';
import type { RegionGroup } from '../analysis/explain-regions.js';
import { regionText } from '../analysis/explain-regions.js';
import type { DirectionExplanation, PairQuery } from '../engine/index.js';
import type { Fmt } from './explain-text.js';
import { addressesOnly, tierRuleName } from './tier-deciders.js';
import { namedItems } from '../util/and-list.js';

/** How many region names a line gives before counting the rest. */
const NAMES_SHOWN = 4;

const WORDS = { allowed: 'ALLOWED', denied: 'DENIED', partly: 'PARTLY ALLOWED' } as const;

/** The lines, or none when every region gets the same verdict from the same rules (the answer says it all). */
export function regionGroupLines(p: AbstractParts, query: PairQuery, f: Fmt): string[] {
  if (p.groups.length <= 1) return [];
  const md = f.style === 'md';
  const how = p.alike ? (p.incomplete ? 'with this verdict as far as the region bound cut them, decided by different rules' : 'all with this verdict, decided by different rules') : 'not treated alike';
  // Past the region bound a region may hold pods the selectors left uncut decide otherwise (AbstractParts.incomplete).
  const out = [`${md ? '**By region of label space**' : 'By region of label space'} (${p.count} regions, ${how}${p.incomplete && !p.alike ? '; cut short by the region bound' : ''}):`];
  if (md) out.push('');
  for (const g of p.groups) {
    out.push(`${md ? '- ' : '  '}${names(g, f)}: ${verdictText(g, f)}`);
    for (const line of decidingLines(g, query, f)) out.push(`${md ? '  - ' : '      '}${line}`);
  }
  return out;
}

function names(g: RegionGroup, f: Fmt): string {
  const shown = namedItems(g.regions, NAMES_SHOWN).named.map((r) => regionText(r, (peer) => f.code(peer.id)));
  const more = g.regions.length - shown.length;
  return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ');
}

function verdictText(g: RegionGroup, f: Fmt): string {
  const word = f.style === 'md' ? `**${WORDS[g.verdict]}**` : WORDS[g.verdict];
  if (g.verdict === 'partly') return `${word}, ${f.conns(g.allowed)} allowed, ${g.allowed.union(g.denied).isAll() ? 'the rest' : f.conns(g.denied)} denied`;
  return `${word} on ${f.conns(g.verdict === 'allowed' ? g.allowed : g.denied)}`;
}

/** Per direction, what decides it: cluster-wide rules, the allowing rules, the isolating policies. */
function decidingLines(g: RegionGroup, query: PairQuery, f: Fmt): string[] {
  // A direction no policy selects decides nothing: said only when no direction is selected.
  const open = (d: DirectionExplanation) => d.parts.length === 1 && d.tier === 'default';
  const deciding1 = g.directions.filter((d) => !open(d));
  const lines = deciding1.length ? deciding1.map((d) => `${subject(d, query, f)}: ${deciding(d, f)}`) : ['no policy of any tier selects either end (default: allow)'];
  if (g.sampled) lines.push(`(rules as they apply to one of these regions: too many regions to explain each)`);
  return lines;
}

function subject(d: DirectionExplanation, q: PairQuery, f: Fmt): string {
  const end = d.direction === 'egress' ? q.src : q.dst;
  return `${d.direction} of ${end.type === 'pods' ? 'these pods' : f.code(f.label(end))}`;
}

function deciding(d: DirectionExplanation, f: Fmt): string {
  const pieces: string[] = [];
  for (const t of d.decisions) pieces.push(`${tierRuleName(t, d.direction)} (${f.ref(t.ref)}): ${t.action} ${f.conns(t.conn)}${addressesOnly(t)}`);
  for (const r of d.allowing) pieces.push(`allowed by ${policyName(r.policy)} ${d.direction} rule ${r.rule + 1} (${f.ref(r.ref)}): ${f.conns(r.conn)}${addressesOnly(r)}`);
  const npDenied = d.parts.some((p) => p.tier === 'NetworkPolicy' && p.verdict === 'denied');
  const isolating = d.isolating.map((p) => `${policyName(p.policy)} (${f.ref(p.ref)})`).join(', ');
  if (npDenied) pieces.push(d.allowing.length ? `the rest isolated by ${isolating}` : `isolated by ${isolating}, and no rule of theirs admits it`);
  for (const p of d.parts) if (p.tier === 'default') pieces.push(`default (allow) allows ${f.conns(p.conn)}`);
  return pieces.length ? pieces.join('; ') : `${d.allowed.isEmpty() ? 'denies' : 'allows'} it`;
}
