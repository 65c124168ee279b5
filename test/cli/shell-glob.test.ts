/**
 * An unquoted `--path *.yaml` reaches the CLI as the option's value and more arguments (the shell expanded
 * it): said as such, with the hint to quote the glob, instead of "takes 1 argument, got 3" or, when the
 * count happens to fit, a run that reads one of the files as the folder (fresh-user trial 54).
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;

let dir: string;
let files: string[];
beforeAll(async () => {
  dir = await tempFolder({ 'a.yaml': ns('a'), 'b.yaml': ns('b'), 'c.yaml': ns('c') });
  files = ['a.yaml', 'b.yaml', 'c.yaml'].map((f) => join(dir, f)); // what `--path DIR/*.yaml` expands to
});

it('an expanded --path with one argument too many names the files and says to quote the glob', async () => {
  const out = await main(['list', dir, '--path', ...files]);
  expect(out).toEqual({
    stdout: '',
    stderr: `reachdiff list: --path ${files[0]} is followed by ${files[1]} ${files[2]}, as when the shell expands an unquoted glob: quote the glob (--path '*.yaml', not --path *.yaml) so that reachdiff matches it, relative to the root read; --path takes one glob (repeat --path for more)\n`,
    exitCode: 2,
  });
  // Before the folder, in diff, and for --ignore-path too.
  expect((await main(['lint', '--path', ...files, dir])).stderr).toMatch(/^reachdiff lint: --path .*a\.yaml is followed by .*b\.yaml .*c\.yaml, as when the shell expands an unquoted glob/);
  expect((await main(['diff', dir, dir, '--ignore-path', ...files])).stderr).toContain("quote the glob (--ignore-path '*.yaml', not --ignore-path *.yaml)");
});

it('many files are cut to three and counted', async () => {
  const many = await tempFolder(Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((n) => [`${n}.yml`, ns(n)])));
  const expanded = ['a', 'b', 'c', 'd', 'e'].map((n) => join(many, `${n}.yml`));
  const out = await main(['lint', many, '--path', ...expanded]);
  expect(out.stderr).toBe(`reachdiff lint: --path ${expanded[0]} is followed by ${expanded.slice(1, 4).join(' ')} … (4 in all), as when the shell expands an unquoted glob: quote the glob (--path '*.yml', not --path *.yml) so that reachdiff matches it, relative to the root read; --path takes one glob (repeat --path for more)\n`);
});

it('when the count fits, a file read as the argument is caught too (list would list it, ignoring --path)', async () => {
  const list = await main(['list', '--path', files[0], files[1]]);
  expect(list.exitCode).toBe(2);
  expect(list.stderr).toContain(`--path ${files[0]} is followed by ${files[1]}, as when the shell expands an unquoted glob`);
  expect((await main(['diff', '--path', files[0], files[1], dir])).stderr).toContain('as when the shell expands an unquoted glob');
});

it('a quoted glob, or a file named by --path before a folder, is no expanded glob', async () => {
  expect((await main(['lint', '--path', '*.yaml', dir])).exitCode).toBe(0);
  expect((await main(['lint', '--path', 'a.yaml', dir])).exitCode).toBe(0);
  // Too many arguments with no glob option before them: the count is said, as before.
  expect((await main(['lint', dir, dir])).stderr).toBe('reachdiff: lint takes one folder or git revision (1 argument), got 2\n');
  expect((await main(['lint', '--path=a.yaml', dir, dir])).stderr).toBe('reachdiff: lint takes one folder or git revision (1 argument), got 2\n');
});
