/**
 * Closings of pods in namespaces the change creates (analysis/namespace-lifecycle.ts `createdNamespaces`,
 * DiffReport `createdNamespaces`): the namespace's new policies isolate pods that ran nowhere before, so
 * nothing closes, unless the namespace already existed outside the repository. Both readings are said; the
 * paths are not counted, and since closings never fail a check, the check's conclusion is the rest's.
 */
import type { CreatedNamespaces } from '../analysis/types.js';
import { plural } from '../util/plural.js';
import { andList, namedItems } from '../util/and-list.js';

/** Namespaces a clause names before it counts the rest. */
const NAMED_NAMESPACES = 3;

/** `namespace shop`, `namespaces shop and billing`, `namespaces a, b, c and 2 more`. */
function namespacesText(c: CreatedNamespaces): string {
  const { named, more } = namedItems(c.namespaces, NAMED_NAMESPACES);
  const list = more ? `${named.join(', ')} and ${more} more` : named.join(', ').replace(/, ([^,]*)$/, ' and $1');
  return `${c.namespaces.length === 1 ? 'namespace' : 'namespaces'} ${list}`;
}

/** Policies the verdict's clause cites by position before it counts the rest; the note names them all. */
const CITED_POLICIES = 3;

/** `file:line` of each policy, `a.yaml:1, b.yaml:4, c.yaml:9 and 2 more`. */
function policyPlaces(c: CreatedNamespaces): string {
  const { named, more } = namedItems(c.policies.map((p) => `${p.ref.file}:${p.ref.line}`), CITED_POLICIES);
  return more ? `${named.join(', ')} and ${more} more` : andList(named);
}

/**
 * What is counted of the paths of pods the manifests do not hold in the namespaces, after "not counted": the paths the
 * change opens with them (`CreatedNamespaces.opened`), which open whether or not the namespaces existed before.
 */
function butOpened(c: CreatedNamespaces): string {
  if (!c.opened) return '';
  const one = c.namespaces.length === 1;
  return `, but for the ${c.opened === 1 ? 'path' : `${c.opened} paths`} the change opens with them, counted: ${c.opened === 1 ? 'it opens' : 'they open'} whether or not the ${one ? 'namespace' : 'namespaces'} existed before`;
}

/**
 * The verdict's clause: `namespace shop is new (its policy at np.yaml:1 applies to pods the manifests do not hold
 * yet, not counted; if it already existed, outside the repository, the change closes 1481 paths of its pods; not
 * counted)`; each part only when there is something to say (policies, paths that would close). Paths the change opens
 * with those pods (a policy elsewhere admitting the namespace by its labels) are counted, and the clause says so:
 * `… not counted, but for the path the change opens with them, counted: it opens whether or not the namespace existed
 * before; …`.
 */
export function createdClause(c: CreatedNamespaces): string {
  const one = c.namespaces.length === 1;
  const n = c.policies.length;
  const policies = n ? `${one ? 'its' : 'their'} ${n === 1 ? 'policy' : `${n} policies`} at ${policyPlaces(c)} ${n === 1 ? 'applies' : 'apply'} to pods the manifests do not hold yet, not counted${butOpened(c)}` : '';
  const existed = c.closed ? `if ${one ? 'it' : 'they'} already existed, outside the repository, the change closes ${plural(c.closed, 'path')} of ${one ? 'its' : 'their'} pods; not counted` : '';
  return `${namespacesText(c)} ${one ? 'is' : 'are'} new (${[policies, existed].filter((x) => x).join('; ')})`;
}

/**
 * The note text and Markdown give: `Namespace shop is new: what NetworkPolicy shop/web-in (np.yaml:1) allows and
 * denies applies to pods the manifests do not hold there yet, whose paths are not counted. If it already existed,
 * outside the repository (1481 paths not counted: the change creates it, so no pod of it had a path before): Closes …
 * → shop/[all pods] on any port.` Either sentence only when there is something to say.
 */
export function createdText(c: CreatedNamespaces, words: (items: CreatedNamespaces['highlights']) => string): string {
  const one = c.namespaces.length === 1;
  const n = c.policies.length;
  const named = andList(c.policies.map((p) => `${p.kind} ${p.namespace}/${p.name} (${p.ref.file}:${p.ref.line})`));
  const policies = n ? `${capitalised(namespacesText(c))} ${one ? 'is' : 'are'} new: what ${named} ${n === 1 ? 'allows and denies applies' : 'allow and deny apply'} to pods the manifests do not hold there yet, whose paths are not counted${butOpened(c)}.` : '';
  if (!c.closed) return policies;
  const told = words(c.highlights) || `The change closes ${plural(c.closed, 'path')}.`;
  const existed = `If ${n ? (one ? 'it' : 'they') : namespacesText(c)} already existed, outside the repository (${plural(c.closed, 'path')} not counted: the change creates ${one ? 'it' : 'them'}, so no pod of ${one ? 'it' : 'them'} had a path before): ${told}`;
  return policies ? `${policies} ${existed}` : existed;
}

const capitalised = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;
