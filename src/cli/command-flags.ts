/**
 * Which flags each command reads, so a flag given to a command that does not use it is reported
 * (a warning on stderr) instead of silently changing nothing (`lint --group`, `diff --target`).
 */

/** Flags the findings configuration reads (list, lint and diff compute findings). */
const FINDINGS_FLAGS = ['config', 'repo', 'disable', 'severity', 'dns-namespace', 'dns-label', 'dns-cidr', 'allow-cross-namespace', 'ignore-path'];

/** Per command (`diff --explain` is its own entry): the long flag names it reads. `help` is always read. */
export const COMMAND_FLAGS: Readonly<Record<string, readonly string[]>> = {
  list: ['format', 'self', 'exposure', 'max-edges', 'pod-cidr', 'group', 'namespace', 'max-pairs', 'path', 'target', 'external-names', ...FINDINGS_FLAGS],
  lint: ['format', 'target', 'namespace', 'path', 'fail-level', 'docs-url', ...FINDINGS_FLAGS],
  explain: ['from', 'to', 'port', 'pod-cidr', 'path', 'namespace', 'target', 'format', 'config', 'repo'],
  'diff --explain': ['explain', 'from', 'to', 'port', 'pod-cidr', 'path', 'namespace', 'target', 'format', 'config', 'repo'],
  diff: ['path', 'format', 'fail-on', 'fail-level', 'all-findings', 'docs-url', 'namespace', 'render', 'pod-cidr', 'external-names', ...FINDINGS_FLAGS],
  targets: ['repo', 'config', 'namespace', 'format'],
};

/** Whether `command` reads the long flag `flag` (false for an unknown command). */
export function commandReads(command: string, flag: string): boolean {
  return COMMAND_FLAGS[command]?.includes(flag) ?? false;
}

/**
 * One warning line per flag the user gave (`given`: long names as typed, in order) that `command`
 * does not read; [] for an unknown command (dispatch reports that).
 */
export function unusedFlagWarnings(command: string, given: readonly string[]): string[] {
  if (!COMMAND_FLAGS[command]) return [];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const flag of given) {
    if (flag === 'help' || commandReads(command, flag) || seen.has(flag)) continue;
    seen.add(flag);
    out.push(`reachdiff: warning: --${flag} has no effect on ${command} (ignored)`);
  }
  return out;
}
