/**
 * Closings of pods in namespaces the change creates (analysis/namespace-lifecycle.ts `createdNamespaces`,
 * DiffReport `createdNamespaces`): the namespace's new policies isolate pods that ran nowhere before, so
 * nothing closes, unless the namespace already existed outside the repository. Both readings are said; the
 * paths are not counted, and since closings never fail a check, the check's conclusion is the rest's.
 */
import type { CreatedNamespaces } from '../analysis/types.js';
import { plural } from '../util/plural.js';
import { namedItems } from '../util/and-list.js';

/** Namespaces a clause names before it counts the rest. */
const NAMED_NAMESPACES = 3;

/** `namespace shop`, `namespaces shop and billing`, `namespaces a, b, c and 2 more`. */
function namespacesText(c: CreatedNamespaces): string {
  const { named, more } = namedItems(c.namespaces, NAMED_NAMESPACES);
  const list = more ? `${named.join(', ')} and ${more} more` : named.join(', ').replace(/, ([^,]*)$/, ' and $1');
  return `${c.namespaces.length === 1 ? 'namespace' : 'namespaces'} ${list}`;
}

/**
 * The verdict's clause: `namespace shop is new (if it already existed, outside the repository, the change closes
 * 1481 paths of its pods; not counted)`.
 */
export function createdClause(c: CreatedNamespaces): string {
  const one = c.namespaces.length === 1;
  return `${namespacesText(c)} ${one ? 'is' : 'are'} new (if ${one ? 'it' : 'they'} already existed, outside the repository, the change closes ${plural(c.closed, 'path')} of ${one ? 'its' : 'their'} pods; not counted)`;
}

/**
 * The note text and Markdown give: `If namespace shop already existed, outside the repository (1481 paths not
 * counted: the change creates it, so no pod of it had a path before): Closes … → shop/[all pods] on any port.`
 */
export function createdText(c: CreatedNamespaces, words: (items: CreatedNamespaces['highlights']) => string): string {
  const one = c.namespaces.length === 1;
  const told = words(c.highlights) || `The change closes ${plural(c.closed, 'path')}.`;
  return `If ${namespacesText(c)} already existed, outside the repository (${plural(c.closed, 'path')} not counted: the change creates ${one ? 'it' : 'them'}, so no pod of ${one ? 'it' : 'them'} had a path before): ${told}`;
}
