/**
 * A parent Flux Kustomization's post-build variables reach the Flux Kustomizations it deploys: Flux
 * substitutes `${VAR}` in every object of its build, those objects included, so a child's
 * `postBuild.substitute: {VPS_IP: "${VPS_IP}"}` carries the parent's value into the child's own build
 * (deedee-ops/home-ops: `cluster-apps` sets `VPS_IP`, each app passes it on; without this the child's
 * `${VPS_IP}` stayed literal, and a `toCIDRSet` of `${VPS_IP}/32` made its policy an error, left out).
 * Semantics: Flux's Kustomization API reference, "Post build variable substitution" (on the build's
 * output, every object), expanded as flux-variables.ts does (drone/envsubst). Only the child's
 * `substitute` values are expanded here; its other fields are read as written.
 */
import { expandVariables } from '../manifests/flux-variables.js';
import type { TargetSpec } from './types.js';

/**
 * `targets` with each Flux target's `substitute` values expanded from those of the Flux target whose path
 * holds its controller object's file (the nearest such path; parents expanded first, so a chain of
 * pass-throughs carries a value down). A target whose values write no `${` is unchanged. In place.
 */
export function inheritFluxSubstitutions(targets: TargetSpec[]): void {
  const flux = targets.map((t, i) => [t, i] as const).filter(([t]) => t.origin === 'flux' && t.ref !== undefined);
  const done = new Set<number>();
  const resolve = (i: number, seen: Set<number>): void => {
    if (done.has(i) || seen.has(i)) return;
    seen.add(i);
    const t = targets[i];
    const values = t.substitute;
    if (values && Object.values(values).some((v) => v.includes('${'))) {
      const parent = parentOf(t, flux);
      if (parent !== undefined) {
        resolve(parent, seen);
        const from = targets[parent].substitute;
        if (from) {
          // A value naming a variable the parent does not set either stays as written, for the notices that name it.
          const expand = (v: string) => {
            const missing = new Set<string>();
            const out = expandVariables(v, from, missing);
            return missing.size ? v : out;
          };
          targets[i] = { ...t, substitute: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, expand(v)])) };
        }
      }
    }
    done.add(i);
  };
  for (const [, i] of flux) resolve(i, new Set());
}

/** The index of the Flux target whose (one) path folder holds `t`'s controller object, the deepest such folder; never `t` itself. */
function parentOf(t: TargetSpec, flux: readonly (readonly [TargetSpec, number])[]): number | undefined {
  const file = t.ref!.file;
  let best: [number, number] | undefined;
  for (const [p, i] of flux) {
    if (p === t || p.roots.length !== 1) continue;
    const folder = p.roots[0];
    const holds = folder === '' || folder === '.' || file.startsWith(`${folder.replace(/\/$/, '')}/`);
    if (holds && (best === undefined || folder.length > best[1])) best = [i, folder.length];
  }
  return best?.[0];
}
