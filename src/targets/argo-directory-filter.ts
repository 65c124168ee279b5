/**
 * Argo CD's `spec.source.directory.include` and `exclude`: which files of a directory-type source the
 * repo-server reads. Each is one glob matched against a file's path relative to the source's `path`
 * (`sub/np.yaml`); a file the exclude matches is left out, then, when an include is set, a file it does not
 * match (the exclude takes precedence). Source of the semantics: Argo CD's user guide, "Directory" (Including/
 * Excluding Files), and its repo-server, which matches with gobwas/glob and no separators: `*` and `?` cross
 * `/` (`*.yaml` takes `sub/np.yaml` too), `{a,b}` are alternatives, `[abc]`, `[a-z]`, `[!abc]` a class, `\`
 * escapes. A pattern that does not compile matches nothing there (a warning in Argo CD's log), so it is here.
 *
 * picomatch (the `--path` matcher) is not used: its `*` and `?` stop at `/`, and its `[!…]` is not a negation.
 */

/** One source's `directory` settings, as written in its Application. */
export interface DirectoryFilter {
  /** `directory.recurse` of this source (Argo CD's default: false); each source of an Application has its own. */
  readonly recurse?: boolean;
  readonly include?: string;
  readonly exclude?: string;
}

/** The RegExp of one gobwas-style pattern (whole path), or undefined when the pattern is malformed. */
export function argoGlob(pattern: string): RegExp | undefined {
  let out = '';
  let braces = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      if (i + 1 >= pattern.length) return undefined;
      out += escape(pattern[++i]);
    } else if (c === '*') {
      while (pattern[i + 1] === '*') i++;
      out += '[\\s\\S]*';
    } else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) return undefined;
      let body = pattern.slice(i + 1, end);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      if (body === '') return undefined;
      out += `[${negated ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (c === '{') {
      braces++;
      out += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      out += ')';
    } else if (c === ',' && braces > 0) out += '|';
    else out += escape(c);
  }
  if (braces !== 0) return undefined;
  try {
    return new RegExp(`^${out}$`);
  } catch {
    // A class such as `[z-a]`: gobwas refuses it too.
    return undefined;
  }
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Whether Argo CD reads the file at repository path `path`, below the source's `folder` (`''`: the root), under `filter`. */
export function directoryReads(filter: DirectoryFilter | undefined, folder: string, path: string): boolean {
  if (!filter) return true;
  const relative = folder === '' ? path : path.slice(folder.length + 1);
  if (filter.exclude && argoGlob(filter.exclude)?.test(relative)) return false;
  if (filter.include && !argoGlob(filter.include)?.test(relative)) return false;
  return true;
}
