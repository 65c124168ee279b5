/**
 * The comment's first words: what matters, most severe first, before any table. E.g. "Opens
 * shop/payments (PCI) to every namespace on TCP 9090 (1 rule, policies/shop.yaml:100); closes
 * shop/cart → data/redis TCP 6379." Built from the diff's highlights (analysis/highlights.ts).
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

function opens(h: Highlight, label: PeerLabel): string {
  const tags = h.tags.length ? ` (${h.tags.join(', ')})` : '';
  const who = h.reach === 'everything' || h.reach === 'every namespace' || h.reach === 'the internet' ? h.reach : peers(h.srcs, label);
  return `opens ${peers(h.dsts, label)}${tags} to ${who} on ${connText(h.conn)}${rules(h)}`;
}

function closes(h: Highlight, label: PeerLabel): string {
  const tags = h.tags.length ? ` (${h.tags.join(', ')})` : '';
  return `closes ${peers(h.srcs, label)} → ${peers(h.dsts, label)}${tags} ${connText(h.conn)}`;
}

/** One or two peers by name; more as a count, with their namespace when they share one. */
function peers(list: readonly PeerRef[], label: PeerLabel): string {
  if (list.length <= 2) return list.map(label).join(' and ');
  const namespaces = new Set(list.map((p) => (p.type === 'workload' ? p.workload.namespace : p.type === 'pods' ? (p.peer.namespace ?? '*') : '*')));
  const [only] = namespaces;
  return namespaces.size === 1 && only !== '*' ? `${list.length} workloads in ${only}` : `${list.length} peers in ${namespaces.size} namespace${namespaces.size === 1 ? '' : 's'}`;
}

function rules(h: Highlight): string {
  if (h.refs.length === 0) return '';
  const shown = h.refs.slice(0, 2).map((r) => `${r.file}:${r.line}`);
  return ` (${h.refs.length} rule${h.refs.length === 1 ? '' : 's'}, ${shown.join(', ')}${h.refs.length > 2 ? ', …' : ''})`;
}
