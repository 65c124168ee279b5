/** A scenario as one file per object, named by what it defines, so the same object keeps its path on every side. */
import fc from 'fast-check';
import type { Cluster } from '../../src/engine/index.js';
import type { FileLoads, ManifestFile } from '../../src/manifests/load.js';
import { loadManifests } from '../../src/manifests/load.js';
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

/** A base, another cluster whose objects a head takes some of, and which of head's changes a revert takes back. */
export interface RevertSequence {
  readonly base: Scenario;
  readonly other: Scenario;
  readonly change: readonly boolean[];
  readonly revert: readonly boolean[];
  readonly abstract: boolean;
}

/** Base and other drawn from `scenarios`; head takes a fifth of the other cluster's objects, the revert about half of those changes back. */
export function revertSequence(scenarios: fc.Arbitrary<Scenario>): fc.Arbitrary<RevertSequence> {
  return fc.record({
    base: scenarios,
    other: scenarios,
    change: fc.array(fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }), { minLength: 7, maxLength: 7 }),
    revert: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
    abstract: fc.boolean(),
  });
}

/** The files of a sequence's base, head and reverted head (one file per object: `objectFiles`, `mix`). */
export function revertFiles(s: RevertSequence): { baseFiles: ManifestFile[]; headFiles: ManifestFile[]; afterFiles: ManifestFile[] } {
  const baseFiles = objectFiles(s.base);
  const headFiles = mix(baseFiles, objectFiles(s.other), s.change);
  return { baseFiles, headFiles, afterFiles: mix(headFiles, baseFiles, s.revert) };
}

/**
 * A sequence's base, head and reverted head loaded as the analysis loads them: head and the reverted head
 * each over a copy of base's file loads, so the files they share with base give base's very objects.
 */
export function revertClusters(s: RevertSequence): { base: Cluster; head: Cluster; after: Cluster } {
  const { baseFiles, headFiles, afterFiles } = revertFiles(s);
  const loads: FileLoads = new Map();
  const base = loadManifests(baseFiles, loads).cluster;
  return { base, head: loadManifests(headFiles, new Map(loads)).cluster, after: loadManifests(afterFiles, new Map(loads)).cluster };
}
