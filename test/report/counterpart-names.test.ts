/**
 * A target compared with its counterpart on the other side names that counterpart's targets in its label
 * (`compared with a + b, which still deploy …`). A cluster moved to another folder is compared with its every
 * target: the headline named all 59 of one homelab's (real repositories 38, martinohmann f95255ef6, 1,300
 * characters). Now the first three and a count of the rest; the JSON's `comparedWith.names` keeps them all.
 */
import { comparedClause, counterpartNotes } from '../../src/report/counterpart-notes.js';

const names = (n: number) => Array.from({ length: n }, (_, i) => `app-${i + 1}`);
const target = (count: number, lifecycle: 'removed' | 'added') => ({
  name: 'cluster',
  lifecycle,
  comparedWith: { names: names(count), shared: 10, of: 10, workloads: 10, alone: { opened: 0, closed: 12 } },
});

describe("a counterpart's targets in a compared target's label", () => {
  it('many: the first three and a count of the rest, in the label and the note', () => {
    const t = target(58, 'removed');
    expect(comparedClause(t)).toBe('compared with app-1 + app-2 + app-3 and 55 more targets, which still deploy the same workloads');
    const [note] = counterpartNotes({ targets: [t] } as unknown as Parameters<typeof counterpartNotes>[0]);
    expect(note).toBe("cluster is removed by this change; head's app-1 + app-2 + app-3 and 55 more targets still deploy the same workloads, so the report compares it with app-1 + app-2 + app-3 and 55 more targets; compared with an empty cluster, its removal would close 12 paths");
  });

  it('a few: every one named (four, since "and 1 more" would hide the one it stands for)', () => {
    expect(comparedClause(target(4, 'added'))).toBe('compared with app-1 + app-2 + app-3 + app-4, which deploy the same workloads');
    expect(comparedClause(target(1, 'added'))).toBe('compared with app-1, which deploys the same workloads');
  });
});
