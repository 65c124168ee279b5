/**
 * The command line, read once: node:util parseArgs in its lenient mode (so an unknown option or a value
 * that starts with `-` reaches us as a token), then checked here so every mistake is one line naming
 * the option, with the closest one of that command when there is a near miss.
 */
import { parseArgs } from 'node:util';
import { COMMAND_FLAGS } from './command-flags.js';
import { UsageError } from './errors.js';
import type { OptionName } from './options.js';
import { ALWAYS_READ, OPTIONS } from './options.js';
import { didYouMean } from '../util/near-names.js';
import { COMMAND_NAMES } from './usage.js';
import type { GlobSpill } from './shell-glob.js';
import { globSpills } from './shell-glob.js';

export type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

export interface CommandLine {
  readonly values: Values;
  readonly positionals: readonly string[];
  /** Long names of the options given, in order (repeats kept). */
  readonly given: readonly OptionName[];
  /** The command (first positional) when it is a known one. */
  readonly command?: string;
  /** Glob options followed directly by arguments, as a shell-expanded glob is (shell-glob.ts). */
  readonly spills: readonly GlobSpill[];
}

/** Errors: UsageError for an unknown option, a missing value, or a value given to a switch. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const { values, positionals, tokens } = parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS, tokens: true, strict: false });
  const command = COMMAND_NAMES.includes(positionals[0]) ? positionals[0] : undefined;
  const given: OptionName[] = [];
  const asking = values.help === true || values.version === true;
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    if (!Object.hasOwn(OPTIONS, t.name)) {
      if (asking) continue; // `--help` is answered whatever else is on the line
      const known = [...(command ? (COMMAND_FLAGS[command] ?? []) : Object.keys(OPTIONS)), ...(command === 'diff' ? COMMAND_FLAGS['diff --explain'] : []), ...ALWAYS_READ];
      throw new UsageError(`unknown option ${t.rawName}${didYouMean(t.name, new Set(known), (c) => `--${c}`)}`, { command, help: command ?? true });
    }
    const name = t.name as OptionName;
    given.push(name);
    if (OPTIONS[name].type === 'boolean') {
      if (t.value !== undefined) throw new UsageError(`--${name} takes no value (got --${name}=${t.value})`, { command, help: command ?? true });
    } else if (t.value === undefined || (!t.inlineValue && t.value.startsWith('-') && !/^-\d/.test(t.value))) {
      // Strict parseArgs refuses any separate value starting with '-'; a negative number reaches the option's own check instead.
      if (!asking) throw new UsageError(`--${name} needs a value${t.value === undefined ? '' : ` (got the option ${t.value})`}`, { command, help: command ?? true });
    }
  }
  // The checks above make the lenient result the strict shape: known names, strings for string options, booleans for switches.
  return { values: values as Values, positionals, given, command, spills: globSpills(tokens) };
}
