/**
 * `_extends` in a configuration file the CLI or the Action reads: only the GitHub App follows it (as
 * Probot's `context.config` does, github/config-files.ts); here the file is read alone, so the settings of
 * the files it names do not apply. A note says so: they were left out without a word (fresh-user trial 32).
 */
import { readFile } from 'node:fs/promises';
import yaml from 'js-yaml';

/** A configuration file as a note names it, and its text (absent: no file). */
export interface NamedConfigFile {
  readonly name: string;
  readonly text?: string;
}

/** The `--config` file (or the Action's `config` input): its text, when it can be read. */
export async function namedConfigFile(path: string): Promise<NamedConfigFile> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  return { name: path, ...(text === undefined ? {} : { text }) };
}

/** `note: …` ending in a newline when `file` has a top-level `_extends`; else ''. A file that does not parse says nothing here (its own error does). */
export function extendsNote(file: NamedConfigFile): string {
  if (file.text === undefined) return '';
  let value: unknown;
  try {
    value = yaml.load(file.text);
  } catch {
    return '';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !Object.hasOwn(value, '_extends')) return '';
  const named = (value as { _extends: unknown })._extends;
  return `note: ${file.name} has _extends: ${typeof named === 'string' ? named : JSON.stringify(named)}, which only the GitHub App follows: here the file is read alone, without the settings of the file it names (copy them into it, or pass --config a file holding both)\n`;
}
