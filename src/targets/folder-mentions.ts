/**
 * Where the repository names a folder by its path, in a file target discovery does not read as deploying it:
 * the values of an app-of-apps Helm chart (`path: components/lightspeed/base`, gnunn-gitops/cluster-config
 * 9912d77: a NetworkPolicy there read "no target deploys … name its folder under targets:", while the
 * chart that the values feed, which reachdiff does not render, deploys the folder), a script's list, another
 * tool's input. A changed policy file that no target deploys is said with that line, so the reader looks at
 * what reads it rather than configuring a target for a folder that is deployed already.
 */
import { lineAtOffset } from '../util/line-ends.js';
import { dirOf } from '../util/repo-paths.js';
import { escapeRegExp } from '../util/reg-exp.js';

export interface FolderMention {
  /** The folder named (the changed file's folder or one above it). */
  readonly folder: string;
  readonly file: string;
  readonly line: number;
  /** The line as written, trimmed. */
  readonly text: string;
}

/** Folders a mention may name: the file's own and those above it, of two segments or more (a top folder such as `apps` is named in too many senses). */
function candidateFolders(path: string): string[] {
  const out: string[] = [];
  for (let d = dirOf(path); d.includes('/'); d = dirOf(d)) out.push(d);
  return out;
}


/** A line whose value is the folder's path: `key: <folder>`, `- <folder>`, quoted or not, `./` before or `/` after it. */
function mentionLine(folder: string): RegExp {
  return new RegExp(`^[ \\t]*(?:-[ \\t]+)?(?:[\\w.-]+:[ \\t]*)?["']?(?:\\./)?${escapeRegExp(folder)}/?["']?[ \\t]*(?:#.*)?$`, 'm');
}

/**
 * For each path of `paths`, the first line of `files` (path order) whose value names its folder or one above
 * it, nearest folder first; files under that folder (its own kustomization, the file itself) and files of
 * Argo CD or Flux objects do not count.
 */
export function folderMentions(paths: readonly string[], files: readonly { readonly path: string; readonly text: string }[]): Map<string, FolderMention> {
  const out = new Map<string, FolderMention>();
  // Files of one folder ask for the same folders: each is looked up once, and at most MAX_FOLDERS (each look-up reads every file).
  const seen = new Map<string, FolderMention | undefined>();
  const lookUp = (folder: string) => {
    if (!seen.has(folder) && seen.size < MAX_FOLDERS) seen.set(folder, firstMention(folder, files));
    return seen.get(folder);
  };
  for (const path of paths) {
    const found = candidateFolders(path).map(lookUp).find((m) => m !== undefined);
    if (found) out.set(path, found);
  }
  return out;
}

const MAX_FOLDERS = 200;

/** Argo CD's and Flux's objects: target discovery reads them, and says why one deploys nothing here (another repository's source …). */
const CONTROLLER_OBJECT = /^apiVersion:[ \t]*["']?(?:argoproj\.io|[a-z.]*toolkit\.fluxcd\.io)\//m;

function firstMention(folder: string, files: readonly { readonly path: string; readonly text: string }[]): FolderMention | undefined {
  const line = mentionLine(folder);
  for (const f of files) {
    if (f.path.startsWith(`${folder}/`) || !f.text.includes(folder) || CONTROLLER_OBJECT.test(f.text)) continue;
    const m = line.exec(f.text);
    if (m) return { folder, file: f.path, line: lineAtOffset(f.text, m.index), text: m[0].trim() };
  }
  return undefined;
}
