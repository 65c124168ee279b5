/**
 * Where a change of a Flux post-build value is cited. Flux expands `${VAR}` in what a Kustomization deploys with
 * its `postBuild.substitute` values, over those of the ConfigMaps and Secrets `substituteFrom` names (Flux's
 * Kustomization API reference, "Post build variable substitution"). A pull request that changes a value edits
 * that line only, yet the objects it changes are written elsewhere: their rules and policies were cited at the
 * policy's file, which reads the same on both sides, and the check run annotated a line the pull request does not
 * touch (cite49, left over). Here a position in a file the repository holds alike on both sides whose line, or the
 * block it opens (the lines below it, more indented), uses a variable whose value's line the change edits is cited
 * at that value's line: the first such variable, in the order written.
 */
import type { SourceRef } from '../engine/model.js';
import type { Reason } from '../engine/index.js';
import { textLines } from '../util/line-ends.js';
import type { RepositoryTexts } from './edited-objects.js';
import type { ExplainedPair } from './types.js';
import { movedReasons } from './moved-reasons.js';

type Side = 'base' | 'head';

/** Each side's Flux post-build values: variable name → where its value is written (targets/types.ts `substituteLines`). */
export interface SubstituteLines {
  readonly base: Readonly<Record<string, SourceRef>>;
  readonly head: Readonly<Record<string, SourceRef>>;
}

/** A reference to a variable, `${NAME}`, `${NAME:=default}` …; `$${NAME}` is Flux's escape, no reference. */
const VARIABLE = /(^|[^$])\$\{([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * `(side, ref) →` the line of the post-build value that `ref`'s line (or its block) uses and that the change edits
 * on `side`, or undefined. `edited[side](ref)`: whether the change adds or changes that line (edited-objects.ts
 * `editedLines`, with the repository's texts: a value lies in another target's file).
 */
export function substitutedCite(lines: SubstituteLines, repository: RepositoryTexts | undefined, edited: Readonly<Record<Side, (ref: SourceRef) => boolean>>): (side: Side, ref: SourceRef) => SourceRef | undefined {
  if (!repository) return () => undefined;
  const memo = new Map<string, SourceRef | undefined>();
  // A file's lines on one side, split once: many reasons cite the same file.
  const split = new Map<string, readonly string[]>();
  const linesOf = (side: Side, file: string, text: string) => {
    const k = `${side}\u0000${file}`;
    let out = split.get(k);
    if (!out) split.set(k, (out = textLines(text)));
    return out;
  };
  return (side, ref) => {
    const values = lines[side];
    const key = `${side}\u0000${ref.file}\u0000${ref.line}`;
    if (memo.has(key)) return memo.get(key);
    let at: SourceRef | undefined;
    const text = repository[side](ref.file);
    if (text !== undefined && text === repository[side === 'head' ? 'base' : 'head'](ref.file)) {
      for (const name of namesUsed(linesOf(side, ref.file, text), ref.line - 1)) {
        const value = values[name];
        if (value && edited[side](value)) {
          at = value;
          break;
        }
      }
    }
    memo.set(key, at);
    return at;
  };
}

/** The variables line `i` (0-based) and the lines of the block it opens use, in the order written. */
function namesUsed(lines: readonly string[], i: number): string[] {
  if (i < 0 || i >= lines.length) return [];
  const out: string[] = [];
  const add = (l: string) => {
    if (l.includes('${')) for (const m of l.matchAll(VARIABLE)) out.push(m[2]);
  };
  add(lines[i]);
  const m = /^(\s*)(-\s+)?/.exec(lines[i])!;
  const indent = m[1].length + (m[2]?.length ?? 0) + (m[2] ? 0 : 1);
  for (let j = i + 1; j < lines.length; j++) {
    const l = lines[j];
    if (l.trim() === '') continue;
    if (l.length - l.trimStart().length < indent) break;
    add(l);
  }
  return out;
}

/** `pairs` with their rule reasons cited at a changed post-build value they use (`substitutedCite`); the same pairs where none moves. */
export function rulesWhereSubstituted(pairs: readonly ExplainedPair[], cite: (side: Side, ref: SourceRef) => SourceRef | undefined): ExplainedPair[] {
  return movedReasons(pairs, (r: Reason): Reason => {
    if (r.kind !== 'allowed-by-rule' && r.kind !== 'rule-differs' && r.kind !== 'tier-rule') return r;
    const at = cite(r.side, r.ref);
    return at ? { ...r, ref: at } : r;
  });
}
