/**
 * The output the README shows for the bundled example is what `reachdiff diff examples/base examples/head`
 * prints: every line of that block is a line of the real output, and a line cut short with `…` starts one.
 * examples/README.md's quoted abstract-peer lines are checked the same way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();

/** The demo's text output (the README's example), and its exit code. */
async function demo(): Promise<{ lines: string[]; exitCode: number }> {
  const { main } = await import('../../src/cli/main.js');
  const out = await main(['diff', 'examples/base', 'examples/head']);
  return { lines: out.stdout.split('\n'), exitCode: out.exitCode };
}

it("the README's example output is the demo's: each shown line is printed, each cut line starts one", async () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = /`node dist\/cli\.js diff examples\/base examples\/head`[\s\S]*?```\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const { lines, exitCode } = await demo();
  expect(exitCode).toBe(1);
  const missing = block!
    .split('\n')
    .filter((line) => line.trim() !== '' && line.trim() !== '…')
    .filter((line) => {
      const cut = line.indexOf('…');
      return cut < 0 ? !lines.includes(line) : !lines.some((l) => l.startsWith(line.slice(0, cut).trimEnd()));
    });
  expect(missing).toEqual([]);
});

it("examples/README.md quotes the demo's abstract-peer lines as printed", async () => {
  const text = readFileSync(join(root, 'examples/README.md'), 'utf8').replace(/\s*\n\s*/g, ' ');
  const quoted = [...text.matchAll(/`((?:data|shop)\/[a-z]+\[[A-Za-z]+\] now admits [^`]+)`/g)].map((m) => m[1]);
  expect(quoted.length).toBe(2);
  const { lines } = await demo();
  const printed = lines.join('\n');
  expect(quoted.filter((q) => !printed.includes(q))).toEqual([]);
});
