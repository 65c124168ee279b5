/**
 * A command's help says only what its options do for that command (fresh-user trials 30 and 31): `lint
 * --help` told --branch's default "for diff, the base revision's" (lint has one revision), and --namespace
 * and --target what they do for list and explain. The global help keeps every clause.
 */
import { main } from '../../src/cli/main.js';

const help = async (...args: string[]) => (await main(args)).stdout;

describe('command help: clauses of other commands are cut', () => {
  it('keeps each clause in its own command and in the global help only', async () => {
    const [all, list, lint, diff, explain, targets] = await Promise.all([help('--help'), ...['list', 'lint', 'diff', 'explain', 'targets'].map((c) => help(c, '--help'))]);
    const clauses: readonly [RegExp, readonly string[]][] = [
      [/for diff, the\s+base revision's/, [all, diff]],
      [/list: also lists only pairs/, [all, list]],
      [/explain answers in\s+each that holds both ends/, [all, explain, diff]],
      [/list lists each in turn/, [all, list]],
      [/diff: in each side's root, with\s+REACHDIFF_SIDE=base or head/, [all, diff]],
    ];
    for (const [clause, holders] of clauses) {
      for (const text of [all, list, lint, diff, explain, targets]) {
        if (holders.includes(text)) expect(text).toMatch(clause);
        else expect(text).not.toMatch(clause);
      }
    }
    expect(lint).toMatch(/--branch NAME +the branch under review[^]*\(default: the revision's branch, when it names one\)\n/);
    expect(lint).toMatch(/--namespace NS +the namespace of objects that write none, as kubectl apply -n NS sets it,\n +in targets that set none of their own \(default: default\); a namespace\n +name \(lowercase letters, digits and -\)\n/);
    expect(lint).toMatch(/--target NAME +only this target's cluster model \(default: every one\)\n/);
  });
});
