/** One document of a rollback in words, the same in text, Markdown and the review. */
import type { DocumentChange, MovedDocument, Rollback } from '../analysis/types.js';
import { documentLine } from '../manifests/document-line.js';

/**
 * Where a changed document was before this change moved it to another file, when it was: an edited
 * document whose base and head copies are in different files (a plain document moved and edited, a
 * rollback's moved document: analysis/moved-documents.ts), or the added half of a move (`movedFrom`).
 */
export function movedFrom(c: Pick<DocumentChange, 'key' | 'change' | 'base' | 'head' | 'movedFrom'>): MovedDocument | undefined {
  if (c.movedFrom) return c.movedFrom;
  return c.change === 'edited' && c.base && c.head && c.base.file !== c.head.file ? { key: c.key, file: c.base.file, line: documentLine(c.base), edited: true } : undefined;
}

/** The verb for a document's revert: an added one is deleted, a removed one restored, an edited one reverted. */
export function rollbackVerb(change: DocumentChange['change']): 'delete' | 'restore' | 'revert' {
  return change === 'added' ? 'delete' : change === 'removed' ? 'restore' : 'revert';
}

/**
 * A document key for people: `Kind/namespace/name`, and `Kind/name` for a cluster-scoped object (its key
 * `Kind//name` keeps the empty namespace; a Namespace's key `Namespace/x/x` names it as its own
 * namespace); keys of multi-object documents (`A + B`) each so.
 */
export function documentName(key: string): string {
  return key.replace(/(^|\s)([^\s/]+)\/\/(?=\S)/g, '$1$2/').replace(/(^|\s)Namespace\/([^\s/]+)\/\2(?=\s|$)/g, '$1Namespace/$2');
}

/**
 * A rollback document for people: a strategic merge patch as a patch of the objects it patches, as built;
 * else as the Kustomize build renders its objects (the names the diff's
 * paths use) and then as its source writes them, when they differ (`NetworkPolicy/p-system/p-allow, written
 * as NetworkPolicy/system/allow in config/allow.yaml`); else as written. `quoted` wraps each name (Markdown
 * code). `shownAt`: the file (or files) the caller names right after the name, or anchors the line on; the
 * name then leaves that file out (`the Kustomization`, `the patch of NetworkPolicy/shop/api`).
 */
export function rollbackStepName(d: Pick<DocumentChange, 'key' | 'rendered' | 'patchOf'>, quoted: (name: string) => string = (n) => n, shownAt?: string | readonly string[]): string {
  return rollbackKeyName(d, (n) => quoted(withKindWords(n)), shownAt);
}

/**
 * Calico's kinds as findings and why lines name them (`Calico NetworkPolicy shop/db-in`, docs/calico.md), in a
 * name made of keys: `Calico NetworkPolicy/shop/db-in` for the key `CalicoNetworkPolicy/shop/db-in`, so one
 * object reads alike in every section (new-user trial 46b, finding 4). JSON keeps the keys.
 */
