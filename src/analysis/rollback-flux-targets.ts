/**
 * Flux Kustomization objects in a rollback. Flux's kustomize-controller builds an object's `spec.path`
 * folder; when the folder has no kustomization file it generates one listing the folder's files, and when
 * the folder is gone the object fails ("kustomization path not found") and applies nothing. So:
 * - deleting the kustomization file of a folder a Flux Kustomization builds leaves its files deployed
 *   (they are no tidying: `fluxRootsOf` gives the folders such objects build);
 * - a rollback that takes apart the folder of a Flux Kustomization the change added (with its folder)
 *   leaves that object behind, failing or deploying what is left: the clean revert removes the object with
 *   its folder, and the `resources` entry naming its file (`wholeFluxTargets`).
 * Source: Flux kustomize-controller, "Kustomization" API (spec.path; generated kustomization.yaml; garbage
 * collection of a deleted object's inventory when spec.prune is true).
 */
import { posix } from 'node:path';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { inFolder } from '../util/repo-paths.js';
import { KUSTOMIZATION_FILE_NAMES } from '../kustomize/index.js';
import { FLUX_EDIT_KIND } from '../kustomize/flux-edit.js';
import type { DocumentChange } from './types.js';

/** One Flux Kustomization document: its change (or head document key), its name, and the folder it builds ('' = the repository root). */
export interface FluxObject {
  readonly key: string;
  readonly file: string;
  readonly name: string;
  readonly root: string;
}

/**
 * The folder a Flux Kustomization document builds, as a repository path ('' for `./`); undefined for any
 * other document, a path with a `${VAR}` (Flux substitutes none there) or one leaving the repository.
 */
export function fluxRootOf(text: string): { name: string; root: string } | undefined {
  if (!text.includes('kustomize.toolkit.fluxcd.io')) return undefined;
  const docs = parseDocuments(text, 'yaml', false);
  if (docs.length !== 1 || docs[0].error) return undefined;
  const v = docs[0].value as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown }; spec?: { path?: unknown } } | null;
  if (!v || typeof v !== 'object' || v.kind !== 'Kustomization' || typeof v.apiVersion !== 'string' || !v.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/')) return undefined;
  const path = v.spec?.path ?? './';
  if (typeof path !== 'string' || path.includes('$')) return undefined;
  const root = posix.normalize(`./${path}`).replace(/^\.\/?|\/$/g, '');
  return root.startsWith('..') ? undefined : { name: typeof v.metadata?.name === 'string' ? v.metadata.name : '(no name)', root };
}

/** The Flux Kustomization documents among `docs` (their head text), with the folders they build. */
export function fluxObjectsOf(docs: readonly { key: string; file: string; text: string }[]): FluxObject[] {
  const out: FluxObject[] = [];
  for (const d of docs) {
    const read = fluxRootOf(d.text);
    if (read !== undefined) out.push({ key: d.key, file: d.file, ...read });
  }
  return out;
}

/** What `wholeFluxTargets` and `restoredFluxTargets` need of the change and of the revert relevance. */
export interface WholeTargetInputs {
  readonly changes: readonly DocumentChange[];
  /** Whether base has any document in this file. */
  readonly baseHasFile: (file: string) => boolean;
  /** Whether base has any document in a file below this folder. */
  readonly baseHasFolder: (folder: string) => boolean;
  /** The `resources` entries an edited kustomization adds, when they are its only change (undefined otherwise). */
  readonly addedEntries: (c: DocumentChange) => string[] | undefined;
  /** Head's kustomization files naming this path (repository paths). */
  readonly namers: (path: string) => readonly string[];
  /** Whether head has any document in a file below this folder. */
  readonly headHasFolder: (folder: string) => boolean;
  /** The `resources` entries an edited kustomization removes, when they are its only change (undefined otherwise). */
  readonly removedEntries: (c: DocumentChange) => string[] | undefined;
  /** Base's kustomization files naming this path (repository paths). */
  readonly baseNamers: (path: string) => readonly string[];
}

/**
 * A rollback (`set`) that takes apart the folder of a Flux Kustomization the change added with that folder
 * (base has no file there: the set deletes its kustomization file, or all of it), extended to remove that target whole: the object's file (every
 * document of it added by the change), the folder's documents, and the edit of the kustomization whose
 * added entry names the object's file (when entries are its only change and each names such a file).
 * Undefined when the set touches no such folder, or when the object cannot be removed cleanly (its file
 * holds documents base had, or a kustomization with other edits names it): the set is then left alone.
 */
