/**
 * Flux post-build substitution over the text of files no Kustomize build reads (plain manifests: Flux's
 * generated kustomization emits their objects as written, so substituting the text is substituting the
 * build's output). Files a kustomization builds are substituted after their build instead, object by object
 * (manifests/post-build-substitution.ts). The expansion is flux-variables.ts'. Documents annotated
 * `kustomize.toolkit.fluxcd.io/substitute: disabled` are left alone. Values never hold a newline here, so
 * every line keeps its number.
 *
 * Comments are left as written: Flux substitutes the output of `kustomize build`, which holds no comment,
 * so a `${VAR}` in a comment is never missing and an annotation written in a comment disables nothing.
 * Comments are found by the `yaml` package's concrete syntax tree (a `#` inside a quoted or block scalar
 * is text, not a comment).
 */
import { Parser } from 'yaml';
import { expandVariables } from '../manifests/flux-variables.js';
import { lineAtOffset } from '../util/line-ends.js';

export interface Substituted {
  readonly text: string;
  /** Variables used without a value or a default. */
  readonly missing: readonly string[];
  /** Per line (1-based) of the text where such variables were emptied, their names (sorted); absent: none. */
  readonly emptied?: ReadonlyMap<number, readonly string[]>;
}

/** One reference, escaped or not (flux-variables.ts expands it). */
const VAR = /\$?\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[=-][^}]*)?\}/g;

export function substitute(text: string, values: Readonly<Record<string, string>>): Substituted {
  if (!text.includes('${')) return { text, missing: [] };
  const missing = new Set<string>();
  const emptied = new Map<number, Set<string>>();
  const comments = commentRanges(text);
  // Values hold no newline (flux-variables.ts): a line of the output is the line of the input, counted as
  // every position is (util/line-ends.ts: `\r\n`, `\n` or a lone `\r`).
  const lineOf = (offset: number) => lineAtOffset(text, offset);
  let start = 0;
  const out = splitKeepingDocuments(text)
    .map((doc) => {
      const at = start;
      start += doc.length;
      const inComment = (offset: number) => comments.some(([from, to]) => at + offset >= from && at + offset < to);
      if ([...doc.matchAll(DISABLED)].some((m) => !inComment(m.index))) return doc;
      return doc.replace(VAR, (whole: string, offset: number) => {
        if (inComment(offset)) return whole;
        const own = new Set<string>();
        const expanded = expandVariables(whole, values, own);
        if (own.size > 0) {
          const line = lineOf(at + offset);
          const names = emptied.get(line) ?? emptied.set(line, new Set()).get(line)!;
          for (const name of own) {
            names.add(name);
            missing.add(name);
          }
        }
        return expanded;
      });
    })
    .join('');
  const lines = new Map([...emptied].map(([line, names]) => [line, [...names].sort()] as const));
  return { text: out, missing: [...missing].sort(), ...(lines.size > 0 ? { emptied: lines } : {}) };
}

const DISABLED = /kustomize\.toolkit\.fluxcd\.io\/substitute:\s*["']?disabled/g;

/** `[start, end)` offsets of the comments of a YAML (or JSON) stream, in order; none when it holds no `#`. */
function commentRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  if (!text.includes('#')) return out;
  // Comment tokens sit at every level of the tree (a document's start, a collection item's start or separator, a scalar's end).
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) {
      for (const y of x) walk(y);
      return;
    }
    if (x === null || typeof x !== 'object') return;
    const token = x as { type?: unknown; offset?: unknown; source?: unknown };
    if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') {
      out.push([token.offset, token.offset + token.source.length]);
      return;
    }
    for (const v of Object.values(x)) walk(v);
  };
  // The `yaml` package ends a line at `\n` only, YAML (and Flux's kustomize build) at a lone `\r` too: written
  // `\n`, offsets unchanged, so a comment ends where the build sees it end.
  for (const token of new Parser().parse(text.replace(/\r(?!\n)/g, '\n'))) walk(token);
  return out;
}

/** Documents with their separators kept, so joining gives the text back. */
function splitKeepingDocuments(text: string): string[] {
  return text.split(/(?<=\n)(?=---(?:\s|$))/);
}
