/**
 * Where the CLI looks for its configuration when `--config` is not given: `.github/reachdiff.yml` at
 * the root of what the command reads — the same root its `--path` globs are relative to. For `diff`
 * (and `diff --explain`), head's root. A folder argument is its own root; a git revision's root is the
 * repository's top level, and the file is that revision's, read from git objects (so a bare clone
 * reads it as a checkout does). A single manifest file (`list FILE`) has no configuration.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CONFIG_FILE } from '../github/config.js';
import { revisionFileText } from './git-source.js';

/** The root a configuration is read at: a folder, a manifest file, or a git revision of `repo`. */
export interface ConfigRoot {
  /** The folder, file or revision as given on the command line. */
  readonly spec: string;
  /** `--repo`: the repository a revision is read from. */
  readonly repo: string;
}

/** The configuration's path from a root's top: `.github/reachdiff.yml`. */
export const CONFIG_PATH = `.github/${CONFIG_FILE}`;

export interface RootConfigFile {
  /** How messages name the file: `DIR/.github/reachdiff.yml`, or `REV:.github/reachdiff.yml` for a revision. */
  readonly name: string;
  /** Its text; absent when the root holds none. */
  readonly text?: string;
  readonly kind: 'folder' | 'file' | 'revision';
}

/** The root's own configuration file (absent text: the defaults apply). */
export async function rootConfigFile(root: ConfigRoot): Promise<RootConfigFile> {
  const info = await stat(root.spec).catch(() => undefined);
  if (info?.isFile()) return { name: root.spec, kind: 'file' };
  if (info?.isDirectory()) {
    const name = join(root.spec, '.github', CONFIG_FILE);
    const text = await readFile(name, 'utf8').catch(() => undefined);
    return { name, kind: 'folder', ...(text === undefined ? {} : { text }) };
  }
  const text = await revisionFileText(root.repo, root.spec, CONFIG_PATH);
  return { name: `${root.spec}:${CONFIG_PATH}`, kind: 'revision', ...(text === undefined ? {} : { text }) };
}
