/**
 * One object that several Flux Kustomizations of one cluster apply (two builds rendering a NetworkPolicy of the
 * same kind, namespace and name, perhaps written differently). kustomize-controller applies every
 * Kustomization's objects with one field manager, so server-side apply sees no conflict: each reconciliation of
 * one Kustomization silently overwrites the copy the other applied, Flux reports no error, event or failed
 * condition, and the live object is whichever applied last, flipping at each interval (kustomize-controller
 * issues 732 and 1724, the latter still open: a warning event proposed, none emitted).
 *
 * The loader reads a cluster model's files in path order and keeps the last copy (manifests/last-copy.ts), so
 * the copy analysed is defined: the one in the last file by path, whatever order the Kustomizations are found
 * in. Its DUPLICATE_OBJECT warning speaks of `kubectl apply`, which is not what happens here: this module tells
 * it in Flux's words from the warning's parts (Diagnostic `duplicate`), naming each Kustomization at the
 * file:line of its copy and which copy is analysed.
 */
import type { Diagnostic } from '../manifests/diagnostics.js';
import { andList, andListOfPhrases } from '../util/and-list.js';

/** Which Flux Kustomizations (by name) of the cluster model read a file, on the warning's side. */
export type FileOwners = (file: string) => readonly string[];

/** A place of a copy as the warning writes it (`apps/a/np.yaml:1`, `apps/a/np.yaml:1 ×2`): its file. */
const fileOf = (place: string) => place.replace(/ ×\d+$/, '').replace(/:\d+$/, '');

/**
 * `warnings` (one side of one cluster model) with each DUPLICATE_OBJECT warning whose copies more than one Flux
 * Kustomization applies, no one of them applying every copy (one build holding two copies is Kustomize's own
 * matter), told as above: *NetworkPolicy shop/web-in is applied by 2 Flux Kustomizations of this cluster,
 * alpha (apps/a/np.yaml:1) and beta (here): …; analysed: this copy, the last in path order, and the earlier copy,
 * which …, is ignored*. The ending stays the loader's, so a warning base and head both have still matches
 * (report/warning-match.ts). Others are returned as they are.
 */
export function coAppliedWarnings(warnings: readonly Diagnostic[], owners: FileOwners): Diagnostic[] {
  if (!warnings.some((d) => d.code === 'DUPLICATE_OBJECT')) return [...warnings];
  return warnings.map((d) => (d.code === 'DUPLICATE_OBJECT' ? told(d, owners) ?? d : d));
}

function told(d: Diagnostic, owners: FileOwners): Diagnostic | undefined {
  // The warning's parts (last-copy.ts): none for copies of one document only.
  if (!d.duplicate) return undefined;
  const { object, earlier, ignored } = d.duplicate;
  if (earlier.includes('here')) return undefined;
  const by = [...earlier.map((p) => ({ place: p, names: owners(fileOf(p)) })), { place: 'here', names: owners(d.ref.file) }];
  const all = [...new Set(by.flatMap((b) => b.names))].sort();
  // Copies of one Kustomization's build, or of files no Kustomization here reads: the loader's words hold.
  if (all.length < 2 || by.some((b) => b.names.length === 0) || all.some((n) => by.every((b) => b.names.includes(n)))) return undefined;
  const who = andListOfPhrases(by.map((b) => `${andList([...b.names].sort())} (${b.place})`));
  const how = 'they apply with one field manager, so each reconciliation of one overwrites the copy another applied, Flux reports no conflict, and the cluster holds whichever applied last (give the object to one Kustomization)';
  return { ...d, message: `${object} is applied by ${all.length} Flux Kustomizations of this cluster, ${who}: ${how}; analysed: this copy, the last in path order, and ${ignored}` };
}
