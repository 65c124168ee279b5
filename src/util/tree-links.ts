/**
 * Symbolic links of a repository tree (a git revision, the App's GitHub tree): git stores a link as a blob
 * of mode 120000 whose content is the target path, relative to the link's folder. A path through an
 * in-repository link is an alias of its target's path, as a checkout's file system would resolve it (and
 * as a folder side reads it, src/manifests/read-folder.ts); a link that leaves the repository cannot be
 * followed from the tree alone. Pure: the caller reads the link blobs.
 */

/** Link path → target as its blob holds it (repository-relative paths, `/` separators). */
export type TreeLinks = ReadonlyMap<string, string>;

/** Links followed at most in one lookup, as Linux follows at most 40. */
export const MAX_LINK_HOPS = 40;

export type LinkResolution =
  /** The path with every link on the way replaced by its target (`path` itself when none is on the way). */
  | { readonly path: string }
  /** A link on the way leaves the repository (`..` above the top, or an absolute target). */
  | { readonly outside: { readonly link: string; readonly target: string } }
  /**
   * A cycle: one link met twice in one lookup (`loop/up/loop/up/x` with `loop/up -> ..`: a path that
   * exists only by going round, which a checkout would serve but Kustomize refuses as a cycle), or more
   * than MAX_LINK_HOPS links.
   */
  | { readonly cycle: string };

/**
 * `path` resolved through `links`: each leading part of the path that is a link is replaced by the
 * link's target (read relative to the link's folder), again until no part is a link.
 */
export function resolveLinks(path: string, links: TreeLinks): LinkResolution {
  if (links.size === 0) return { path };
  let parts = path.split('/').filter((p) => p !== '' && p !== '.');
  const followed = new Set<string>();
  for (let i = 0; i < parts.length; i++) {
    const prefix = parts.slice(0, i + 1).join('/');
    const target = links.get(prefix);
    if (target === undefined) continue;
    if (followed.has(prefix) || followed.size >= MAX_LINK_HOPS) return { cycle: prefix };
    followed.add(prefix);
    const joined = target.startsWith('/') ? undefined : normalise([...parts.slice(0, i), ...target.split('/')]);
    if (joined === undefined) return { outside: { link: prefix, target } };
    parts = [...joined, ...parts.slice(i + 1)];
    // The target may itself pass through links: start again from the top.
    i = -1;
  }
  return { path: parts.join('/') };
}

/** `.` and `..` resolved; undefined when `..` climbs above the top. */
function normalise(parts: readonly string[]): string[] | undefined {
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p !== '..') out.push(p);
    else if (out.pop() === undefined) return undefined;
  }
  return out;
}

/**
 * The paths of a tree seen through its links: `has(p)` when `p`, resolved, is a path of `real`; `real(p)`
 * that resolved path. What kustomizations are followed with (kustomize/inputs.ts), so a kustomization may
 * name a base or file through a link as in a checkout. `outside` collects the links a lookup met that
 * leave the repository (for a notice naming them).
 */
export class LinkedPaths {
  readonly outside = new Map<string, string>();

  constructor(
    private readonly paths: { has(path: string): boolean },
    readonly links: TreeLinks,
  ) {}

  has(path: string): boolean {
    return this.real(path) !== undefined;
  }

  /** The path `path` stands for, when it exists (itself when no link is on the way). */
  real(path: string): string | undefined {
    if (this.paths.has(path)) return path;
    const r = resolveLinks(path, this.links);
    if ('outside' in r) this.outside.set(r.outside.link, r.outside.target);
    return 'path' in r && this.paths.has(r.path) ? r.path : undefined;
  }
}

/**
 * The warning for a symbolic link whose target is not read: out of the repository (a revision holds only the
 * link) or missing (a dangling link). One wording whether a revision or a folder is read, so a link left as it was
 * is not a new warning in `diff HEAD .` (warnings match by message, report/warning-match.ts).
 */
export function unreadLinkMessage(target: string): string {
  return `cannot read: a symbolic link to ${target}, which names no file of the repository`;
}

/** The warning for a link that leads back to itself (a cycle, or more than MAX_LINK_HOPS links), from a revision and a folder alike. */
export const LINK_LOOP_MESSAGE = 'cannot read: a symbolic link loop (it leads back to itself)';
