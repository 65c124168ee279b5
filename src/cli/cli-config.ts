/**
 * The CLI's configuration: `--config FILE`, else `.github/reachdiff.yml` at the root of what the command
 * reads when there is one (config-root.ts: a folder argument, or the revision's own file; for `diff`,
 * head's). The same validation as the App: a bad key is an error naming it.
 */
import yaml from 'js-yaml';
import type { Config } from '../github/config.js';
import { DEFAULT_CONFIG, validateConfig } from '../github/config.js';
import type { ConfigRoot } from './config-root.js';
import { rootConfigFile } from './config-root.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { UsageError } from './errors.js';
import { readUserFile } from './user-files.js';
import { problemLine, secondDocumentLine } from '../util/config-lines.js';

export interface CliConfig {
  readonly config: Config;
  /** The file read; absent when there is none (the defaults). */
  readonly file?: string;
  /** 1-based line of each `targets[i]` entry's `roots` (its entry's line when `roots` is a scalar), by index. */
  readonly targetLines?: readonly (number | undefined)[];
}

export async function readCliConfig(explicit: string | undefined, root: ConfigRoot): Promise<CliConfig> {
  // The root's own file may be absent; the one --config names must be read.
  const own = explicit === undefined ? await rootConfigFile(root) : undefined;
  const file = explicit ?? own!.name;
  const text = explicit === undefined ? own!.text : await readUserFile(explicit, 'config file');
  if (text === undefined) return { config: DEFAULT_CONFIG };
  let raw: unknown;
  try {
    raw = yaml.load(text) ?? {};
  } catch (e) {
    // js-yaml's mark is 0-based; file:line:column as compilers print it.
    const { reason, message, mark } = e as { reason?: string; message: string; mark?: { line?: number; column?: number } };
    // "expected a single document" has no mark: the line of the second document's `---`.
    const second = mark?.line === undefined ? secondDocumentLine(text) : undefined;
    const at = mark?.line !== undefined ? `:${mark.line + 1}:${(mark.column ?? 0) + 1}` : second !== undefined ? `:${second}` : '';
    throw new UsageError(`${file}${at}: cannot parse: ${reason ?? message}`);
  }
  const result = validateConfig(raw);
  if (!result.ok) {
    // Each problem at its key's line, as compilers print it (`FILE:LINE: key: message`), so an editor jumps there.
    const at = (key: string) => {
      const line = problemLine(text, key);
      return line === undefined ? '' : `${file}:${line}: `;
    };
    throw new UsageError(`${file} is not valid:\n${result.problems.map((p) => `  ${at(p.key)}${p.key}: ${p.message}`).join('\n')}`);
  }
  return { config: result.config, file, ...(result.config.targets.length ? { targetLines: targetLines(text) } : {}) };
}

/** Lines of the `targets:` entries' roots, from a second parse that records node positions. */
function targetLines(text: string): (number | undefined)[] {
  const doc = parseDocuments(text, 'yaml', false).find((d) => d.value !== undefined);
  const value = doc?.value as { targets?: unknown } | undefined;
  if (!doc || !Array.isArray(value?.targets)) return [];
  return value.targets.map((t: unknown) => {
    if (typeof t !== 'object' || t === null) return undefined;
    const roots = (t as { roots?: unknown }).roots;
    return (typeof roots === 'object' && roots !== null ? doc.lines.get(roots) : undefined) ?? doc.lines.get(t);
  });
}
