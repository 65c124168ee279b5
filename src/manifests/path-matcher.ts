/** Which repository paths are manifests: YAML or JSON files, narrowed by include globs and cut by exclude globs. */
import picomatch from 'picomatch';
import { isManifestPath, isPolicySourcePath, isSourceIgnorePath, isTemplatedManifestPath } from './load.js';

/**
 * No include globs means every YAML/JSON file; a glob never lets any other file in. A kustomization file
 * without extension (`Kustomization`) is matched as if it were `kustomization.yaml` in its folder, so
 * `**\/*.yaml` globs select it too. A Go-templated YAML file (`values.yaml.gotmpl`, read as helmfile input,
 * never as manifests) is matched as the file it renders to (`values.yaml`). A Terraform, Jsonnet or CUE file
 * (read only to see whether a change to it writes network policies) is matched as the YAML file it would be
 * in its place (`main.tf` as `main.yaml`), so the globs' folders and the default YAML/JSON globs hold it. A Flux
 * `.sourceignore` file is always read: it decides which of the selected files a Flux source holds.
 */
export function manifestMatcher(include: readonly string[], exclude: readonly string[] = []): (path: string) => boolean {
  const included = include.length ? picomatch([...include], { dot: true }) : () => true;
  const excluded = exclude.length ? picomatch([...exclude], { dot: true }) : () => false;
  const asGlobbed = (path: string) => (/(^|\/)Kustomization$/.test(path) ? `${path.slice(0, -'Kustomization'.length)}kustomization.yaml` : path);
  const matched = (path: string) => included(asGlobbed(path)) && !excluded(asGlobbed(path));
  return (path) => (isManifestPath(path) && matched(path)) || (isTemplatedManifestPath(path) && matched(path.slice(0, -'.gotmpl'.length))) || (isPolicySourcePath(path) && matched(path.replace(/\.[^./]+$/, '.yaml'))) || isSourceIgnorePath(path);
}
