/**
 * Why a changed file no target deploys is in no build, when a deployed kustomization above it does not list
 * the folder that leads to it (toboshii/home-ops dc2d42b3: `cluster/apps/kustomization.yaml`, which Flux
 * Kustomization apps builds, lists `default`, `media` … but not `mail`). "Name its folder under targets:"
 * is then the wrong advice: the folder is meant to be deployed through that kustomization, and listing it
 * there (Kustomize's `resources:`) deploys it. Pure.
 */
import type { Kustomization } from './kustomizations.js';
import { dirOf, isWithin } from '../util/repo-paths.js';

/** A folder a deployed kustomization's folder holds and does not list. */
export interface UnlistedFolder {
  /** The folder not listed (`cluster/apps/mail`), a subfolder of the kustomization's folder. */
  readonly folder: string;
  /** The kustomization file that does not list it (`cluster/apps/kustomization.yaml`). */
  readonly kustomization: string;
  /** Whether the folder holds a kustomization of its own: only then can `resources:` name the folder (else its files). */
  readonly buildable: boolean;
}

/**
 * For `path`, the nearest kustomization above its folder that a deployed build reads (`deployed`: the
 * paths builds read), with the folder of its own folder on the way to `path`; undefined when no such
 * kustomization is above, or it names something in that folder (then it is not the reason).
 * `sides`: each side's kustomizations by folder (head's first: its kustomization is the one to edit).
 */
export function unlistedFolder(path: string, deployed: ReadonlySet<string>, sides: readonly { readonly kustomizations: ReadonlyMap<string, Kustomization> }[]): UnlistedFolder | undefined {
  const deployedAt = (folder: string) => sides.map((s) => s.kustomizations.get(folder)).find((k) => k !== undefined && deployed.has(k.file));
  // A deployed kustomization in the file's own folder that does not list it is unread-files.ts's case.
  if (deployedAt(dirOf(path))) return undefined;
  for (let folder = dirOf(path); folder !== ''; folder = dirOf(folder)) {
    const k = deployedAt(dirOf(folder));
    if (k === undefined) continue;
    const names = [...k.includes, ...k.uses].some((p) => isWithin(p, folder));
    return names ? undefined : { folder, kustomization: k.file, buildable: sides.some((s) => s.kustomizations.has(folder)) };
  }
  return undefined;
}