export function withKindWords(name: string): string {
  return name.replace(/(^|[\s(])Calico(NetworkPolicy|GlobalNetworkPolicy|Tier)\//g, '$1Calico $2/');
}

function rollbackKeyName(d: Pick<DocumentChange, 'key' | 'rendered' | 'patchOf'>, quoted: (name: string) => string, shownAt?: string | readonly string[]): string {
  const file = keyFile(d.key);
  // The caller names the file right after, or anchors the line on it (`shownAt`): no form names it a second
  // time (new-user trial 41, finding 12; trial 46, finding 10: `X in FILE (FILE:1)`, `Kustomization FILE (FILE:1)`).
  const shown = file !== undefined && (typeof shownAt === 'string' ? file === shownAt : (shownAt ?? []).includes(file));
  // A strategic merge patch: reverting it deletes no object (`Patch overlays/staging/egress.yaml (of NetworkPolicy/shop/api)`).
  const of = () => d.patchOf!.map((n) => quoted(documentName(n))).join(', ');
  if (d.patchOf?.length && file) return shown ? `the patch of ${of()}` : `${quoted(`Patch ${file}`)} (of ${of()})`;
  const fileOnly = shown ? FILE_KEYS.find((k) => d.key === k.key(file)) : undefined;
  if (fileOnly) return fileOnly.words;
  const bare = documentName(shown ? d.key.split(' + ').map((o) => o.replace(/ in \S+$/, '')).join(' + ') : d.key);
  if (!d.rendered?.length) return quoted(bare);
  const rendered = documentName(d.rendered.join(' + '));
  // A name that only lacks the namespace the build gives, its file shown: said so.
  if (shown && d.rendered.length === 1 && withoutNamespace(rendered) === bare) return `${quoted(rendered)}, written without a namespace`;
  return `${quoted(rendered)}, written as ${quoted(bare)}`;
}

/** Keys that are only their file's name (manifests/load-kustomized.ts, kustomize/file-set.ts, analysis/document-changes.ts), and their words once the file is shown. */
const FILE_KEYS: readonly { key: (file: string) => string; words: string }[] = [
  { key: (f) => `Kustomization ${f}`, words: 'the Kustomization' },
  { key: (f) => `Component ${f}`, words: 'the Component' },
  { key: (f) => `Patch ${f}`, words: 'the patch' },
  { key: (f) => `Document ${f}`, words: 'the document' },
];

/** The file a document key names: `Kind/ns/name in FILE` (each object of a ` + ` join in the same file), `Kustomization FILE`, `Patch FILE`, …; else undefined. */
function keyFile(key: string): string | undefined {
  const inFile = / in (\S+)$/.exec(key)?.[1];
  if (inFile) return inFile;
  return /^(?:Kustomization|Component|Patch|Document) (\S+)$/.exec(key)?.[1];
}

/** `Kind/namespace/name` less its namespace: `Kind/name` (a name of two parts stays as it is). */
function withoutNamespace(name: string): string {
  const parts = name.split('/');
  return parts.length === 3 ? `${parts[0]}/${parts[2]}` : name;
}

/**
 * How many of a rollback's documents close paths (`needed`) and how many it deletes as tidying only
 * (Rollback.tidying: files no build reads once the rest is reverted), and whether one document is tidying.
 */
export function rollbackParts(rb: Pick<Rollback, 'documents' | 'tidying'>): { needed: number; tidying: number; isTidying: (d: DocumentChange) => boolean } {
  const keys = new Set(rb.tidying ?? []);
  return { needed: rb.documents.length - keys.size, tidying: keys.size, isTidying: (d) => keys.has(d.key) };
}

/** A tidying step's mark after its line. */
export const TIDYING_MARK = 'tidying: no build reads it once the rest is reverted';

/**
 * What a rollback closes, in the words the text, Markdown, the check run and the review share: every opened
 * path (`everyPath`, as the caller names it), but those only for label combinations when the diff has some
 * (no rollback target: analysis/combined-labels.ts); what reverting can close when some paths stay open.
 */
export function rollbackCloses(rb: Pick<Rollback, 'remainingOpened'>, combinedLabels: number | undefined, everyPath = 'every opened path'): string {
  if (rb.remainingOpened > 0) return 'what reverting can close';
  return `${everyPath}${combinedLabels ? ' but those only for label combinations' : ''}`;
}

/** The line standing for a patch an earlier section printed: the same patch applied twice fails the second time (new-user trial 60). */
export function samePatchText(above: string): string {
  return `Patch: the same as in the section of ${above} above; apply it once.`;
}

/**
 * For sections printed in order, the label of the earlier section that showed the same rollback patch (`patchAbove`
 * of diff-text.ts and diff-markdown.ts), undefined for the first to show it or for no patch: a patch several
 * sections share is shown once (targets-text.ts, targets-markdown.ts). Each call records its section's patch.
 */
export function patchShownAbove(): (patch: string | undefined, label: string) => string | undefined {
  const shown = new Map<string, string>();
  return (patch, label) => {
    if (!patch) return undefined;
    const above = shown.get(patch);
    if (above === undefined) shown.set(patch, label);
    return above;
  };
}
