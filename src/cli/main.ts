/** Argument parsing and dispatch; every failure the user can cause ends as one line and exit code 2. */
import type { FailLevel } from '../findings/index.js';
import { FAIL_LEVELS } from '../findings/index.js';
import { VERSION } from '../version.js';
import { isFolderSync } from './is-folder.js';
import type { Values } from './args.js';
import { parseCommandLine } from './args.js';
import type { GlobSpill } from './shell-glob.js';
import { spillMessage, spillToReport } from './shell-glob.js';
import { runDiff } from './diff-command.js';
import { revisionRange } from './revision-range.js';
import { failOnOption } from './fail-on-option.js';
import { readExternalNames } from './external-names.js';
import { UsageError, usageErrorText } from './errors.js';
import { namespaceOption } from './namespace-option.js';
import { runDiffExplain, runExplain } from './explain-command.js';
import { findingsConfig } from './findings-options.js';
import type { CliFormat } from './formats.js';
import { CLI_FORMATS } from './formats.js';
import type { Format, Output } from './list-command.js';
import { runList } from './list-command.js';
import { runLint } from './lint-command.js';
import { runTargets } from './targets-command.js';
import { COMMAND_NAMES, USAGE, commandUsage } from './usage.js';
import { COMMAND_FORMATS, commandReads, unreadFlags, unusedFlagWarnings } from './command-flags.js';
import { podNetworkOption } from './pod-network-option.js';
import type { ConfigRoot } from './config-root.js';
import { rootConfigFile } from './config-root.js';
import { unreadConfigNotes } from './config-notes.js';
import { extendsNote, namedConfigFile } from './extends-note.js';
import { didYouMean } from '../util/near-names.js';
import { gitReadsOnce } from './git-source.js';

/**
 * `stream`: leave large outputs in `chunks`, to be written as they are produced (the `reachdiff`
 * binary); otherwise they are collected into `stdout` (tests, embedding).
 */
export async function main(argv: readonly string[], options: { stream?: boolean } = {}): Promise<Output> {
  try {
    // One run: git answers a repeated read once (git-source.ts).
    const out = await gitReadsOnce(() => dispatch(argv, options.stream ?? false));
    // Collected (tests, embedding); a command may leave its chunks even when not asked to stream (diff's JSON).
    if (options.stream) return out;
    // Collected: what is said first leads stderr.
    const stderr = (out.stderrFirst ?? '') + out.stderr;
    return { stdout: out.stdout + (out.chunks ? [...out.chunks].join('') : ''), stderr, exitCode: out.exitCode };
  } catch (e) {
    if (e instanceof UsageError) return { stdout: '', stderr: usageErrorText(e), exitCode: 2 };
    return { stdout: '', stderr: `reachdiff: internal error: ${(e as Error).message}\n`, exitCode: 2 };
  }
}

const text = (stdout: string): Output => ({ stdout, stderr: '', exitCode: 0 });

async function dispatch(argv: readonly string[], stream: boolean): Promise<Output> {
  const { values, positionals, given, spills } = parseCommandLine(argv);
  if (values.version) return text(`reachdiff ${VERSION}\n`);
  const [first, ...rest] = positionals;
  if (first === 'help') {
    if (rest.length > 1) throw new UsageError(`help takes at most one command, got ${rest.length}`, { help: true });
    return text(rest.length === 0 ? USAGE : commandUsage(knownCommand(rest[0])));
  }
  if (first === undefined) return values.help ? text(USAGE) : { stdout: USAGE, stderr: '', exitCode: 2 };
  const command = knownCommand(first);
  if (values.help) return text(commandUsage(command));
  const commandName = command === 'diff' && values.explain ? 'diff --explain' : command;
  // `diff A...B` (and `A..B`): one argument for the base and the head, as git takes them.
  const range = command === 'diff' && (rest.length === 1 || rest.length === 3) ? await revisionRange(rest[0], values.repo ?? '.') : undefined;
  if (range) rest.splice(0, 1, range.base, range.head);
  checkArguments(commandName, rest, unreadFlags(commandName, given), spills);
  const format = commandFormat(commandName, values.format ?? 'text');
  const warnings = unusedFlagWarnings(commandName, given);
  const output = await run(values, command, rest, format, stream, range?.resolved);
  // A configuration file the run did not read, where one may expect it to apply, is said (config-notes.ts).
  const root = commandRoot(command, rest, values.repo ?? '.');
  const own = values.config === undefined ? await rootConfigFile(root) : undefined;
  // `_extends` is the App's alone: said when the file read has one (extends-note.ts).
  const notes = (own ? await unreadConfigNotes(root, own) : '') + extendsNote(own ?? (await namedConfigFile(values.config as string)));
  const said = (range?.note ?? '') + notes;
  if (warnings.length === 0 && said === '') return output;
  // A flag the command ignores is said before the report (a reader piping it into `head` saw it last, or never).
  return { ...output, stderrFirst: warnings.map((w) => `${w}\n`).join(''), stderr: said + output.stderr };
}

