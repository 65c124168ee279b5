/**
 * What a kustomization file says about policies: an inline patch or a patch target of a policy kind (its
 * `kind:` lines are indented, inside `patches:`), or a `resources`, `patchesStrategicMerge` or `patches`
 * path whose file holds policies. A changed kustomization that no deployed build reads, and whose policy
 * parts differ between base and head, changes what it would apply to policies, yet no cluster: its patches
 * apply nowhere (real-eval 26: TheBranchDriftCatalyst/talos-homelab a35bfaa8 added `$patch: delete`
 * patches of Flux's NetworkPolicies to a kustomization Flux never builds and read "No change" without a
 * word; the author moved them "where they actually apply" in a later commit). outside-targets.ts says such
 * a file as not analysed; one whose change leaves its policy parts alone (a ConfigMap patch) is not said.
 */
import { isObject } from '../manifests/context.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import { withFieldNames } from '../kustomize/field-names.js';
import { policyKindAlternatives } from '../manifests/policy-kinds.js';
import { UNMODELLED_POLICY_KINDS } from '../manifests/unmodelled-kinds.js';
import { isKustomizationPath, isRemote } from '../kustomize/index.js';
import { dirOf, joinPath } from '../util/repo-paths.js';

/** A `kind:` line of a policy kind at any indentation, a list item's too (`- kind: NetworkPolicy` in a patch target). */
const NESTED_POLICY_KIND = new RegExp(
  `^[ \\t]*(-[ \\t]+)?kind:[ \\t]*["']?(${policyKindAlternatives()}|GlobalNetworkPolicy|${[...new Set(UNMODELLED_POLICY_KINDS.map((k) => k.kind))].join('|')})["']?[ \\t]*(#.*)?$`,
  'm',
);

/**
 * The parts of a kustomization file that name policies, as comparable strings: each `resources`,
 * `patchesStrategicMerge` or `patches` path whose file holds policies (`file:` and its repository path), and
 * each `patches`, `patchesStrategicMerge` or `patchesJson6902` item whose own text names a policy kind (`patch:`
 * and the item as JSON). Empty for a file that is no kustomization or does not parse. `holdsPolicies(p)`:
 * whether the file at repository path `p` holds policies on either side (outside-targets.ts). A changed
 * kustomization whose parts differ between base and head changes what policies it would apply.
 */
export function kustomizationPolicyParts(path: string, text: string | undefined, holdsPolicies: (p: string) => boolean): string[] {
  if (text === undefined || !isKustomizationPath(path)) return [];
  const folder = dirOf(path);
  const out: string[] = [];
  for (const d of parseDocuments(text, 'kubectl')) {
    if (!isObject(d.value)) continue;
    // Keys in another case are the fields they name (field-names.ts).
    const v = withFieldNames(d.value);
    const items = (key: string): unknown[] => (Array.isArray(v[key]) ? (v[key] as unknown[]) : []);
    const paths = [...items('resources'), ...items('patchesStrategicMerge')].filter((e): e is string => typeof e === 'string');
    paths.push(...items('patches').flatMap((p) => (isObject(p) && typeof p.path === 'string' ? [p.path] : [])));
    for (const entry of paths) {
      const file = joinPath(folder, entry);
      if (file !== undefined && holdsPolicies(file)) out.push(`file:${file}`);
    }
    for (const item of [...items('patches'), ...items('patchesStrategicMerge'), ...items('patchesJson6902')]) {
      if (typeof item === 'string' && !NESTED_POLICY_KIND.test(item)) continue;
      const shown = JSON.stringify(item);
      if (typeof item !== 'string' && !NESTED_POLICY_KIND.test(yamlish(item))) continue;
      out.push(`patch:${shown}`);
    }
    // A remote resource of a kustomization that patches policies is what those patches apply to (an upstream install
    // whose NetworkPolicies it deletes): its reference changing (a version bump) changes what the kustomization
    // would apply to policies, unseen here (real repositories 33: allenporter/k8s-gitops 04dcea60, a bootstrap
    // kustomization of Flux's install, read "No change" without a word).
    if (out.some((p) => p.startsWith('patch:'))) out.push(...items('resources').filter((e): e is string => typeof e === 'string' && isRemote(e)).map((e) => `remote:${e}`));
  }
  return out.sort();
}

/** An item's strings, one per line, so a policy kind in an inline patch (`patch: |` text) or a target (`kind: NetworkPolicy`) is found. */
function yamlish(value: unknown, key = ''): string {
  if (typeof value === 'string') return `${key ? `${key}: ` : ''}${value}`;
  if (Array.isArray(value)) return value.map((v) => yamlish(v)).join('\n');
  if (isObject(value)) return Object.entries(value).map(([k, v]) => yamlish(v, k)).join('\n');
  return '';
}
