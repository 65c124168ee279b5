/**
 * A glob option (`--path GLOB`, `--ignore-path GLOB`) the shell expanded before reachdiff saw it: an
 * unquoted `--path *.yaml` reaches us as `--path a.yaml b.yaml c.yaml`, the first file as the option's
 * value and the others as arguments, which then read as folders or revisions (or make one too many).
 * Told apart from a glob followed by the command's own argument by the value (no glob character left)
 * and what follows it; the message says to quote the glob (bash(1), "Pathname Expansion").
 */
import { statSync } from 'node:fs';
import { extname } from 'node:path';
import type { OptionName } from './options.js';
import { OPTION_HELP } from './options.js';

/** A glob option's value and the arguments right after it on the command line (argv order). */
export interface GlobSpill {
  readonly option: OptionName;
  readonly value: string;
  /** The positional arguments that directly follow the value, before any other option. */
  readonly after: readonly string[];
}

/** The part of node:util parseArgs' tokens read here. */
interface Token {
  readonly kind: string;
  readonly index: number;
  readonly name?: string;
  readonly value?: string | undefined;
  readonly inlineValue?: boolean | undefined;
}

/**
 * Glob options given a value with no glob character (`*`, `?`, `[`) as a separate argument, followed
 * directly by positional arguments: what a shell-expanded glob looks like. `tokens`: parseArgs' tokens
 * (`tokens: true`), whose `index` is the argument's place in argv.
 */
export function globSpills(tokens: readonly Token[]): GlobSpill[] {
  const spills: GlobSpill[] = [];
  tokens.forEach((t, i) => {
    if (t.kind !== 'option' || t.inlineValue !== false || t.value === undefined || /[*?[]/.test(t.value)) return;
    const option = t.name as OptionName;
    if (OPTION_HELP[option]?.arg !== 'GLOB') return;
    const after: string[] = [];
    for (let j = i + 1, next = t.index + 2; j < tokens.length && tokens[j].kind === 'positional' && tokens[j].index === next; j++, next++) after.push(tokens[j].value as string);
    if (after.length > 0) spills.push({ option, value: t.value, after });
  });
  return spills;
}

/**
 * The spill to report, if any: with the wrong number of arguments (`countWrong`), any; with the right
 * number, only one whose value and first following argument are files on disk (a command reads a folder
 * or a revision; `list` reads a file, but then ignores --path, so an expanded glob would pass unnoticed).
 */
export function spillToReport(spills: readonly GlobSpill[], countWrong: boolean): GlobSpill | undefined {
  return spills.find((s) => countWrong || (isFile(s.value) && isFile(s.after[0])));
}

/** The one-line message: which option took which value, what followed, and how to quote the glob (or repeat the option). */
export function spillMessage(s: GlobSpill): string {
  // The files the glob matched, not the folder argument after them (`--path *.yaml DIR`), when they are files.
  const files = s.after.slice(0, [...s.after, ''].findIndex((a) => !isFile(a)));
  const after = files.length > 0 ? files : s.after;
  const shown = after.length > 3 ? `${after.slice(0, 3).join(' ')} … (${after.length} in all)` : after.join(' ');
  const ext = extname(s.value) || '.yaml';
  return (
    `--${s.option} ${s.value} is followed by ${shown}, as when the shell expands an unquoted glob: ` +
    `quote the glob (--${s.option} '*${ext}', not --${s.option} *${ext}) so that reachdiff matches it, relative to the root read; ` +
    `--${s.option} takes one glob (repeat --${s.option} for more)`
  );
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
