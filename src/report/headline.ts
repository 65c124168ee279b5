/**
 * The comment's first words: what matters, most severe first, before any table. E.g. "Opens
 * shop/payments (PCI) to every namespace on TCP 9090 (1 rule, policies/shop.yaml:100); opens egress
 * from shop/cart to the internet on TCP 443 (1 rule, policies/cart.yaml:12); closes shop/cart →
 * data/redis TCP 6379." Built from the diff's highlights (analysis/highlights.ts): a change is told
 * from the end whose policy made it — the destination admits (ingress), the source may reach (egress).
 */
import type { Highlight } from '../analysis/highlights.js';
import type { PeerRef } from '../engine/index.js';
import { connText } from './mismatch-text.js';
import type { PeerLabel } from './peer-label.js';

/** How many changes the sentence names before "and N more". */
export const HEADLINE_ITEMS = 3;

export function headline(items: readonly Highlight[], label: PeerLabel, max = HEADLINE_ITEMS): string {
  if (items.length === 0) return '';
  const parts = items.slice(0, max).map((h) => (h.change === 'opened' ? opens(h, label) : closes(h, label)));
  const more = items.length - max;
  const text = parts.join('; ') + (more > 0 ? `; and ${more} more change${more === 1 ? '' : 's'}` : '');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

const WIDE = new Set(['everything', 'every namespace', 'the internet']);

function opens(h: Highlight, label: PeerLabel): string {
  const tags = h.tags.length ? ` (${h.tags.join(', ')})` : '';
  const wide = h.reach !== undefined && WIDE.has(h.reach);
  // The source's egress rules: what the sources may now reach, said from the sources.
  if (h.direction === 'egress') return `opens egress from ${peers(h.srcs, label)} to ${wide ? h.reach : peers(h.dsts, label)}${tags} on ${connText(h.conn)}${rules(h)}`;
  return `opens ${peers(h.dsts, label)}${tags} to ${wide ? h.reach : peers(h.srcs, label)} on ${connText(h.conn)}${rules(h)}`;
}

function closes(h: Highlight, label: PeerLabel): string {
  const tags = h.tags.length ? ` (${h.tags.join(', ')})` : '';
  return `closes ${peers(h.srcs, label)} → ${peers(h.dsts, label)}${tags} ${connText(h.conn)}`;
}

/**
 * One or two peers by name; more as a count with their namespaces. Peers in no one namespace (address
 * ranges, the ingress controller, abstract pods chosen by namespace labels) are "beyond" them.
 */
function peers(list: readonly PeerRef[], label: PeerLabel): string {
  if (list.length <= 2) return list.map(label).join(' and ');
  const nsOf = (p: PeerRef) => (p.type === 'workload' ? p.workload.namespace : p.type === 'pods' ? p.peer.namespace : undefined);
  const namespaces = new Set(list.map(nsOf).filter((ns) => ns !== undefined));
  const beyond = list.some((p) => nsOf(p) === undefined);
  const noun = list.every((p) => p.type === 'workload') ? 'workloads' : 'peers';
  if (namespaces.size === 0) return `${list.length} ${noun}`;
  const where = namespaces.size === 1 ? `in ${[...namespaces][0]}` : `in ${namespaces.size} namespaces`;
  return `${list.length} ${noun} ${where}${beyond ? ' and beyond' : ''}`;
}

function rules(h: Highlight): string {
  if (h.refs.length === 0) return '';
  const shown = h.refs.slice(0, 2).map((r) => `${r.file}:${r.line}`);
  return ` (${h.refs.length} rule${h.refs.length === 1 ? '' : 's'}, ${shown.join(', ')}${h.refs.length > 2 ? ', …' : ''})`;
}
