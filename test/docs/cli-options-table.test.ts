/**
 * docs/cli.md's "Options at a glance" names, for each option, the commands that read it: the same commands
 * whose help lists it (src/cli/command-flags.ts), so a reader is not told a flag is ignored where it works.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMAND_FLAGS, commandReads } from '../../src/cli/command-flags.js';

const COMMANDS = ['list', 'lint', 'diff', 'explain', 'targets'] as const;

/** The table's rows: each option's long name and the commands the row names (`all`: every command). */
function rows(): { option: string; commands: Set<string> }[] {
  const text = readFileSync(join(process.cwd(), 'docs/cli.md'), 'utf8');
  const table = text.slice(text.indexOf('## Options at a glance'), text.indexOf('## Messages, flags and help'));
  return table
    .split('\n')
    .filter((line) => line.startsWith('| `--'))
    .flatMap((line) => {
      const [options, commands] = line.split(' | ');
      const named = commands.trim() === 'all' ? new Set<string>(COMMANDS) : new Set([...commands.matchAll(/`([a-z -]+)`/g)].map((m) => m[1]));
      return [...options.matchAll(/`--([a-z-]+)(?: [A-Z]+)?`/g)].map((m) => ({ option: m[1], commands: named }));
    });
}

/** Whether `command` (a row's name; `diff` also covers `diff --explain`) reads `--option`. */
function reads(command: string, option: string): boolean {
  const flags = (name: string): readonly string[] => COMMAND_FLAGS[name] ?? [];
  return flags(command).includes(option) || (command === 'diff' && flags('diff --explain').includes(option));
}

it('each option of the table is read by exactly the commands its row names', () => {
  const table = rows();
  expect(table.length).toBeGreaterThan(20);
  const wrong = table.flatMap(({ option, commands }) => [
    ...[...commands].filter((c) => !reads(c, option)).map((c) => `--${option}: ${c} does not read it`),
    ...COMMANDS.filter((c) => reads(c, option) && !commands.has(c) && !(c === 'diff' && commands.has('diff --explain'))).map((c) => `--${option}: ${c} reads it, not named`),
  ]);
  expect(wrong).toEqual([]);
});

it("the examples of a flag a command does not read are ones it ignores", () => {
  const text = readFileSync(join(process.cwd(), 'docs/cli.md'), 'utf8').replace(/\s*\n\s*/g, ' ');
  const list = /A flag that the command does not read \(([^)]+)\)/.exec(text)?.[1];
  expect(list).toBeDefined();
  const examples = [...list!.matchAll(/`([a-z]+) --([a-z-]+)`/g)].map((m) => [m[1], m[2]] as const);
  expect(examples.length).toBeGreaterThanOrEqual(3);
  expect(examples.filter(([command, flag]) => commandReads(command, flag)).map(([c, f]) => `${c} --${f}`)).toEqual([]);
});
