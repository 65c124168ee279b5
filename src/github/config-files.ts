/**
 * The App's configuration file read as Probot's `context.config` reads it (@probot/octokit-plugin-config:
 * the repository's `.github/<name>` on its default branch, else the owner's `.github` repository's; then
 * each file an `_extends` names, merged as `context.config` merges them with deepmerge's defaults:
 * mappings key by key, lists concatenated, the extending file's other values winning), minus two things
 * `context.config` hides:
 * - a file an `_extends` names that cannot be read (a typo, or a repository the App is not installed on)
 *   reads as absent there, so the organisation's settings would be left out without a word: here it is a
 *   problem, and the check fails closed (session 32, finding 2);
 * - a YAML syntax error's position: the plugin's message names only the API URL and "invalid YAML", its
 *   `cause` (the `yaml` package's error) the line and column: here `FILE:LINE:COLUMN: cannot parse: …`.
 */
import type { Context } from 'probot';
import type { ConfigProblem } from '../util/config-readers.js';
import { isRecord } from '../util/config-readers.js';
import { problemLine } from '../util/config-lines.js';

type ConfigFile = Awaited<ReturnType<Context['octokit']['config']['get']>>['files'][number];

export type ConfigFilesResult = { readonly ok: true; readonly raw: unknown; readonly files: readonly ConfigFile[] } | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/** The merged configuration (`{}` when no file exists), or the problems that stop it being read. */
export async function readConfigFiles(context: Pick<Context, 'octokit' | 'repo'>, name: string): Promise<ConfigFilesResult> {
  const { owner, repo } = context.repo();
  const path = `.github/${name}`;
  let files: ConfigFile[];
  try {
    ({ files } = await context.octokit.config.get({ owner, repo, path }));
  } catch (error) {
    return { ok: false, problems: [readProblem(error, { owner, repo }, path)] };
  }
  const unread = unreadExtends(files, { owner, repo });
  if (unread.length) return { ok: false, problems: unread };
  // Probot: deepmerge.all([{}, ...configs]), the files reversed (the extended first, the repository's last).
  const raw = files
    .map((f) => f.config)
    .reverse()
    .filter((c): c is NonNullable<typeof c> => c !== null)
    .reduce<unknown>((merged, config) => mergeConfig(merged, config), {});
  return { ok: true, raw, files };
}

/**
 * Problems of the merged configuration with the file and line that write each key (`at`), from the texts
 * of the files read (one more API call per file, only for a configuration that is not valid): the first
 * file, the repository's own before those it extends, that writes the key's whole path. A text that
 * cannot be read again leaves its problems without a line.
 */
export async function locateProblems(context: Pick<Context, 'octokit' | 'repo'>, files: readonly ConfigFile[], problems: readonly ConfigProblem[]): Promise<ConfigProblem[]> {
  const here = context.repo();
  const texts = await Promise.all(files.filter((f) => f.config !== null).map(async (f) => ({ name: fileName(f, here), text: await rawText(context, f) })));
  return problems.map((p) => {
    for (const { name, text } of texts) {
      const line = text === undefined ? undefined : problemLine(text, p.key, true);
      if (line !== undefined) return { ...p, at: `${name}:${line}` };
    }
    return p;
  });
}

async function rawText(context: Pick<Context, 'octokit'>, file: ConfigFile): Promise<string | undefined> {
  try {
    const { data } = await context.octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { owner: file.owner, repo: file.repo, path: file.path, mediaType: { format: 'raw' } });
    return typeof data === 'string' ? data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Files reached through `_extends` that were not found. The plugin's list: the repository's file, then
 * (only when that is absent) the owner's `.github` repository's, which may be absent too; every file
 * after those was named by the `_extends` of the one before it.
 */
function unreadExtends(files: readonly ConfigFile[], here: { owner: string; repo: string }): ConfigProblem[] {
  const implicit = files[0]?.config === null ? 2 : 1;
  const problems: ConfigProblem[] = [];
  for (let i = implicit; i < files.length; i++) {
    const file = files[i];
    if (file.config !== null) continue;
    const from = files[i - 1];
    const where = `${fileName(from, here)}`;
    problems.push({
      key: '_extends',
      message: `${where} extends ${fileName(file, here)}, which cannot be read (it does not exist, or the App is not installed on ${file.owner}/${file.repo}); its settings would be left out, so nothing was analysed`,
    });
  }
  return problems;
}

/** `.github/reachdiff.yml` for this repository's file, else `owner/repo:path`. */
function fileName(file: Pick<ConfigFile, 'owner' | 'repo' | 'path'>, here: { owner: string; repo: string }): string {
  return file.owner === here.owner && file.repo === here.repo ? file.path : `${file.owner}/${file.repo}:${file.path}`;
}

/** An error of the plugin: a YAML syntax error at its file, line and column; anything else as the plugin says it. */
function readProblem(error: unknown, here: { owner: string; repo: string }, path: string): ConfigProblem {
  const e = error as { message?: string; cause?: { message?: string; linePos?: readonly { line: number; col: number }[] } };
  const pos = e.cause?.linePos?.[0];
  if (pos && /invalid YAML/.test(e.message ?? '')) {
    const file = fileFromUrl(e.message ?? '', here) ?? path;
    // The `yaml` package's message: "REASON at line L, column C:\n\n<excerpt>".
    const reason = (e.cause?.message ?? '').split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    return { key: `${file}:${pos.line}:${pos.col}`, message: `cannot parse: ${reason}` };
  }
  return { key: path, message: `cannot be read: ${e.message ?? String(error)}` };
}

/** The file a plugin message's API URL names (`…/repos/OWNER/REPO/contents/PATH`). */
function fileFromUrl(message: string, here: { owner: string; repo: string }): string | undefined {
  const m = /\/repos\/([^/\s]+)\/([^/\s]+)\/contents\/([^\s?)]+)/.exec(message);
  return m ? fileName({ owner: m[1], repo: m[2], path: decodeURIComponent(m[3]) }, here) : undefined;
}

/** deepmerge's defaults (what Probot's `context.config` uses): lists concatenated, mappings merged key by key, else the later value. */
export function mergeConfig(earlier: unknown, later: unknown): unknown {
  if (Array.isArray(earlier) && Array.isArray(later)) return [...earlier, ...later];
  if (!isRecord(earlier) || !isRecord(later)) return later;
  // fromEntries defines own properties: a `__proto__` key stays a key.
  const keys = new Set([...Object.keys(earlier), ...Object.keys(later)]);
  return Object.fromEntries([...keys].map((k) => [k, !Object.hasOwn(later, k) ? earlier[k] : Object.hasOwn(earlier, k) ? mergeConfig(earlier[k], later[k]) : later[k]]));
}
