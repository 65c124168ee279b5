/**
 * Namespaces a change renames, as the rollback reverts them: whole. A plain document is keyed by the objects
 * it defines (`Kind/namespace/name`, document-changes.ts), so moving a namespace's objects to a new name
 * reads as each removed from the old namespace and added to the new one. As separate rollback candidates
 * those halves make a revert that undoes half a rename: `delete Namespace/team-beta` closes what the new
 * namespace opens, yet leaves the old one gone and, with a controller that prunes, deletes the new one's
 * objects with it (nu48 finding 4). A reviewer reverts a rename by renaming back.
 *
 * A namespace X is renamed Y when X holds objects (its Namespace object among them) on base and none on
 * head, Y holds objects on head and none on base, and the objects re-keyed from X to Y (a removed document
 * and an added one defining the same kinds and names, one in X, the other in Y) point one to the other: Y
 * is the namespace most of X's re-keyed objects went to, and X the one most of Y's came from, each without
 * a tie. A vanished and a new namespace with no object re-keyed between them are a rename when they are the
 * only such pair and both have a Namespace object. The rename is the Namespace objects of X and Y and every
 * document re-keyed between them; documents of X removed and of Y added with no counterpart are changes of
 * their own.
 */
import type { ManifestDocument } from '../manifests/load.js';
import type { DocumentChange } from './types.js';
import { heldNamespacesOnce } from './held-namespaces.js';

/** One renamed namespace: the keys of the changes that revert it together (removed ones of `from`, added ones of `to`). */
export interface NamespaceRename {
  readonly from: string;
  readonly to: string;
  readonly keys: readonly string[];
  /** The same keys as pairs: a removed document of `from` and the added document of `to` it became. */
  readonly pairs: readonly (readonly [string, string])[];
}

/**
 * A Namespace object's id as a Kustomize source document writes it (`Namespace/name in file`: no namespace
 * field, load-kustomized.ts `objectNames`); its name is the namespace it stands for (group 1).
 */
const SOURCE_NAMESPACE = /^Namespace\/([^/\s]+) in \S.*$/;

/** An object id (`Kind/namespace/name`, a source document's ` in file` aside) split; undefined for a form without a namespace. */
function parts(id: string): { kind: string; namespace: string; name: string } | undefined {
  const m = /^([^/\s]+)\/([^/\s]+)\/([^/\s]+)(?: in \S.*)?$/.exec(id);
  return m ? { kind: m[1], namespace: m[2], name: m[3] } : undefined;
}

/** The one namespace every object of a change is in, and whether it is that namespace's Namespace object. */
function placeOf(c: DocumentChange): { namespace: string; signature: string; isNamespace: boolean } | undefined {
  const ps = c.objects.map(parts);
  if (ps.length === 0 || ps.some((p) => p === undefined)) return undefined;
  const namespaces = new Set(ps.map((p) => p!.namespace));
  if (namespaces.size !== 1) return undefined;
  const isNamespace = ps.length === 1 && ps[0]!.kind === 'Namespace';
  // What the document is wherever its namespace: kinds and names, the namespace left out (a Namespace object's name is its namespace).
  const signature = ps.map((p) => (p!.kind === 'Namespace' ? 'Namespace' : `${p!.kind}/${p!.name}`)).join(' + ');
  return { namespace: ps[0]!.namespace, signature, isNamespace };
}

/**
 * Of the namespaces `asked`, those a side's documents hold objects in. An id's namespace can only be the text
 * between its first two slashes (`parts`' first two fields hold none): an id whose text there is not asked is
 * not parsed (a side holds ~10k objects at 10k workloads, and the rename's namespaces are a few).
 */
function heldNamespaces(docs: ReadonlyMap<string, ManifestDocument>, asked: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const names = [...asked];
  // Whether the text of `o` from `at`, `length` long, is an asked namespace (no string cut per object).
  const isAsked = (o: string, at: number, length: number) => names.some((n) => n.length === length && o.startsWith(n, at));
  for (const d of docs.values()) {
    for (const o of d.objects) {
      // A Namespace object kept on a side keeps its namespace there (angelnu/k8s-gitops 720fd815a: a policy
      // moved between two namespaces whose Namespace objects both stay is no rename).
      const ns = o.startsWith('Namespace/') ? SOURCE_NAMESPACE.exec(o) : null;
      if (ns && asked.has(ns[1])) out.add(ns[1]);
      const first = o.indexOf('/');
      const second = first < 0 ? -1 : o.indexOf('/', first + 1);
      if (second < 0 || !isAsked(o, first + 1, second - first - 1)) continue;
      const p = parts(o);
      if (p) out.add(p.namespace);
    }
    if (out.size === asked.size) break;
  }
  return out;
}

