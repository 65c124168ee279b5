/** Argument parsing and dispatch; every failure the user can cause ends as one line and exit code 2. */
import { parseArgs } from 'node:util';
import type { FailLevel } from '../findings/index.js';
import { FAIL_LEVELS } from '../findings/index.js';
import { FAIL_ON, parseFailOn } from '../report/verdict.js';
import { runDiff } from './diff-command.js';
import { readExternalNames } from './external-names.js';
import { UsageError } from './errors.js';
import { runDiffExplain, runExplain } from './explain-command.js';
import { findingsConfig } from './findings-options.js';
import type { CliFormat } from './formats.js';
import { CLI_FORMATS } from './formats.js';
import type { Format, Output } from './list-command.js';
import { runList } from './list-command.js';
import { runLint } from './lint-command.js';
import { runTargets } from './targets-command.js';
import { USAGE } from './usage.js';
import { commandReads, unusedFlagWarnings } from './command-flags.js';
import { podNetworkOption } from './pod-network-option.js';

/**
 * `stream`: leave large outputs in `chunks`, to be written as they are produced (the `reachdiff`
 * binary); otherwise they are collected into `stdout` (tests, embedding).
 */
export async function main(argv: readonly string[], options: { stream?: boolean } = {}): Promise<Output> {
  try {
    return await dispatch(argv, options.stream ?? false);
  } catch (e) {
    if (e instanceof UsageError) return { stdout: '', stderr: `reachdiff: ${e.message}\n`, exitCode: 2 };
    return { stdout: '', stderr: `reachdiff: internal error: ${(e as Error).message}\n`, exitCode: 2 };
  }
}

