/**
 * Which flags each command reads and which formats it writes, so a flag given to a command that does not
 * use it is reported (a warning on stderr) instead of silently changing nothing (`lint --group`, `list
 * --all-findings`), a bad --format names that command's own choices, and each command's help lists exactly the
 * options it reads.
 */
import type { CliFormat } from './formats.js';
import type { OptionName } from './options.js';
import { ALWAYS_READ } from './options.js';

/** Flags the findings configuration reads (list, lint and diff compute findings). */
const FINDINGS_FLAGS: readonly OptionName[] = ['config', 'disable', 'severity', 'dns-namespace', 'dns-label', 'dns-cidr', 'allow-cross-namespace', 'ignore-path'];

/** Per command (`diff --explain` is its own entry): the long flag names it reads (besides --help and --version). */
export const COMMAND_FLAGS: Readonly<Record<string, readonly OptionName[]>> = {
  list: ['repo', 'branch', 'format', 'self', 'exposure', 'max-edges', 'pod-cidr', 'group', 'namespace', 'max-pairs', 'path', 'target', 'external-names', 'render', ...FINDINGS_FLAGS],
  lint: ['repo', 'branch', 'format', 'target', 'namespace', 'path', 'fail-level', 'docs-url', 'render', ...FINDINGS_FLAGS],
  explain: ['from', 'to', 'port', 'pod-cidr', 'path', 'namespace', 'target', 'format', 'config', 'repo', 'branch', 'render'],
  'diff --explain': ['explain', 'from', 'to', 'port', 'pod-cidr', 'path', 'namespace', 'target', 'format', 'config', 'repo', 'branch', 'render', 'fail-on'],
  diff: ['repo', 'branch', 'path', 'format', 'fail-on', 'fail-level', 'all-findings', 'docs-url', 'namespace', 'render', 'pod-cidr', 'external-names', ...FINDINGS_FLAGS],
  targets: ['repo', 'branch', 'config', 'namespace', 'format', 'render'],
};

/** Per command: the --format values it writes (`sarif` carries findings; pictures are list's and diff's). */
export const COMMAND_FORMATS: Readonly<Record<string, readonly CliFormat[]>> = {
  list: ['text', 'json', 'md', 'mermaid', 'dot'],
  lint: ['text', 'json', 'md', 'sarif'],
  explain: ['text', 'json', 'md'],
  'diff --explain': ['text', 'json', 'md'],
  diff: ['text', 'json', 'md', 'sarif', 'mermaid', 'dot'],
  targets: ['text', 'json'],
};

/** Whether `command` reads the long flag `flag` (false for an unknown command). */
export function commandReads(command: string, flag: string): boolean {
  return (ALWAYS_READ as readonly string[]).includes(flag) || (COMMAND_FLAGS[command] as readonly string[] | undefined)?.includes(flag) === true;
}

/** The flags of `given` (long names as typed, in order) that `command` does not read, each once; [] for an unknown command. */
export function unreadFlags(command: string, given: readonly string[]): string[] {
  if (!COMMAND_FLAGS[command]) return [];
  return [...new Set(given.filter((flag) => !commandReads(command, flag)))];
}

/**
 * One warning line per flag the user gave (`given`: long names as typed, in order) that `command`
 * does not read; [] for an unknown command (dispatch reports that).
 */
export function unusedFlagWarnings(command: string, given: readonly string[]): string[] {
  return unreadFlags(command, given).map((flag) => `reachdiff: warning: --${flag} has no effect on ${command} (ignored)${UNREAD_HINTS[`${command} --${flag}`] ?? ''}`);
}

/**
 * What to use instead, for a flag a new user expects a command to read (new-user 39 #15: `diff --target`
 * was expected to narrow the diff). `diff` reports every target the change affects, each in a section of
 * its own, because a pull request's verdict and exit code are for all of them.
 */
const UNREAD_HINTS: Readonly<Record<string, string>> = {
  'diff --target':
    ": diff reports every target the change affects, each under its own heading, and its verdict and exit code are for all of them; for one target's paths use `reachdiff diff --explain --target NAME --from … --to …`, or `reachdiff list --target NAME` on one side",
};