/** The root a command reads (its configuration's, config-root.ts): `diff`'s head, `targets`' revision or --repo, else its one argument. */
function commandRoot(command: string, args: readonly string[], repo: string): ConfigRoot {
  const spec = command === 'diff' ? args[1] : command === 'targets' ? (args[0] ?? repo) : args[0];
  return { spec, repo };
}

/** `name` when it is a command; else a UsageError suggesting the closest one. */
function knownCommand(name: string): string {
  if (COMMAND_NAMES.includes(name)) return name;
  throw new UsageError(`unknown command "${name}"${didYouMean(name, [...COMMAND_NAMES, 'help'])}`, { help: true });
}

/** How many arguments (folders, revisions) each command takes, in words. */
const ARGUMENTS: Readonly<Record<string, { readonly what: string; readonly counts: readonly number[] }>> = {
  list: { what: 'one folder, manifest file or git revision (1 argument)', counts: [1] },
  lint: { what: 'one folder or git revision (1 argument)', counts: [1] },
  explain: { what: 'one folder or git revision (1 argument)', counts: [1] },
  diff: { what: 'a base and a head (2 arguments)', counts: [2] },
  'diff --explain': { what: 'a base, a head, then SRC and DST (4 arguments; or 2 with --from SRC --to DST)', counts: [2, 4] },
  targets: { what: 'at most one git revision (0 or 1 argument)', counts: [0, 1] },
};

/**
 * A wrong number of arguments says how many the command takes and got; flags it does not read are
 * named too, as their values are often the extra arguments (`lint DIR --explain a b`). A glob option
 * the shell expanded (shell-glob.ts) is said instead.
 */
function checkArguments(command: string, args: readonly string[], unread: readonly string[], spills: readonly GlobSpill[]): void {
  const { what, counts } = ARGUMENTS[command];
  // An unquoted `--path *.yaml` is several arguments by now: said as such, not as a count (fresh-user trial 54).
  const spill = spillToReport(spills, !counts.includes(args.length));
  if (spill) throw new UsageError(spillMessage(spill), { command: command.split(' ')[0] });
  if (counts.includes(args.length)) return;
  const notRead = unread.length === 0 ? '' : `; ${command} does not read ${unread.map((f) => `--${f}`).join(', ')}`;
  // One revision where diff takes two: the range form it also takes (revision-range.ts) is said with it (new-user trial 45, finding 11).
  // A folder has no range form: the other side is asked for (`diff examples/base` read "or one range: examples/base...HEAD").
  const range = command === 'diff' && args.length === 1 && !args[0].includes('..')
    ? (isFolderSync(args[0]) ? ` (${args[0]} is a folder: give the other side too, a folder or a git revision)` : ` (or one range: ${args[0] === 'HEAD' ? 'BASE' : args[0]}...HEAD)`)
    : '';
  throw new UsageError(`${command} takes ${what}, got ${args.length}${range}${notRead}`);
}

/** `--format` checked against the command's own formats (a format of another command says whose it is); `markdown` is `md`. */
function commandFormat(command: string, written: string): CliFormat {
  const own = COMMAND_FORMATS[command];
  // `markdown` is the format's own name; the CLI's is `md` (new-user trial 59: `--format markdown` was refused).
  const format = written === 'markdown' ? 'md' : written;
  if (own.includes(format as CliFormat)) return format as CliFormat;
  if (format === 'sarif') throw new UsageError(`--format sarif is for findings: use it with lint or diff, not ${command}`);
  if (format === 'mermaid' || format === 'dot') throw new UsageError(`--format ${format} draws list and diff, not ${command}`);
  const known = CLI_FORMATS.includes(format as CliFormat) ? '' : didYouMean(format, own);
  throw new UsageError(`--format must be one of ${own.join(', ')} for ${command} (got "${written}")${known}`);
}

