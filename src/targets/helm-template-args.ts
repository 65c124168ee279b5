/**
 * The arguments of `helm template` for one `HelmSpec`, in the order and with the escaping Argo CD's repo
 * server uses (reposerver `helmTemplate` and util/helm `cmd.template`): `--namespace`, the values files, the
 * inline values written to a file after them, then `--set` for each parameter (`--set-string` when
 * `forceString`) and `--set-file` for each file parameter. Helm merges values files in order and every
 * `--set*` over them, so a parameter wins over any file (Argo CD user guide, "Helm": parameters "override"
 * values). Before this, parameters and inline values were not passed at all: a chart whose NetworkPolicy rule
 * a parameter switches on read as rendered without it (new-user trial 36).
 */
import type { HelmSpec } from './types.js';

/**
 * `valuesFile`: where the caller wrote `spec.values` (absent: the spec has none, or it is not passed);
 * `exists`: whether a repository path exists on the side rendered (for `ignoreMissingValueFiles`).
 */
export function helmTemplateArgs(spec: HelmSpec, valuesFile: string | undefined, exists: (path: string) => boolean): string[] {
  const args = ['template', spec.releaseName ?? 'release', spec.chart];
  if (spec.namespace) args.push('--namespace', spec.namespace);
  for (const v of spec.valuesFiles) if (!spec.ignoreMissingValueFiles || exists(v)) args.push('--values', v);
  if (valuesFile !== undefined) args.push('--values', valuesFile);
  // Argo CD keeps parameters in a map by name: the last of one name wins.
  const last = new Map((spec.parameters ?? []).map((p) => [p.name, p]));
  for (const p of last.values()) args.push(p.forceString ? '--set-string' : '--set', `${p.name}=${p.forceString ? p.value : setValue(p.value)}`);
  for (const f of spec.fileParameters ?? []) args.push('--set-file', `${f.name}=${f.path}`);
  return args;
}

/**
 * A `--set` value as Argo CD passes it (`cleanSetParameters`): a comma not already escaped is escaped, since
 * `--set` reads it as the next assignment; a value in braces is Helm's list syntax (`{a,b}`) and stays.
 */
export function setValue(value: string): string {
  if (value.startsWith('{') && value.endsWith('}')) return value;
  return value.replace(/(^|[^\\]),/g, '$1\\,').replace(/(^|[^\\]),/g, '$1\\,');
}
