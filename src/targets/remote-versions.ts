/**
 * A remote Kustomize entry apart from its version: the same repository and path at another release is one entry
 * changed, not one removed and one added (a bump of `…/releases/download/v2.1.0/install.yaml` to `v2.2.0`, of
 * `github.com/org/repo//deploy?ref=v1` to `?ref=v2`). The version is a `ref` or `version` query value (Kustomize's
 * remote-target parameters: a tag, a branch or a commit), a path segment that reads as a version (`v2.1.0`,
 * `1.14`, `v1.2.3-rc.1`), or a version inside a longer segment (`calico-v3.26.yaml`, `operator-3.26.1.yaml`),
 * there only with a `v` or a dot, so that `part1.yaml` and `part2.yaml` stay two files.
 */

/** A segment that is a version: an optional `v`, dotted numbers, an optional pre-release or build suffix. */
const VERSION_SEGMENT = /^v?\d+(\.\d+)*([-+][0-9A-Za-z.-]+)?$/;

/**
 * A version inside a longer segment: `v` and numbers, or dotted numbers (`v3.26`, `3.26.1`, `v2`), with a
 * pre-release suffix (`-rc.1`), whole: set apart by a character that is not a letter or digit (or the segment's
 * ends), and not followed by more dotted numbers.
 */
const VERSION_IN_SEGMENT = /(?<![0-9A-Za-z])(v\d+(?:\.\d+)*|\d+(?:\.\d+)+)(?:-(?:alpha|beta|rc)(?:\.?\d+)*)?(?![0-9A-Za-z]|\.\d)/g;

/** The query parameters whose value is the version fetched. */
const VERSION_PARAMETERS = new Set(['ref', 'version']);

/** `entry` with each version replaced by a mark (`shape`), and those versions in order. */
export function versionedShape(entry: string): { readonly shape: string; readonly versions: readonly string[] } {
  const versions: string[] = [];
  const q = entry.indexOf('?');
  const [path, query] = q < 0 ? [entry, undefined] : [entry.slice(0, q), entry.slice(q + 1)];
  const segments = path.split('/').map((s) => (VERSION_SEGMENT.test(s) ? (versions.push(s), '\0') : s.replace(VERSION_IN_SEGMENT, (v) => (versions.push(v), '\0'))));
  const parameters = query?.split('&').map((p) => {
    const eq = p.indexOf('=');
    return eq > 0 && VERSION_PARAMETERS.has(p.slice(0, eq)) ? (versions.push(p.slice(eq + 1)), `${p.slice(0, eq)}=\0`) : p;
  });
  return { shape: segments.join('/') + (parameters ? `?${parameters.join('&')}` : ''), versions };
}

/**
 * How `was` became `is` when they differ only in versions (`versionedShape`): the versions that differ, each side's
 * joined by `, ` (`{from: 'v1', to: 'v2'}`); undefined when anything else differs, or nothing does.
 */
export function versionChange(was: string, is: string): { readonly from: string; readonly to: string } | undefined {
  const [a, b] = [versionedShape(was), versionedShape(is)];
  if (a.shape !== b.shape || was === is) return undefined;
  const differ = a.versions.map((v, i) => [v, b.versions[i]] as const).filter(([x, y]) => x !== y);
  const unique = (vs: readonly string[]) => [...new Set(vs)].join(', ');
  return { from: unique(differ.map(([x]) => x)), to: unique(differ.map(([, y]) => y)) };
}
