/**
 * Calico selectors read literally from the documentation's table ("Selectors"), over one label set:
 * independent of the DNF the loader builds, so tests can compare the two.
 */
import type { Labels } from '../../src/engine/model.js';
import type { CalicoSelector } from '../../src/manifests/kinds/calico-selector.js';

/** `global`: the labels are of a non-namespaced resource (never, for pods and namespaces). */
export function calicoSelectorMatches(e: CalicoSelector, labels: Labels, global = false): boolean {
  const has = (k: string) => Object.hasOwn(labels, k);
  switch (e.op) {
    case 'all':
      return true;
    case 'global':
      return global;
    case 'has':
      return has(e.key);
    case 'eq':
      return has(e.key) && labels[e.key] === e.value;
    case 'ne':
      return !has(e.key) || labels[e.key] !== e.value;
    case 'in':
      return has(e.key) && e.values.includes(labels[e.key]);
    case 'notIn':
      return !has(e.key) || !e.values.includes(labels[e.key]);
    case 'contains':
      return has(e.key) && labels[e.key].includes(e.value);
    case 'startsWith':
      return has(e.key) && labels[e.key].startsWith(e.value);
    case 'endsWith':
      return has(e.key) && labels[e.key].endsWith(e.value);
    case 'not':
      return !calicoSelectorMatches(e.expr, labels, global);
    case 'and':
      return calicoSelectorMatches(e.left, labels, global) && calicoSelectorMatches(e.right, labels, global);
    case 'or':
      return calicoSelectorMatches(e.left, labels, global) || calicoSelectorMatches(e.right, labels, global);
  }
}
