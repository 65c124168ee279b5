/** A scenario as one file per object, named by what it defines, so the same object keeps its path on every side. */
import type { ManifestFile } from '../../src/manifests/load.js';
import type { Scenario } from './arbitraries.js';
import { toYaml } from './harness.js';

export function objectFiles(s: Scenario): ManifestFile[] {
  return toYaml(s)
    .split('---\n')
    .filter((d) => d.trim() !== '')
    .map((text) => {
      const kind = /^kind: (\S+)/m.exec(text)?.[1];
      const name = /^ {2}name: (\S+)/m.exec(text)?.[1];
      const ns = /^ {2}namespace: (\S+)/m.exec(text)?.[1] ?? '';
      return { path: `${kind}/${ns}/${name}.yaml`, text };
    });
}

/** Per path, `from`'s version or (where `pick` says so, cycling by path order) `to`'s; a side without the path leaves it out. */
export function mix(from: readonly ManifestFile[], to: readonly ManifestFile[], pick: readonly boolean[]): ManifestFile[] {
  const a = new Map(from.map((f) => [f.path, f]));
  const b = new Map(to.map((f) => [f.path, f]));
  return [...new Set([...a.keys(), ...b.keys()])].sort().flatMap((path, i) => {
    const f = pick[i % pick.length] ? b.get(path) : a.get(path);
    return f ? [f] : [];
  });
}
