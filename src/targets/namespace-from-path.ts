/**
 * `namespaceFromPath: namespaces/{namespace}/**`: the namespace of a file's namespace-less objects
 * taken from its path, for repositories applied folder by folder with `kubectl apply -n <folder>`.
 * `{namespace}` matches one path segment, `*` any characters within a segment, `**` any number of segments.
 */

/** A matcher returning the namespace for a path, or `undefined` when the path does not match. */
export function namespaceFromPath(pattern: string): (path: string) => string | undefined {
  const re = patternRegex(pattern);
  return (path) => {
    const m = re.exec(path);
    return m?.groups?.namespace || undefined;
  };
}

/** Whether a pattern has exactly one `{namespace}` placeholder (what the config validates). */
export function isNamespacePattern(pattern: string): boolean {
  return pattern.split('{namespace}').length === 2;
}

function patternRegex(pattern: string): RegExp {
  let out = '';
  const p = pattern.replace(/^\.\//, '');
  for (let i = 0; i < p.length; i++) {
    if (p.startsWith('{namespace}', i)) {
      out += '(?<namespace>[^/]+)';
      i += '{namespace}'.length - 1;
    } else if (p.startsWith('**/', i)) {
      out += '(?:.*/)?';
      i += 2;
    } else if (p.startsWith('**', i)) {
      out += '.*';
      i += 1;
    } else if (p[i] === '*') out += '[^/]*';
    else if (p[i] === '?') out += '[^/]';
    else out += p[i].replace(/[.+^$()|[\]\\{}]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}