const OPTIONS = {
  format: { type: 'string', default: 'text' },
  path: { type: 'string', multiple: true },
  repo: { type: 'string', default: '.' },
  'fail-on': { type: 'string' },
  namespace: { type: 'string' },
  target: { type: 'string' },
  render: { type: 'string' },
  self: { type: 'boolean', default: false },
  group: { type: 'boolean', default: false },
  'external-names': { type: 'string' },
  'max-pairs': { type: 'string' },
  exposure: { type: 'boolean', default: false },
  from: { type: 'string' },
  to: { type: 'string' },
  port: { type: 'string', multiple: true },
  explain: { type: 'boolean' },
  'max-edges': { type: 'string' },
  'fail-level': { type: 'string' },
  'all-findings': { type: 'boolean', default: false },
  config: { type: 'string' },
  disable: { type: 'string', multiple: true },
  severity: { type: 'string', multiple: true },
  'dns-namespace': { type: 'string' },
  'dns-label': { type: 'string', multiple: true },
  'dns-cidr': { type: 'string', multiple: true },
  'allow-cross-namespace': { type: 'string', multiple: true },
  'ignore-path': { type: 'string', multiple: true },
  'docs-url': { type: 'string' },
  'pod-cidr': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

async function dispatch(argv: readonly string[], stream: boolean): Promise<Output> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS, tokens: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${USAGE}`);
  }
  const { values, positionals, tokens } = parsed;
  if (values.help || positionals.length === 0) return { stdout: USAGE, stderr: '', exitCode: values.help ? 0 : 2 };
  const given = tokens.flatMap((t) => (t.kind === 'option' ? [t.name] : []));
  const commandName = positionals[0] === 'diff' && values.explain ? 'diff --explain' : positionals[0];
  const warnings = unusedFlagWarnings(commandName, given);
  const output = await run(values, positionals, stream);
  return warnings.length === 0 ? output : { ...output, stderr: warnings.map((w) => `${w}\n`).join('') + output.stderr };
}

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

async function run(values: Values, positionals: readonly string[], stream: boolean): Promise<Output> {
  const format = values.format as CliFormat;
  if (!CLI_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${CLI_FORMATS.join(', ')}`);
  const flagLevel = values['fail-level'] as FailLevel | undefined;
  if (flagLevel !== undefined && !FAIL_LEVELS.includes(flagLevel)) throw new UsageError(`--fail-level must be one of ${FAIL_LEVELS.join(', ')}`);
  const findings = () =>
    findingsConfig({
      config: values.config,
      repo: values.repo ?? '.',
      disable: values.disable,
      severity: values.severity,
      dnsNamespace: values['dns-namespace'],
      dnsLabel: values['dns-label'],
      dnsCidr: values['dns-cidr'],
      allowCrossNamespace: values['allow-cross-namespace'],
      ignorePath: values['ignore-path'],
    });
  const [command, ...args] = positionals;
  const repo = values.repo ?? '.';
  const podNetwork = !commandReads(command, 'pod-cidr') ? undefined : await podNetworkOption(values['pod-cidr'] ?? [], values.config, repo);
  switch (command) {
    case 'list':
      if (args.length !== 1) throw new UsageError('list needs exactly one folder or manifest file');
      return runList(args[0], notSarif(format, 'list'), { self: values.self, exposure: values.exposure, maxEdges: maxEdges(values['max-edges']), podNetwork, group: values.group, namespace: values.namespace, maxPairs: maxPairs(values['max-pairs']), paths: values.path ?? [], target: values.target, config: values.config, externalNames: await readExternalNames(values['external-names']), stream }, await findings());
    case 'lint': {
      if (args.length !== 1) throw new UsageError('lint needs exactly one folder or git revision');
      const config = await findings();
      return runLint({ target: args[0], repo, only: values.target, config: values.config, namespace: values.namespace, paths: values.path ?? [], format: notPicture(format, 'lint'), failLevel: flagLevel ?? config.failLevel, findings: config, docsUrl: values['docs-url'] });
    }
    case 'explain': {
      if (args.length !== 1) throw new UsageError('explain needs exactly one folder or git revision');
      if (!values.from || !values.to) throw new UsageError('explain needs --from SRC and --to DST');
      return runExplain(args[0], { from: values.from, to: values.to, ports: values.port ?? [], podNetwork, repo, paths: values.path ?? [], config: values.config, namespace: values.namespace, target: values.target, format: notPicture(notSarif(format, 'explain'), 'explain') });
    }
    case 'diff': {
      if (values.explain) {
        // `diff B H --explain SRC DST`, or the ends given as --from/--to.
        const [from, to] = args.length === 4 ? [args[2], args[3]] : [values.from, values.to];
        if ((args.length !== 4 && args.length !== 2) || !from || !to) throw new UsageError('diff --explain needs a base, a head, then SRC and DST (or --from SRC --to DST)');
        return runDiffExplain(args[0], args[1], { from, to, ports: values.port ?? [], podNetwork, repo, paths: values.path ?? [], config: values.config, namespace: values.namespace, target: values.target, format: notPicture(notSarif(format, 'diff --explain'), 'diff --explain') });
      }
      if (args.length !== 2) throw new UsageError('diff needs a base and a head (folders or git revisions)');
      const failOn = values['fail-on'] === undefined ? undefined : parseFailOn(values['fail-on']);
      if (values['fail-on'] !== undefined && !failOn) throw new UsageError(`--fail-on must be one or more (comma-separated) of ${FAIL_ON.join(', ')}`);
      const config = await findings();
      return runDiff({ base: args[0], head: args[1], repo, paths: values.path ?? [], format, failOn, failLevel: flagLevel ?? config.failLevel, allFindings: values['all-findings'], findings: config, docsUrl: values['docs-url'], config: values.config, namespace: values.namespace, render: values.render, podNetwork, externalNames: values['external-names'] === undefined ? undefined : await readExternalNames(values['external-names']) });
    }
    case 'targets':
      if (args.length > 1) throw new UsageError('targets takes at most one git revision');
      return runTargets({ repo, rev: args[0], config: values.config, namespace: values.namespace, format: notSarif(format, 'targets') });
    default:
      throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  }
}

/** SARIF carries findings: only `lint` and `diff` write it. */
function notSarif(format: CliFormat, command: string): Format {
  if (format === 'sarif') throw new UsageError(`--format sarif is for findings: use it with lint or diff, not ${command}`);
  return format;
}

/** Pictures (mermaid, dot) are drawn by list and diff only. */
function notPicture<F extends CliFormat>(format: F, command: string): Exclude<F, 'mermaid' | 'dot'> {
  if (format === 'mermaid' || format === 'dot') throw new UsageError(`--format ${format} draws list and diff, not ${command}`);
  return format as Exclude<F, 'mermaid' | 'dot'>;
}

/** `--max-edges N`: a positive whole number; absent is the renderer's default. */
function maxEdges(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError('--max-edges must be a positive whole number');
  return n;
}

/** `--max-pairs 2000000` (also `2,000,000` or `2_000_000`); absent: the default. */
function maxPairs(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = /^\d[\d,_]*$/.test(raw) ? Number(raw.replace(/[,_]/g, '')) : NaN;
  if (!Number.isSafeInteger(n)) throw new UsageError(`--max-pairs must be a whole number of pairs (got "${raw}")`);
  return n;
}
