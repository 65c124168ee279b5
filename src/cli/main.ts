/** Argument parsing and dispatch; every failure the user can cause ends as one line and exit code 2. */
import { parseArgs } from 'node:util';
import type { FailOn } from './diff-command.js';
import { FAIL_ON, runDiff } from './diff-command.js';
import { UsageError } from './errors.js';
import { runDiffExplain, runExplain } from './explain-command.js';
import type { Format, Output } from './list-command.js';
import { runList } from './list-command.js';
import { USAGE } from './usage.js';

const FORMATS: readonly Format[] = ['text', 'json', 'md'];

export async function main(argv: readonly string[]): Promise<Output> {
  try {
    return await dispatch(argv);
  } catch (e) {
    if (e instanceof UsageError) return { stdout: '', stderr: `reachdiff: ${e.message}\n`, exitCode: 2 };
    return { stdout: '', stderr: `reachdiff: internal error: ${(e as Error).message}\n`, exitCode: 2 };
  }
}

async function dispatch(argv: readonly string[]): Promise<Output> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        path: { type: 'string', multiple: true },
        repo: { type: 'string', default: '.' },
        'fail-on': { type: 'string', default: 'opened' },
        self: { type: 'boolean', default: false },
        exposure: { type: 'boolean', default: false },
        from: { type: 'string' },
        to: { type: 'string' },
        port: { type: 'string', multiple: true },
        explain: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) return { stdout: USAGE, stderr: '', exitCode: values.help ? 0 : 2 };
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const [command, ...args] = positionals;
  switch (command) {
    case 'list':
      if (args.length !== 1) throw new UsageError('list needs exactly one folder');
      return runList(args[0], format, { self: values.self, exposure: values.exposure });
    case 'explain': {
      if (args.length !== 1) throw new UsageError('explain needs exactly one folder or git revision');
      if (!values.from || !values.to) throw new UsageError('explain needs --from SRC and --to DST');
      return runExplain(args[0], { from: values.from, to: values.to, ports: values.port ?? [], repo: values.repo ?? '.', paths: values.path ?? [], format });
    }
    case 'diff': {
      if (values.explain) {
        // `diff B H --explain SRC DST`, or the ends given as --from/--to.
        const [from, to] = args.length === 4 ? [args[2], args[3]] : [values.from, values.to];
        if ((args.length !== 4 && args.length !== 2) || !from || !to) throw new UsageError('diff --explain needs a base, a head, then SRC and DST (or --from SRC --to DST)');
        return runDiffExplain(args[0], args[1], { from, to, ports: values.port ?? [], repo: values.repo ?? '.', paths: values.path ?? [], format });
      }
      if (args.length !== 2) throw new UsageError('diff needs a base and a head (folders or git revisions)');
      const failOn = values['fail-on'] as FailOn;
      if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}`);
      return runDiff({ base: args[0], head: args[1], repo: values.repo ?? '.', paths: values.path ?? [], format, failOn });
    }
    default:
      throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  }
}
