/**
 * The CLI's configuration: `--config FILE`, else `.github/reachdiff.yml` at the root of `--repo` when
 * there is one (the file the App reads). The same validation as the App: a bad key is an error naming it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import yaml from 'js-yaml';
import type { Config } from '../github/config.js';
import { CONFIG_FILE, DEFAULT_CONFIG, validateConfig } from '../github/config.js';
import { UsageError } from './errors.js';
import { readUserFile } from './user-files.js';

export async function readCliConfig(explicit: string | undefined, repo: string): Promise<{ config: Config; file?: string }> {
  const file = explicit ?? join(repo, '.github', CONFIG_FILE);
  // The default file may be absent; the one --config names must be read.
  const text = explicit === undefined ? await readFile(file, 'utf8').catch(() => undefined) : await readUserFile(explicit, 'config file');
  if (text === undefined) return { config: DEFAULT_CONFIG };
  let raw: unknown;
  try {
    raw = yaml.load(text) ?? {};
  } catch (e) {
    throw new UsageError(`${file}: cannot parse: ${(e as { reason?: string }).reason ?? (e as Error).message}`);
  }
  const result = validateConfig(raw);
  if (!result.ok) throw new UsageError(`${file} is not valid:\n${result.problems.map((p) => `  ${p.key}: ${p.message}`).join('\n')}`);
  return { config: result.config, file };
}
