/** The command line's mistakes (options, arguments, formats, files) through `main(argv)`: one clear line each, exit 2. */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { COMMAND_FLAGS } from '../../src/cli/command-flags.js';
import { main } from '../../src/cli/main.js';
import { OPTIONS, OPTION_HELP } from '../../src/cli/options.js';
import type { OptionName } from '../../src/cli/options.js';
import { nearestName } from '../../src/util/near-names.js';
import { COMMANDS, COMMAND_NAMES, USAGE, commandUsage } from '../../src/cli/usage.js';
import { VERSION } from '../../src/version.js';
import { tempFolder } from '../helpers/git.js';

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n';

let dir: string;
beforeAll(async () => {
  dir = await tempFolder({ 'web.yaml': DEPLOYMENT }, 'reachdiff-args-');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('unknown options (item 1)', () => {
  it('names the option, suggests the closest of that command, and points to its help', async () => {
    const out = await main(['list', dir, '--formt', 'json']);
    expect(out).toEqual({ stdout: '', stderr: "reachdiff list: unknown option --formt (did you mean --format?)\nrun 'reachdiff list --help' for its options\n", exitCode: 2 });
  });

  it('suggests only options the command reads, and nothing when none is close', async () => {
    // --fail-on is diff's: lint is not offered it.
    expect((await main(['lint', dir, '--fail-onn'])).stderr).toBe("reachdiff lint: unknown option --fail-onn\nrun 'reachdiff lint --help' for its options\n");
    expect((await main(['diff', dir, dir, '--fail-onn'])).stderr).toMatch(/^reachdiff diff: unknown option --fail-onn \(did you mean --fail-on\?\)\n/);
    expect((await main(['list', dir, '--zzzzzz'])).stderr).toMatch(/^reachdiff list: unknown option --zzzzzz\n/);
    expect((await main(['--formt'])).stderr).toBe("reachdiff: unknown option --formt (did you mean --format?)\nrun 'reachdiff --help' for the commands and options\n");
  });

  it.each([['--max-pairs', '-5'], ['--max-pairs=-5'], ['--max-pairs', '0'], ['--max-edges', '-1'], ['--max-edges=x']])('%s %s: must be a positive whole number', async (...flag) => {
    const out = await main(['list', dir, ...flag]);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/^reachdiff: --max-(pairs|edges) must be a positive whole number \(got "[^"]*"\)\n$/);
  });

  it('a missing value and a value given to a switch are named', async () => {
    expect((await main(['list', dir, '--format'])).stderr).toMatch(/^reachdiff list: --format needs a value\n/);
    expect((await main(['list', dir, '--format', '--self'])).stderr).toMatch(/^reachdiff list: --format needs a value \(got the option --self\)\n/);
    expect((await main(['list', dir, '--self=yes'])).stderr).toMatch(/^reachdiff list: --self takes no value/);
  });

  it('the closest name: within two edits, case aside, never a rewrite of a whole short name', () => {
    expect(nearestName('formt', ['format', 'path'])).toBe('format');
    expect(nearestName('lsit', COMMAND_NAMES)).toBe('list');
    expect(nearestName('LIST', COMMAND_NAMES)).toBe('list');
    expect(nearestName('xyz', COMMAND_NAMES)).toBeUndefined();
    expect(nearestName('ab', ['cd'])).toBeUndefined();
  });
});

describe('help and version (item 2)', () => {
  it('COMMAND --help and help COMMAND print that command\'s help, exit 0', async () => {
    for (const argv of [['list', '--help'], ['help', 'list'], ['list', dir, '-h', '--formt']]) {
      const out = await main(argv);
      expect(out.exitCode).toBe(0);
      expect(out.stdout).toBe(commandUsage('list'));
    }
    expect(commandUsage('list')).toMatch(/^reachdiff list — /);
    expect(commandUsage('list')).not.toContain('  --fail-on');
    expect(commandUsage('list')).toContain('  --repo');
    expect(commandUsage('list')).not.toContain('  --all-findings');
    expect((await main(['help'])).stdout).toBe(USAGE);
  });

  it("a command's help says its own exit codes only (targets and list never exit 1; the global help says every command's)", () => {
    const exitOne = (help: string) => /\n {2}1 {2}([\s\S]*?)\n {2}2 /.exec(help)?.[1].replace(/\s+/g, ' ');
    expect(exitOne(commandUsage('targets'))).toBeUndefined();
    expect(exitOne(commandUsage('list'))).toBeUndefined();
    expect(exitOne(commandUsage('explain'))).toBe('explain: some asked traffic denied');
    expect(exitOne(commandUsage('lint'))).toBe('lint: findings at --fail-level or worse');
    expect(exitOne(commandUsage('diff'))).toMatch(/^diff: .*; diff --explain: /);
    expect(exitOne(USAGE)).toMatch(/^diff: .*; diff --explain: .*; lint: .*; explain: /);
  });

  it('targets lists a folder without manifests (exit 0), so its help names no "no manifest file" exit 2 (new-user trial 59)', async () => {
    const exitTwo = (help: string) => /\n {2}2 {2}([\s\S]*)$/.exec(help)?.[1].replace(/\s+/g, ' ');
    const empty = await tempFolder({ 'README.md': '# none\n' }, 'reachdiff-args-');
    try {
      expect((await main(['targets', '--repo', empty])).exitCode).toBe(0);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
    expect(exitTwo(commandUsage('targets'))).not.toMatch(/no manifest file|errors in the input/);
    expect(exitTwo(commandUsage('targets'))).toMatch(/^cannot run: bad arguments, .*configured targets whose roots match nothing $/);
    for (const c of ['list', 'lint', 'explain', 'diff']) expect(exitTwo(commandUsage(c))).toMatch(/no manifest file .*errors in the input/);
  });

  it('every option a command reads is in its help, and every option the README shows for it', async () => {
    for (const command of COMMAND_NAMES) {
      const help = commandUsage(command);
      const forms = command === 'diff' ? ['diff', 'diff --explain'] : [command];
      for (const flag of forms.flatMap((f) => COMMAND_FLAGS[f])) expect([command, help.includes(`  --${flag}`)]).toEqual([command, true]);
      expect(help).toContain('--help');
      expect(help).toContain('--version');
    }
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(join(process.cwd(), 'README.md'), 'utf8');
    const synopsis = readme.slice(readme.indexOf('```\nreachdiff list'), readme.indexOf('```', readme.indexOf('```\nreachdiff list') + 3));
    for (const block of synopsis.split(/\n(?=reachdiff )/).filter((b) => b.startsWith('reachdiff ') && !b.startsWith('reachdiff help'))) {
      const command = block.split(/\s+/)[1];
      for (const m of block.matchAll(/--([a-z-]+)/g)) expect([command, m[1], commandUsage(command).includes(`--${m[1]}`)]).toEqual([command, m[1], true]);
    }
  });

  it('--config points at "the flags below" only in the help of a command that reads findings flags (fresh-user trial 29)', () => {
    for (const command of COMMAND_NAMES) {
      const help = commandUsage(command);
      const findingsFlag = help.includes('  --disable CODE');
      expect([command, help.includes('  --config FILE'), help.includes('the flags below add to its findings: section')]).toEqual([command, true, findingsFlag]);
    }
    expect(commandUsage('targets')).toContain('podCIDRs …)\n');
    expect(commandUsage('lint')).toContain('the flags below add to its findings: section');
  });

  it("the README's synopsis is the one --help prints (diff --explain's --fail-on included)", async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(join(process.cwd(), 'README.md'), 'utf8');
    const start = readme.indexOf('```\nreachdiff list') + 4;
    const synopsis = readme.slice(start, readme.indexOf('```', start));
    const usage = USAGE.slice(USAGE.indexOf('Usage:\n') + 'Usage:\n'.length, USAGE.indexOf('\n\n', USAGE.indexOf('Usage:\n')) + 1);
    expect(synopsis).toBe(usage.replace(/^  /gm, ''));
  });

  it("each command's synopsis names every flag the command reads (findings flags are summed up below it; fresh-user trial 30: explain's --path and --repo)", () => {
    const summed = new Set(['disable', 'severity', 'dns-namespace', 'dns-label', 'dns-cidr', 'allow-cross-namespace', 'ignore-path']);
    for (const [command, flags] of Object.entries(COMMAND_FLAGS)) {
      // `diff --explain SRC DST` is the form shown; --from/--to are its long spelling.
      const exempt = (f: string) => summed.has(f) || (command === 'diff --explain' && (f === 'from' || f === 'to'));
      const synopsis = COMMANDS[command].synopsis;
      expect([command, flags.filter((f) => !exempt(f) && !synopsis.includes(`--${f}`))]).toEqual([command, []]);
    }
  });

  it("the README's CLI section sums up the findings flags no synopsis shows, with their arguments and the commands reading them, as docs/cli.md does", async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(join(process.cwd(), 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('\n## The CLI\n'), readme.indexOf('\n### Exit codes'));
    const summed = (Object.keys(OPTION_HELP) as OptionName[]).filter((n) => OPTION_HELP[n].group === 'findings' && !Object.values(COMMANDS).some((c) => c.synopsis.includes(`--${n}`)));
    expect(summed.length).toBeGreaterThan(0);
    const readers = Object.keys(COMMAND_FLAGS).filter((c) => summed.every((f) => COMMAND_FLAGS[c].includes(f)));
    const said = (names: string[]) => `${names.slice(0, -1).map((c) => `\`${c}\``).join(', ')} and \`${names[names.length - 1]}\``;
    expect(section).toContain(`${said(readers)} also read the findings flags`);
    const flat = section.replace(/\s+/g, ' ');
    for (const n of summed) expect([n, flat.includes(`\`--${n} ${OPTION_HELP[n].arg}\``)]).toEqual([n, true]);
    const docs = await readFile(join(process.cwd(), 'docs/cli.md'), 'utf8');
    const row = docs.split('\n').find((l) => l.startsWith('| `--disable`'));
    expect(row?.split('|')[2].trim()).toBe(readers.map((c) => `\`${c}\``).join(', '));
  });

  it('every option parsed is described in the global help', () => {
    for (const name of Object.keys(OPTIONS)) expect([name, USAGE.includes(`--${name}`)]).toEqual([name, true]);
  });

  it('--version and -V print the version', async () => {
    expect(await main(['--version'])).toEqual({ stdout: `reachdiff ${VERSION}\n`, stderr: '', exitCode: 0 });
    expect((await main(['-V'])).stdout).toBe(`reachdiff ${VERSION}\n`);
  });

  it('an unknown command suggests the closest one', async () => {
    expect(await main(['lintt', dir])).toEqual({ stdout: '', stderr: "reachdiff: unknown command \"lintt\" (did you mean lint?)\nrun 'reachdiff --help' for the commands and options\n", exitCode: 2 });
    expect((await main(['help', 'dif'])).stderr).toMatch(/^reachdiff: unknown command "dif" \(did you mean diff\?\)/);
  });
});

