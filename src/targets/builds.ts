/**
 * The files of several targets deployed into one cluster, as one load: targets that agree on every
 * file they share go into one build (a file both deploy the same way is one file); a target that
 * deploys a shared path differently (another namespace, other Kustomize overrides, rendered otherwise)
 * or renders a kustomization another target's kustomization includes goes into a build of its own, so
 * each deployment is rendered and placed as its target says (see src/manifests/builds.ts).
 */
import { kustomizationDirs, topLevelKustomizations } from '../kustomize/index.js';
import type { ManifestFile } from '../manifests/load.js';
import { samePlacement } from '../manifests/load.js';
import { buildPath } from '../manifests/builds.js';

interface Build {
  readonly files: Map<string, ManifestFile>;
  /** Kustomization folders rendered on their own, and those only included by others. */
  readonly tops: Set<string>;
  readonly inner: Set<string>;
}

/** Each target's files (in target order) → one file list; files carry `build` only when there are several builds. */
export function deploymentBuilds(targets: readonly (readonly ManifestFile[])[]): ManifestFile[] {
  // One target is one build: its kustomization folders matter only to tell targets apart, so they are not read.
  if (targets.length === 1) return firstOfEachPath(targets[0]);
  const builds: Build[] = [];
  for (const files of targets) {
    const texts = new Map(files.map((f) => [f.path, f.text]));
    const tops = new Set(topLevelKustomizations(texts));
    const inner = new Set(kustomizationDirs(texts).filter((d) => !tops.has(d)));
    let build = builds.find((b) => fits(b, files, tops, inner));
    if (!build) builds.push((build = { files: new Map(), tops: new Set(), inner: new Set() }));
    for (const f of files) if (!build.files.has(buildPath(f))) build.files.set(buildPath(f), f);
    tops.forEach((d) => build.tops.add(d));
    inner.forEach((d) => build.inner.add(d));
  }
  if (builds.length === 1) return [...builds[0].files.values()];
  // A target's own builds (Config Sync's copies of a file per namespace) stay apart within its deployment's.
  return builds.flatMap((b, i) => [...b.files.values()].map((f) => ({ ...f, build: f.build === undefined ? String(i + 1) : `${i + 1}/${f.build}` })));
}

/** `files` without a later file of a path (within its build) already given. */
function firstOfEachPath(files: readonly ManifestFile[]): ManifestFile[] {
  const byPath = new Map<string, ManifestFile>();
  for (const f of files) {
    const key = buildPath(f);
    if (!byPath.has(key)) byPath.set(key, f);
  }
  return [...byPath.values()];
}

function fits(build: Build, files: readonly ManifestFile[], tops: ReadonlySet<string>, inner: ReadonlySet<string>): boolean {
  for (const d of tops) if (build.inner.has(d)) return false;
  for (const d of inner) if (build.tops.has(d)) return false;
  return files.every((f) => {
    const there = build.files.get(buildPath(f));
    return there === undefined || (there.text === f.text && samePlacement(there, f) && !there.sourceLines && !f.sourceLines);
  });
}
