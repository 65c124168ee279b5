/**
 * `diff co1/overlays/prod co2/overlays/prod`, `list overlays/prod`: each folder given is the root read, so an
 * overlay naming `../../base` could not build there. Kustomize follows such paths on disk (a resource, base or
 * component folder may lie anywhere: kubectl kustomize "resources"), so the commands read the folders holding
 * those files instead — as many levels up as the kustomizations reached from the folder climb, bases naming
 * further bases included — narrowed to the folder given (`--path 'overlays/prod/**'`), which is what a user would
 * otherwise be told to type. The bases are then read as the builds' inputs, and every path the report cites is from
 * that wider folder (`base/np.yaml:7`). Never above a git repository's top: beyond it lies another checkout.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import yaml from 'js-yaml';
import { KUSTOMIZATION_FILE_NAMES, isKustomizationPath } from '../kustomize/file-set.js';
import { isRemote } from '../kustomize/render.js';

/** Steps up taken at most: an overlay's bases lie a few folders above it. */
const MAX_LEVELS = 8;

/** The folders to read instead of those given, the given ones' path below them, and the `--path` globs narrowed to it. */
export interface WiderRead {
  /** As given, for the note. */
  readonly given: readonly string[];
  /** One per folder given, in that order. */
  readonly folders: readonly string[];
  /** The folders given, from the wider ones (`overlays/prod`, `/`-separated). */
  readonly below: string;
  /** `--path` globs of the wider folders: those given below `below`, or `below/**`. */
  readonly paths: readonly string[];
  /** `.github/reachdiff.yml` of the (head) folder given, which the wider read keeps using; absent when it has none. */
  readonly config?: string;
}

/**
 * For folders given (one, or base and head): the wider read their kustomizations need, or undefined when they
 * need none, a spec is not a folder, the folders would sit at different paths below the wider ones, or a folder
 * would have to climb past a git repository's top or the file system's root.
 */
export async function widerRead(specs: readonly string[], paths: readonly string[]): Promise<WiderRead | undefined> {
  const folders = await Promise.all(specs.map(async (s) => ((await stat(s).catch(() => undefined))?.isDirectory() ? s : undefined)));
  if (folders.some((f) => f === undefined)) return undefined;
  const levels = Math.max(...(await Promise.all(specs.map(levelsAboveFolder))));
  if (levels === 0 || levels > MAX_LEVELS) return undefined;
  const ups = specs.map((s) => up(s, levels));
  if (ups.some((u) => u === undefined)) return undefined;
  const [first] = ups as { root: string; below: string }[];
  if (ups.some((u) => u!.below !== first.below) || new Set(ups.map((u) => u!.root)).size !== ups.length) return undefined;
  const config = join(resolve(specs[specs.length - 1]), '.github', 'reachdiff.yml');
  return { given: specs, folders: ups.map((u) => u!.root), below: first.below, paths: pathsBelow(paths, first.below), ...(existsSync(config) ? { config } : {}) };
}

/** A command's arguments for the wider read: its `--path` globs narrowed, and the folder given's configuration kept unless `--config` names one. */
export function widerArgs<A extends { readonly paths: readonly string[]; readonly config?: string }>(args: A, wider: WiderRead): A {
  return { ...args, paths: wider.paths, ...(args.config === undefined && wider.config ? { config: wider.config } : {}) };
}

/** `note: co1/overlays/prod and co2/overlays/prod name files above them: read co1 and co2 instead, narrowed with --path 'overlays/prod/**' …` */
export function widerReadNote(w: WiderRead | undefined): string {
  if (!w) return '';
  const shown = (folder: string) => relative(process.cwd(), folder) || '.';
  const one = w.given.length === 1;
  return `note: ${w.given.join(' and ')} ${one ? 'names files above it' : 'name files above them'}: read ${w.folders.map(shown).join(' and ')} instead, narrowed with --path ${w.paths.map((p) => `'${p}'`).join(' ')} (paths below are from ${one ? 'that folder' : 'those folders'})\n`;
}

/**
 * How many folders above `folder` the kustomizations it holds name resources, bases or components, following each
 * named folder's own kustomization on disk (visited once). 0 for a repository's top (`.git` in it), where nothing
 * above is this checkout's. Remote entries, paths that do not exist and unreadable or malformed kustomizations count
 * nothing: the build says what is wrong with them.
 */
export async function levelsAboveFolder(folder: string): Promise<number> {
  const root = resolve(folder);
  if (existsSync(join(root, '.git'))) return 0;
  const names = (await readdir(root, { recursive: true }).catch(() => [] as string[])).map((p) => p.split(sep).join('/')).filter((p) => !p.split('/').includes('.git') && isKustomizationPath(p));
  const queue = names.map((p) => join(root, p));
  const seen = new Set<string>(queue.map(dirname));
  let levels = 0;
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    for (const entry of await entriesOf(file)) {
      const target = resolve(dirname(file), entry);
      // A path that is nowhere fails the build wherever it is read from.
      if (!existsSync(target)) continue;
      const rel = relative(root, target).split(sep);
      let above = 0;
      while (rel[above] === '..') above++;
      levels = Math.max(levels, above);
      if (seen.has(target)) continue;
      seen.add(target);
      const k = KUSTOMIZATION_FILE_NAMES.map((n) => join(target, n)).find((f) => existsSync(f));
      if (k) queue.push(k);
    }
  }
  return levels;
}

/** A kustomization's local `resources`, `bases` and `components` entries (none when it cannot be read). */
async function entriesOf(file: string): Promise<string[]> {
  let doc: unknown;
  try {
    doc = yaml.load(await readFile(file, 'utf8'));
  } catch {
    return [];
  }
  if (typeof doc !== 'object' || doc === null) return [];
  const out: string[] = [];
  for (const field of ['resources', 'bases', 'components'] as const) {
    const list = (doc as Record<string, unknown>)[field];
    if (Array.isArray(list)) for (const e of list) if (typeof e === 'string' && e !== '' && !isRemote(e)) out.push(e);
  }
  return out;
}

/** `folder` `levels` up, with `folder` as the path below it; undefined past a repository's top or the file system's root. */
function up(folder: string, levels: number): { root: string; below: string } | undefined {
  let root = resolve(folder);
  for (let i = 0; i < levels; i++) {
    const parent = dirname(root);
    if (parent === root || existsSync(join(root, '.git'))) return undefined;
    root = parent;
  }
  return { root, below: relative(root, resolve(folder)).split(sep).join('/') };
}

/** `--path` globs given for the folder, as globs of the wider one (none given: the whole folder). */
export function pathsBelow(paths: readonly string[], below: string): string[] {
  return paths.length === 0 ? [`${below}/**`] : paths.map((p) => `${below}/${p.replace(/^\.\//, '')}`);
}