export function wholeFluxTargets(set: readonly DocumentChange[], inputs: WholeTargetInputs): WholeFluxTargets | undefined {
  const inSet = new Set(set.map((c) => c.key));
  const { changes } = inputs;
  // Deleting some of a new folder's objects (a policy) leaves the app whole; deleting its kustomization (Flux then
  // lists what is left), or every document there, takes it apart.
  const deletes = (c: DocumentChange) => inSet.has(c.key) && c.change === 'added';
  const takenApart = (o: FluxObject) => {
    const under = changes.filter((c) => c.head && inFolder(c.head.file, o.root));
    return under.some((c) => deletes(c) && KUSTOMIZATION_FILE_NAMES.some((n) => c.head!.file === `${o.root}/${n}`)) || (under.length > 0 && under.every(deletes));
  };
  const walked = wholeTargetsWalk(set, inSet, changes, {
    change: 'added',
    doc: (c) => c.head,
    moved: (c) => c.movedFrom !== undefined,
    otherHasFolder: inputs.baseHasFolder,
    otherHasFile: inputs.baseHasFile,
    entries: inputs.addedEntries,
    namers: inputs.namers,
    reaches: takenApart,
    newRoots: true,
  });
  return walked && { documents: walked.documents, removed: walked.removed };
}

/**
 * The mirror of `wholeFluxTargets`: a rollback (`set`) that restores documents of the folder of a Flux Kustomization
 * the change removed with that folder (head has no file there). Restored alone, they are built by nothing: no
 * Kustomization builds the folder on head. Extended to restore that target whole: the object's file (every document
 * of it removed by the change), the folder's documents, and the edit of the kustomization whose removed entry named
 * the object's file (when entries are its only change and each names such a file). Undefined when the set restores
 * nothing there, or the object cannot be restored cleanly.
 */
export function restoredFluxTargets(set: readonly DocumentChange[], inputs: WholeTargetInputs): WholeFluxTargets | undefined {
  const inSet = new Set(set.map((c) => c.key));
  const { changes } = inputs;
  // The set restores a document of the folder, not the object itself.
  const restores = (o: FluxObject) => !inSet.has(o.key) && changes.some((c) => inSet.has(c.key) && c.change === 'removed' && c.base && inFolder(c.base.file, o.root));
  const walked = wholeTargetsWalk(set, inSet, changes, {
    change: 'removed',
    doc: (c) => c.base,
    moved: (c) => c.movedTo !== undefined,
    otherHasFolder: inputs.headHasFolder,
    // Head's documents of the file are its changes' (below).
    otherHasFile: () => false,
    entries: inputs.removedEntries,
    namers: inputs.baseNamers,
    reaches: restores,
    newRoots: false,
  });
  return walked && { ...walked, restored: true };
}

/** A change's document on one side. */
type DocumentSide = NonNullable<DocumentChange['head']>;

/** One side of a change as `wholeTargetsWalk` follows it: the documents it added (their head) or removed (their base). */
interface WalkSide {
  /** The change of the documents followed. */
  readonly change: 'added' | 'removed';
  /** A change's document on this side. */
  readonly doc: (c: DocumentChange) => DocumentSide | undefined;
  /** Whether the change moved the document here from another place (or from here to another). */
  readonly moved: (c: DocumentChange) => boolean;
  /** Whether the other side has a document below a folder, or in a file. */
  readonly otherHasFolder: (folder: string) => boolean;
  readonly otherHasFile: (file: string) => boolean;
  /** The `resources` entries an edited kustomization adds (removes), when they are its only change. */
  readonly entries: (c: DocumentChange) => string[] | undefined;
  /** This side's kustomization files naming a path. */
  readonly namers: (path: string) => readonly string[];
  /** Whether the set reaches into the folder of a Flux Kustomization followed, so that the target goes (comes back) whole. */
  readonly reaches: (o: FluxObject) => boolean;
  /** Whether every folder the objects' files build must be new with them (the other side has none of it). */
  readonly newRoots: boolean;
}

/**
 * The walk `wholeFluxTargets` and `restoredFluxTargets` share, over one side of the change (`side`): the Flux
 * Kustomizations the change added (removed) whose folder is new (gone) with them and that the set reaches into;
 * their files, every document of which the change added (removed); the documents of the folders those files'
 * objects build, one per span; and the edits of the kustomizations naming the files, each adding (removing)
 * entries only, every one naming such a file. Undefined when none is reached or one cannot go whole.
 */
