/**
 * What Flux's kustomize-controller builds from a `spec.path` folder that holds no kustomization file: it
 * writes one whose `resources` are every `.yaml` and `.yml` file under the folder, at any depth, except that
 * a sub-folder holding a kustomization file is listed as that kustomization (built) and not looked into.
 * Other files (`.json` among them) are not read. Semantics: Flux's Kustomization API reference
 * (kustomize.toolkit.fluxcd.io/v1, "Generating a kustomization.yaml file"); fluxcd/pkg kustomize's generator.
 */
import type { ManifestFile } from '../manifests/load.js';
import type { Kustomization } from './kustomizations.js';
import type { RepoFiles } from './repo-files.js';
import { fluxListing } from '../manifests/generated-kustomization.js';

export interface FluxGenerated {
  /** The manifest files the generated kustomization lists, in the order of `files.files`. */
  readonly files: readonly ManifestFile[];
  /** The kustomizations below the folder it lists (each built, its folder not looked into), shallowest first by path. */
  readonly kustomizations: readonly Kustomization[];
}

/** Flux's generated kustomization of `folder` (which holds no kustomization file itself); `kustomizations`: the side's, by folder. */
export function fluxGenerated(folder: string, files: RepoFiles, kustomizations: ReadonlyMap<string, Kustomization>): FluxGenerated {
  const under = files.under(folder, true);
  const listing = fluxListing(folder, under.map((f) => f.path), (d) => kustomizations.has(d));
  const listed = new Set(listing.files);
  return {
    files: under.filter((f) => listed.has(f.path)),
    kustomizations: listing.folders.sort().map((d) => kustomizations.get(d) as Kustomization),
  };
}
