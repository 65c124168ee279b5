/**
 * Which warnings a pull request brings and which it ends: a head warning is new when base had no warning
 * of the same file, code and message (line numbers left out, `lineFree`), so a warning whose object moved
 * down its file is the one base had; matched one for one, so a second copy of a warning is new. A
 * warning's message names what it is about (a hostNetwork workload and the policies that select it), so
 * a policy the change adds or edits makes the warnings that name it new wherever they are written.
 */
import type { Diagnostic } from '../manifests/diagnostics.js';
import { lineFree } from '../util/line-free.js';

export interface SidedWarnings {
  readonly base: readonly Diagnostic[];
  readonly head: readonly Diagnostic[];
}

export interface WarningMatch {
  /** Head warnings base did not have. */
  readonly fresh: ReadonlySet<Diagnostic>;
  /** Base warnings head no longer has. */
  readonly gone: ReadonlySet<Diagnostic>;
}

/** The identity of a warning across base and head. */
export function warningKey(d: Diagnostic): string {
  return `${d.ref.file}\u0000${d.code}\u0000${lineFree(d.message)}`;
}

export function matchWarnings(warnings: SidedWarnings): WarningMatch {
  const unmatched = new Map<string, Diagnostic[]>();
  for (const d of warnings.base) {
    const k = warningKey(d);
    const list = unmatched.get(k);
    if (list) list.push(d);
    else unmatched.set(k, [d]);
  }
  const fresh = new Set<Diagnostic>();
  for (const d of warnings.head) {
    const twin = unmatched.get(warningKey(d))?.shift();
    if (!twin) fresh.add(d);
  }
  return { fresh, gone: new Set([...unmatched.values()].flat()) };
}
