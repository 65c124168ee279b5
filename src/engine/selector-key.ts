import type { LabelSelector } from './model.js';

/** Keys already made, per selector object (selectors are never mutated): regions, names and rules ask about the same ones often. */
const keys = new WeakMap<LabelSelector, string>();

/** A canonical text for a selector: equal selectors (whatever their key or value order) give equal keys. */
export function selectorKey(selector: LabelSelector): string {
  let key = keys.get(selector);
  if (key === undefined) keys.set(selector, (key = keyOf(selector)));
  return key;
}

function keyOf(selector: LabelSelector): string {
  const labels = Object.keys(selector.matchLabels)
    .sort()
    .map((k) => `${k}\u0000${selector.matchLabels[k]}`)
    .join('\u0001');
  if (selector.expressions.length === 0) return labels;
  const exprs = selector.expressions.map((r) => `${r.key}\u0000${r.op}\u0000${[...r.values].sort().join('\u0000')}`).sort();
  return `${labels}\u0002${exprs.join('\u0001')}`;
}