describe('messages that say what is wrong (item 3)', () => {
  it('a wrong number of arguments says how many the command takes and got', async () => {
    expect((await main(['diff', dir, dir, 'extra'])).stderr).toBe('reachdiff: diff takes a base and a head (2 arguments), got 3\n');
    expect((await main(['targets', 'a', 'b'])).stderr).toMatch(/^reachdiff: targets takes at most one git revision \(0 or 1 argument\), got 2\n$/);
  });

  it('names the flag the command does not take when its values became extra arguments', async () => {
    const out = await main(['lint', dir, '--explain', 'a', 'b']);
    expect(out).toEqual({ stdout: '', stderr: 'reachdiff: lint takes one folder or git revision (1 argument), got 3; lint does not read --explain\n', exitCode: 2 });
  });

  it('list --all-findings is warned about, as every flag a command does not read', async () => {
    const out = await main(['list', dir, '--all-findings']);
    expect(out.exitCode).toBe(0);
    expect(out.stderr).toContain('reachdiff: warning: --all-findings has no effect on list (ignored)');
  });

  it('--format choices are the command\'s own', async () => {
    expect((await main(['list', dir, '--format', 'yaml'])).stderr).toBe('reachdiff: --format must be one of text, json, md, mermaid, dot for list (got "yaml")\n');
    expect((await main(['explain', dir, '--from', 'a/b', '--to', 'c/d', '--format', 'jsn'])).stderr).toBe('reachdiff: --format must be one of text, json, md for explain (got "jsn") (did you mean json?)\n');
    expect((await main(['targets', '--format', 'md'])).stderr).toMatch(/one of text, json for targets/);
    expect((await main(['targets', '--format', 'markdown'])).stderr).toMatch(/one of text, json for targets \(got "markdown"\)/);
  });

  it('--format markdown is md', async () => {
    const [md, markdown] = [await main(['list', dir, '--format', 'md']), await main(['list', dir, '--format', 'markdown'])];
    expect(markdown).toEqual(md);
    expect(markdown.stdout).toMatch(/^\|/m);
  });

  it('a file named on the command line that cannot be read says so in words', async () => {
    const missing = join(dir, 'nonexistent.yml');
    expect((await main(['list', dir, '--config', missing])).stderr).toBe(`reachdiff: cannot read config file ${missing}: no such file\n`);
    expect((await main(['lint', dir, '--config', dir])).stderr).toBe(`reachdiff: cannot read config file ${dir}: it is a folder, not a file\n`);
    expect((await main(['list', dir, '--external-names', missing])).stderr).toBe(`reachdiff: cannot read external names file ${missing}: no such file\n`);
  });
});