async function run(values: Values, command: string, args: readonly string[], format: CliFormat, stream: boolean, resolved?: ReadonlyMap<string, string>): Promise<Output> {
  const flagLevel = values['fail-level'] as FailLevel | undefined;
  if (flagLevel !== undefined && !FAIL_LEVELS.includes(flagLevel)) throw new UsageError(`--fail-level must be one of ${FAIL_LEVELS.join(', ')} (got "${flagLevel}")${didYouMean(flagLevel, FAIL_LEVELS)}`);
  namespaceOption(values.namespace, '--namespace');
  const repo = values.repo ?? '.';
  // Without --config, every command reads the configuration at the root it reads (head's for diff): config-root.ts.
  const configRoot = commandRoot(command, args, repo);
  const findings = () =>
    findingsConfig({
      config: values.config,
      root: configRoot,
      disable: values.disable,
      severity: values.severity,
      dnsNamespace: values['dns-namespace'],
      dnsLabel: values['dns-label'],
      dnsCidr: values['dns-cidr'],
      allowCrossNamespace: values['allow-cross-namespace'],
      ignorePath: values['ignore-path'],
    });
  const podNetwork = !commandReads(command, 'pod-cidr') ? undefined : await podNetworkOption(values['pod-cidr'] ?? [], values.config, configRoot);
  // Formats were checked against the command's own (commandFormat), so the narrowing casts below hold.
  switch (command) {
    case 'list':
      return runList(args[0], format as Format, { self: values.self, exposure: values.exposure, maxEdges: positiveWholeNumber('max-edges', values['max-edges']), podNetwork, group: values.group, namespace: values.namespace, maxPairs: positiveWholeNumber('max-pairs', values['max-pairs']), paths: values.path ?? [], target: values.target, config: values.config, externalNames: await readExternalNames(values['external-names']), render: values.render, repo, branch: values.branch, stream }, await findings());
    case 'lint': {
      const config = await findings();
      return runLint({ target: args[0], repo, branch: values.branch, only: values.target, config: values.config, namespace: values.namespace, paths: values.path ?? [], format: format as 'text' | 'json' | 'md' | 'sarif', failLevel: flagLevel ?? config.failLevel, findings: config, docsUrl: values['docs-url'], render: values.render });
    }
    case 'explain': {
      if (!values.from || !values.to) throw new UsageError('explain needs --from SRC and --to DST', { help: 'explain' });
      return runExplain(args[0], { from: values.from, to: values.to, ports: values.port ?? [], podNetwork, repo, branch: values.branch, paths: values.path ?? [], config: values.config, namespace: values.namespace, target: values.target, render: values.render, format: format as 'text' | 'json' | 'md' });
    }
    case 'diff': {
      const failOn = failOnOption(values['fail-on']);
      if (values.explain) {
        // `diff B H --explain SRC DST`, or the ends given as --from/--to.
        const [from, to] = args.length === 4 ? [args[2], args[3]] : [values.from, values.to];
        if (!from || !to) throw new UsageError('diff --explain needs SRC and DST after the base and head (or --from SRC --to DST)', { help: 'diff' });
        return runDiffExplain(args[0], args[1], { from, to, ports: values.port ?? [], podNetwork, repo, resolved, branch: values.branch, paths: values.path ?? [], config: values.config, namespace: values.namespace, target: values.target, render: values.render, format: format as 'text' | 'json' | 'md', failOn });
      }
      const config = await findings();
      return runDiff({ base: args[0], head: args[1], repo, resolved, branch: values.branch, paths: values.path ?? [], format, failOn, failLevel: flagLevel ?? config.failLevel, allFindings: values['all-findings'], findings: config, docsUrl: values['docs-url'], config: values.config, namespace: values.namespace, render: values.render, podNetwork, externalNames: values['external-names'] === undefined ? undefined : await readExternalNames(values['external-names']) });
    }
    case 'targets':
      return runTargets({ repo, branch: values.branch, rev: args[0], config: values.config, namespace: values.namespace, render: values.render, format: format as 'text' | 'json' });
    default:
      throw new Error(`no command ${command}`); // knownCommand let only COMMAND_NAMES through
  }
}

/**
 * A numeric option (`--max-pairs 2000000`, also `2,000,000` or `2_000_000`): a positive whole number;
 * absent: undefined (the default). `--max-pairs -5` and `--max-pairs=-5` get the same message.
 */
function positiveWholeNumber(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = /^\d[\d,_]*$/.test(raw) ? Number(raw.replace(/[,_]/g, '')) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${flag} must be a positive whole number (got "${raw}")`);
  return n;
}
