/**
 * Where a map was written before a Kustomize JSON 6902 operation gave it the operation's line
 * (json6902.ts `markPath`: the maps on the way to what an operation changes become the operation's). The
 * position a loader reads for such a map (a rule whose `ports` an overlay removes) is then the patch's; its
 * written one stays known here, keyed by that very position object (one per map marked), so that a change
 * the pull request makes where the map is written (not in the patch) can be cited there
 * (analysis/edited-rule-refs.ts, diff-report.ts). A copy of the position (`{...ref}`) is not known here:
 * callers then keep the patch line, as before.
 */
import type { SourceRef } from '../engine/model.js';

const written = new WeakMap<SourceRef, SourceRef>();

/** A new position `at` for a map a patch marks, remembering `before` (the map's own, or what it was written at before an earlier patch). */
export function patchedPosition(at: SourceRef, before: SourceRef | undefined): SourceRef {
  const out: SourceRef = { file: at.file, line: at.line };
  if (before !== undefined) written.set(out, written.get(before) ?? before);
  return out;
}

/** Where the map whose position is `ref` was written before a JSON 6902 patch marked it; undefined when no patch did. */
export function writtenBefore(ref: SourceRef): SourceRef | undefined {
  return written.get(ref);
}
