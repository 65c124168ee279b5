/**
 * One object that several GitOps controller objects of one cluster apply (two builds rendering a NetworkPolicy of the
 * same kind, namespace and name, perhaps written differently), told in the words of the tool that applies them:
 *
 * - Flux: kustomize-controller applies every Kustomization's objects with one field manager, so server-side apply
 *   sees no conflict: each reconciliation of one Kustomization silently overwrites the copy the other applied, Flux
 *   reports no error, event or failed condition, and the live object is whichever applied last, flipping at each
 *   interval (kustomize-controller issues 732 and 1724, the latter still open: a warning event proposed, none emitted).
 * - Argo CD: each Application's sync applies all its manifests "regardless if the resources … are already applied by
 *   another Application" (Argo CD's sync options, "Fail the sync if a shared resource is found"); Argo CD marks the
 *   object a shared resource (the Application condition SharedResourceWarning, "… is part of applications a and b"),
 *   and the Application that synced last takes the object over while the other shows OutOfSync (argo-cd issues 2600,
 *   a maintainer: the warning is intended, each copy overwrites the other; and 18166). `FailOnSharedResource=true`
 *   fails a sync that finds such an object instead (not modelled: said in the warning).
 *
 * The loader reads a cluster model's files in path order and keeps the last copy (manifests/last-copy.ts), so
 * the copy analysed is defined: the one in the last file by path, whatever order the controllers are found in.
 * Its DUPLICATE_OBJECT warning speaks of `kubectl apply`, which is not what happens here: this module tells it in
 * the tool's words from the warning's parts (Diagnostic `duplicate`), naming each controller object at the
 * file:line of its copy and which copy is analysed.
 */
import type { Diagnostic } from '../manifests/diagnostics.js';
import { andList, andListOfPhrases } from '../util/and-list.js';

/** A controller object that applies a file: the tool and its name (a Flux Kustomization's, an Argo CD Application's). */
export interface FileOwner {
  readonly tool: 'flux' | 'argocd';
  readonly name: string;
}

/** Which Flux Kustomizations and Argo CD Applications of the cluster model read a file, on the warning's side. */
export type FileOwners = (file: string) => readonly FileOwner[];

/** The words of each tool: what its controller objects are called and what happens to a copy they share. */
const WORDS = {
  flux: {
    applied: (n: number) => `is applied by ${n} Flux Kustomizations of this cluster`,
    how: 'they apply with one field manager, so each reconciliation of one overwrites the copy another applied, Flux reports no conflict, and the cluster holds whichever applied last (give the object to one Kustomization)',
  },
  argocd: {
    applied: (n: number) => `is synced by ${n} Argo CD Applications of this cluster`,
    how: 'Argo CD reports it as a shared resource (SharedResourceWarning), each sync applies its own copy over the other, and the cluster holds whichever synced last (give the object to one Application; FailOnSharedResource=true fails such a sync instead)',
  },
} as const;

/** A place of a copy as the warning writes it (`apps/a/np.yaml:1`, `apps/a/np.yaml:1 ×2`): its file. */
const fileOf = (place: string) => place.replace(/ ×\d+$/, '').replace(/:\d+$/, '');

/**
 * `warnings` (one side of one cluster model) with each DUPLICATE_OBJECT warning whose copies more than one controller
 * object of one tool applies, no one of them applying every copy (one build holding two copies is Kustomize's own
 * matter), told as above: *NetworkPolicy shop/web-in is applied by 2 Flux Kustomizations of this cluster, alpha
 * (apps/a/np.yaml:1) and beta (here): …; analysed: this copy, the last in path order, and the earlier copy, which …,
 * is ignored* (*… is synced by 2 Argo CD Applications of this cluster, …* for Applications). Copies of files no
 * controller object reads, or of both tools at once, keep the loader's words. The ending stays the loader's, so a
 * warning base and head both have still matches (report/warning-match.ts). Others are returned as they are.
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
  const places = [...earlier.map((p) => ({ place: p, owners: owners(fileOf(p)) })), { place: 'here', owners: owners(d.ref.file) }];
  const tools = new Set(places.flatMap((b) => b.owners.map((o) => o.tool)));
  if (tools.size !== 1) return undefined;
  const tool = [...tools][0];
  const by = places.map((b) => ({ place: b.place, names: b.owners.map((o) => o.name) }));
  const all = [...new Set(by.flatMap((b) => b.names))].sort();
  // Copies of one controller object's build, or of files none here reads: the loader's words hold.
  if (all.length < 2 || by.some((b) => b.names.length === 0) || all.some((n) => by.every((b) => b.names.includes(n)))) return undefined;
  const who = andListOfPhrases(by.map((b) => `${andList([...b.names].sort())} (${b.place})`));
  return { ...d, message: `${object} ${WORDS[tool].applied(all.length)}, ${who}: ${WORDS[tool].how}; analysed: this copy, the last in path order, and ${ignored}` };
}
