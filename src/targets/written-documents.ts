/**
 * A rollback's documents as written in the repository, for files a target read through Flux's `${VAR}`
 * substitution (substitute.ts). Substitution keeps every line where it is (a value never holds a newline),
 * so a document of the substituted text spans the same lines of the written file; with the same values on
 * both sides, reverting the written document reverts the substituted one, and the patch can be offered on
 * what the author wrote (`${APP}` and all). A document whose lines differ anywhere but on a line that
 * holds a `${` is not a substitution (a command's stream, a re-written kustomization): undefined.
 */
import type { DocumentChange } from '../analysis/types.js';
import { sourceDocuments } from '../manifests/load-kustomized.js';
import { textLines } from '../util/line-ends.js';

/** A file's text as written, by path (undefined: not in that side's repository). */
export type WrittenText = (path: string) => string | undefined;

type Span = NonNullable<DocumentChange['head']>;

/**
 * `docs` with their base and head texts replaced by the written lines of the same spans, or undefined
 * when one of them is not a line-for-line substitution of its written file, or an edited document's
 * written text did not change (its substituted text changed through the values, which a revert of the
 * document cannot undo).
 */
export function writtenDocuments(docs: readonly DocumentChange[], written: { readonly base: WrittenText; readonly head: WrittenText }): Map<DocumentChange, DocumentChange> | undefined {
  const out = new Map<DocumentChange, DocumentChange>();
  for (const d of docs) {
    const base = d.base ? writtenSpan(d.base, written.base) : undefined;
    const head = d.head ? writtenSpan(d.head, written.head) : undefined;
    if ((d.base && !base) || (d.head && !head)) return undefined;
    if (base && head && base.text === head.text) return undefined;
    out.set(d, { ...d, ...(base ? { base } : {}), ...(head ? { head } : {}), ...writtenNames(d, (head ?? base)!) });
  }
  return out;
}

/**
 * A step edits the file, so it names the objects as the file writes them (`NetworkPolicy/${APP}-ingress in
 * apps/shop/policy.yaml`), and as the cluster gets them (`rendered`, the names the diff's paths use), as a
 * Kustomize build's renamed objects are named (analysis/rendered-names.ts); nothing when the names are the same.
 */
function writtenNames(d: DocumentChange, span: Span): Pick<DocumentChange, 'key' | 'rendered'> | Record<string, never> {
  const written = sourceDocuments({ path: span.file, text: span.text }).flatMap((doc) => doc.objects);
  const cluster = d.objects.length ? d.objects : d.key.split(' + ');
  // A build's document is named so already (its rendered names, analysis/rendered-names.ts).
  if (d.rendered || written.length === 0 || written.every((w) => !w.includes('${'))) return {};
  return { key: written.join(' + '), rendered: cluster };
}

/** The written lines of `span`, when the substituted text differs from them only on lines holding a `${`. */
function writtenSpan(span: Span, text: WrittenText): Span | undefined {
  const file = text(span.file);
  if (file === undefined) return undefined;
  const lines = textLines(file).slice(span.startLine - 1, span.endLine);
  const substituted = textLines(span.text.replace(/\r?\n$/, ''));
  if (lines.length !== substituted.length) return undefined;
  if (lines.some((l, i) => l !== substituted[i] && !l.includes('${'))) return undefined;
  return { ...span, text: lines.join('\n') + (span.text.endsWith('\n') ? '\n' : '') };
}
