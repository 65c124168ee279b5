/**
 * The one-time notice that objects naming no namespace were placed in `default` (as `kubectl apply`
 * without `-n` places them): `diff` gives it among its notes, `list` on stderr, in the same words.
 */
import type { ManifestFile } from '../manifests/load.js';
import { namespaceLessObjects } from '../manifests/load.js';
import type { Notice } from './types.js';

/**
 * Whether any of `defaulted` (a target's files whose objects nothing places: no target namespace,
 * namespaceFromPath, kustomization `namespace:` nor --namespace) holds a namespaced object naming no
 * namespace. Ask after the files were loaded: the loader has counted them (no parse of its own then).
 */
export function placesInDefault(defaulted: readonly ManifestFile[]): boolean {
  return defaulted.some((f) => namespaceLessObjects(f) > 0);
}

/** `DEFAULT_NAMESPACE`, naming the cluster models (or the file) whose objects were placed in `default`. */
export function defaultNamespaceNotice(where: readonly string[]): Notice {
  return { code: 'DEFAULT_NAMESPACE', message: `Objects without a namespace in ${where.join(', ')} are placed in \`default\`: nothing names their namespace (set the target's namespace or namespaceFromPath, or --namespace)` };
}

/** The paths of `defaulted` files holding a namespaced object that names no namespace: those placed in `default`. */
export function placedPaths(defaulted: readonly ManifestFile[]): Set<string> {
  return new Set(defaulted.filter((f) => namespaceLessObjects(f) > 0).map((f) => f.path));
}