function wholeTargetsWalk(set: readonly DocumentChange[], inSet: ReadonlySet<string>, changes: readonly DocumentChange[], side: WalkSide): Omit<WholeFluxTargets, 'restored'> | undefined {
  const own = changes.filter((c) => c.change === side.change && side.doc(c) && !side.moved(c));
  const objects = fluxObjectsOf(own.map((c) => ({ key: c.key, file: side.doc(c)!.file, text: side.doc(c)!.text })));
  const taken = objects.filter((o) => o.root !== '' && !side.otherHasFolder(o.root) && side.reaches(o));
  if (taken.length === 0) return undefined;
  const files = new Set(taken.map((o) => o.file));
  const whole = new Map<string, DocumentChange>();
  for (const file of files) {
    // The object's file goes (comes back) whole: every document of it is the change's own.
    if (side.otherHasFile(file) || changes.some((c) => (c.base?.file === file || c.head?.file === file) && c.change !== side.change)) return undefined;
    for (const c of changes) if (side.doc(c)?.file === file) whole.set(c.key, c);
  }
  // Every folder those files' Flux objects build goes too.
  const roots = objects.filter((o) => files.has(o.file)).map((o) => o.root);
  if (side.newRoots && roots.some((r) => r === '' || side.otherHasFolder(r))) return undefined;
  // One document per span.
  const span = (c: DocumentChange) => `${side.doc(c)!.file}:${side.doc(c)!.startLine}-${side.doc(c)!.endLine}`;
  const spans = new Set(set.filter((c) => side.doc(c)).map(span));
  for (const c of changes) {
    const d = side.doc(c);
    if (!d || !roots.some((r) => inFolder(d.file, r))) continue;
    if (c.change !== side.change || side.moved(c)) return undefined;
    if (!inSet.has(c.key) && spans.has(span(c))) continue;
    spans.add(span(c));
    whole.set(c.key, c);
  }
  // The kustomizations naming the objects' files: each an edit of entries only, every one naming such a file.
  for (const file of files) {
    for (const namer of side.namers(file)) {
      if ([...whole.values()].some((c) => side.doc(c)?.file === namer)) continue;
      const edit = changes.find((c) => side.doc(c)?.file === namer && c.change === 'edited');
      const entries = edit && side.entries(edit);
      if (!edit || !entries || !entries.some((e) => posix.join(posix.dirname(namer), e) === file)) return undefined;
      if (!entries.every((e) => files.has(posix.join(posix.dirname(namer), e)))) return undefined;
      whole.set(edit.key, edit);
    }
  }
  const documents = [...set];
  for (const c of whole.values()) if (!inSet.has(c.key)) documents.push(c);
  return { documents, removed: objects.filter((o) => files.has(o.file)).map((o) => ({ name: o.name, root: o.root })) };
}

/** The rollback extended (`documents`), and the Flux Kustomizations it removes with the folders they build. */
export interface WholeFluxTargets {
  readonly documents: DocumentChange[];
  /** The Flux Kustomizations removed whole (restored whole, when `restored`). */
  readonly removed: readonly { readonly name: string; readonly root: string }[];
  readonly restored?: true;
}

/** What the rollback says of the Flux Kustomizations it removes (or restores) whole. */
export function wholeFluxTargetsNote({ removed, restored }: Pick<WholeFluxTargets, 'removed' | 'restored'>): string {
  const one = removed.length === 1;
  const names = removed.map((o) => `${o.name} (${o.root})`).join(', ');
  if (restored) return `The rollback restores the Flux ${one ? 'Kustomization' : 'Kustomizations'} ${names} that the change removes, with ${one ? 'its folder' : 'their folders'}: a file restored there alone is built by nothing, as no Kustomization builds the folder on head.`;
  return `The rollback removes the new Flux ${one ? 'Kustomization' : 'Kustomizations'} ${names} with ${one ? 'its folder' : 'their folders'}: taking a folder apart alone would leave its Kustomization failing ("kustomization path not found") or deploying what is left of it.`;
}

/**
 * Whether a document is Flux's edit of the kustomization it builds (the object's fields, as a second document of
 * the kustomization file, kustomize/flux-edit.ts): reverted with the object's own document, no written document
 * of its own. A removal or restoral evaluates it with the rest, and the rollback then names the object instead.
 */
export function isFluxEdit(c: DocumentChange): boolean {
  return (c.head ?? c.base)!.text.includes(FLUX_EDIT_KIND);
}
