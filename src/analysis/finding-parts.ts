/**
 * Where a new finding is cited when the change edits another line of what it is about than the one it stands at
 * (Finding `parts`). A HALF_OPEN_* finding stands at the rule's peer (`- podSelector: …`), but the rule's ports
 * decide with it what the allow is: a change that edits only the ports (a port the peer's own side refuses) made
 * the finding new while the check run annotated the peer's line, which the pull request leaves alone. Here such a
 * finding moves to the first part the change edits (its line, or a line of the block it opens: a port entry whose
 * `port:` alone changed is cited at the entry), as a rule's reasons are cited at the part the change edits
 * (edited-rule-refs.ts). A finding at a line the change edits, or none of whose parts it edits, stays.
 */
import type { SourceRef } from '../engine/model.js';
import type { DiffFinding } from '../findings/types.js';

/**
 * `findings` with each new one whose `ref` `edited` does not take, and one of whose `parts` it does, cited at the
 * first such part; the others as they are. `edited`: whether head's line, or the block it opens, is one the change
 * adds or changes (edited-objects.ts editedLines).
 */
export function findingsAtEditedParts<F extends DiffFinding>(findings: readonly F[], edited: (ref: SourceRef) => boolean): F[] {
  return findings.map((f) => {
    if (!f.new || !f.parts || edited(f.ref)) return f;
    const part = f.parts.find(edited);
    return part ? { ...f, ref: part } : f;
  });
}
