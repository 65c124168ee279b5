/**
 * Changed remote entries of a deployed build are in no verdict: Kustomize fetches a remote resource or component
 * (a URL, a git address, a `?ref=`), reachdiff does not (kustomize/render.ts warns KUSTOMIZE_NOT_RENDERED at the
 * entry and builds without it). A pull request that bumps such an entry's version (`…/download/v2.1.0/install.yaml`
 * to `v2.2.0`, an upstream install that holds NetworkPolicies) read "No change in allowed connectivity", exit 0,
 * and one that replaces a vendored copy by its URL (allenporter/k8s-gitops 172dc844: Calico's manifest) read
 * every workload of the copy as removed, with only the warning beside. Each kustomization whose remote entries
 * differ between the sides is said as an `OUTSIDE_TARGETS` notice ("Not analysed: …"), as unrendered plugins are
 * (unrendered-plugins.ts), so the check is never `success` on it. Remote entries of kustomizations no deployed
 * build reads are kustomization-policies.ts's.
 */
import type { Diagnostic } from '../manifests/diagnostics.js';
import { firstAndMore } from '../util/and-list.js';
import { plural } from '../util/plural.js';
import type { Notice } from './types.js';
import { versionChange } from './remote-versions.js';

/**
 * `changed`: changed paths; `base`, `head`: the KUSTOMIZE_NOT_RENDERED warnings of every build of that side (a
 * kustomization several builds read warns once per build; a remote entry's carries it, Diagnostic `remoteEntry`).
 * One notice per changed kustomization whose remote entries (kind and text: `resource https://…`) are not the
 * same on both sides, at head's line of the first entry head adds or changes, else at base's line of the first it
 * removes (`side: 'base'`). An entry at another version (remote-versions.ts: `?ref=`, a `v2.1.0` segment) is one
 * entry changed, named with both versions, not one removed and one added.
 */
export function remoteResourceNotices(changed: ReadonlySet<string>, base: readonly Diagnostic[], head: readonly Diagnostic[]): Notice[] {
  const [was, is] = [remoteEntries(base), remoteEntries(head)];
  const out: Notice[] = [];
  for (const file of [...new Set([...was.keys(), ...is.keys()])].sort()) {
    if (!changed.has(file)) continue;
    const [before, after] = [was.get(file) ?? new Map<string, number>(), is.get(file) ?? new Map<string, number>()];
    const removed = [...before.keys()].filter((e) => !after.has(e));
    // Head's new entries in its order, each the change of a removed one at another version when there is one.
    const fresh = [...after.keys()].filter((e) => !before.has(e)).map((e) => {
      for (const [i, r] of removed.entries()) {
        const change = versionChange(r, e);
        if (change) {
          removed.splice(i, 1);
          return { entry: e, change };
        }
      }
      return { entry: e };
    });
    if (fresh.length === 0 && removed.length === 0) continue;
    const parts = [...fresh.map((f) => (f.change ? `remote ${f.entry} changed from ${f.change.from} to ${f.change.to}` : `remote ${f.entry} added`)), ...removed.map((e) => `remote ${e} removed`)];
    const at = fresh.length ? { ref: { file, line: after.get(fresh[0].entry)! } } : { ref: { file, line: before.get(removed[0])! }, side: 'base' as const };
    const n = fresh.length + removed.length;
    out.push({
      code: 'OUTSIDE_TARGETS',
      message: `Not analysed: ${file} changes the remote entries of a build (${firstAndMore(parts, 5)}), which reachdiff does not fetch: what they deploy, their network policies included, is in no analysis. Render the build with --render (e.g. kustomize build)`,
      what: `${plural(n, 'changed remote entry', 'changed remote entries')} of ${file}, which reachdiff does not fetch`,
      ...at,
    });
  }
  return out;
}

/**
 * Kustomization → its remote entries (`resource URL`, `component URL`) → the line of the first warning naming it,
 * from the warnings' `remoteEntry` (kustomize/render.ts), not their wording.
 */
function remoteEntries(warnings: readonly Diagnostic[]): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const d of warnings) {
    const r = d.code === 'KUSTOMIZE_NOT_RENDERED' ? d.remoteEntry : undefined;
    if (!r) continue;
    const entries = out.get(r.kustomization) ?? out.set(r.kustomization, new Map()).get(r.kustomization)!;
    const key = `${r.kind} ${r.entry}`;
    if (!entries.has(key)) entries.set(key, d.ref.line);
  }
  return out;
}