/** The renamed namespaces among `changes` (the rule above); `base`, `head`: each side's documents by key. */
export function namespaceRenames(changes: readonly DocumentChange[], base: ReadonlyMap<string, ManifestDocument>, head: ReadonlyMap<string, ManifestDocument>): NamespaceRename[] {
  const placed = (change: DocumentChange['change']) =>
    changes.flatMap((c) => {
      const place = c.change === change ? placeOf(c) : undefined;
      return place ? [{ c, ...place }] : [];
    });
  const [removed, added] = [placed('removed'), placed('added')];
  if (removed.length === 0 || added.length === 0) return [];
  // Base's answers are kept for a warm process's next push, whose base documents are the very map (held-namespaces.ts).
  const [onBase, onHead] = [heldNamespacesOnce(base, new Set(added.map((a) => a.namespace)), heldNamespaces), heldNamespacesOnce(head, new Set(removed.map((r) => r.namespace)), heldNamespaces)];
  const gone = removed.filter((r) => !onHead.has(r.namespace));
  const fresh = added.filter((a) => !onBase.has(a.namespace));
  if (gone.length === 0 || fresh.length === 0) return [];
  // Votes: per pair of a vanished and a new namespace, the documents re-keyed between them (Namespace objects aside).
  const votes = new Map<string, Map<string, number>>();
  const freshBySignature = new Map<string, Set<string>>();
  for (const a of fresh) if (!a.isNamespace) (freshBySignature.get(a.signature) ?? freshBySignature.set(a.signature, new Set()).get(a.signature)!).add(a.namespace);
  for (const r of gone) {
    if (r.isNamespace) continue;
    for (const to of freshBySignature.get(r.signature) ?? []) {
      const row = votes.get(r.namespace) ?? votes.set(r.namespace, new Map()).get(r.namespace)!;
      row.set(to, (row.get(to) ?? 0) + 1);
    }
  }
  const top = (row: ReadonlyMap<string, number>): string | undefined => {
    const sorted = [...row].sort((x, y) => y[1] - x[1]);
    return sorted.length > 0 && (sorted.length === 1 || sorted[0][1] > sorted[1][1]) ? sorted[0][0] : undefined;
  };
  const columns = new Map<string, Map<string, number>>();
  for (const [from, row] of votes) for (const [to, n] of row) (columns.get(to) ?? columns.set(to, new Map()).get(to)!).set(from, n);
  const pairs: [string, string][] = [];
  for (const [from, row] of votes) {
    const to = top(row);
    if (to !== undefined && top(columns.get(to)!) === from) pairs.push([from, to]);
  }
  // No object re-keyed: one vanished and one new Namespace object, the only ones left, are a rename of an empty namespace.
  const paired = new Set(pairs.flat());
  const lone = (side: typeof gone) => [...new Set(side.filter((x) => !paired.has(x.namespace)).map((x) => x.namespace))];
  const [loneGone, loneFresh] = [lone(gone), lone(fresh)];
  const hasNamespace = (side: typeof gone, ns: string) => side.some((x) => x.isNamespace && x.namespace === ns);
  if (loneGone.length === 1 && loneFresh.length === 1 && hasNamespace(gone, loneGone[0]) && hasNamespace(fresh, loneFresh[0])) pairs.push([loneGone[0], loneFresh[0]]);
  return pairs.map(([from, to]) => {
    const keys: string[] = [];
    const halves: [string, string][] = [];
    const candidates = fresh.filter((a) => a.namespace === to);
    for (const r of gone.filter((x) => x.namespace === from)) {
      const i = candidates.findIndex((a) => a.signature === r.signature);
      if (i < 0) continue;
      keys.push(r.c.key, candidates[i].c.key);
      halves.push([r.c.key, candidates[i].c.key]);
      candidates.splice(i, 1);
    }
    return { from, to, keys, pairs: halves };
  });
}

/**
 * The documents of a rollback as its patch writes them: each re-keyed pair of a rename it reverts whose two
 * halves are in one file is one edit there (base's text where head's now stands: the old name written back
 * in place), not head's document deleted and base's appended at the file's end. Other documents as they are.
 */
export function renamedInPlace(documents: readonly DocumentChange[], renames: readonly NamespaceRename[]): DocumentChange[] {
  const byKey = new Map(documents.map((c) => [c.key, c]));
  const merged = new Map<DocumentChange, DocumentChange | undefined>();
  for (const r of renames) {
    for (const [old, now] of r.pairs) {
      const [gone, fresh] = [byKey.get(old), byKey.get(now)];
      if (!gone?.base || !fresh?.head || gone.base.file !== fresh.head.file) continue;
      merged.set(fresh, { key: fresh.key, change: 'edited', objects: fresh.objects, base: gone.base, head: fresh.head, restores: gone.key });
      merged.set(gone, undefined);
    }
  }
  return merged.size === 0 ? [...documents] : documents.flatMap((c) => (merged.has(c) ? (merged.get(c) ?? []) : [c]));
}
