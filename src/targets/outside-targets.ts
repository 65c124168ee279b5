/**
 * A pull request can change a policy that no target deploys: a folder no controller object, kustomization
 * or configured root reaches (a bootstrap folder whose sync object is still a placeholder, a tenant
 * folder on another path). Its change is in no cluster model, so it is in no verdict: said in a notice
 * (`OUTSIDE_TARGETS`), never silently left out.
 */
import type { Notice } from './types.js';

/** A document of a policy kind reachdiff models (NetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy). */
const POLICY_KIND = /^kind:\s*["']?(NetworkPolicy|AdminNetworkPolicy|BaselineAdminNetworkPolicy)["']?\s*(#.*)?$/m;

/**
 * One notice for the changed files (`changed`) that hold a policy on base or head (`texts`: each side's
 * text of a path, undefined when absent) and that no cluster model read on either side (`deployed`: paths
 * of the models' files and of the sources their rendered files came from). Files of Helm charts (`charts`:
 * their folders, '' for the root) are left to the chart's own notice: a template is no manifest.
 */
export function outsideTargets(changed: ReadonlySet<string>, texts: readonly ((path: string) => string | undefined)[], deployed: ReadonlySet<string>, charts: readonly string[]): Notice[] {
  const inChart = (p: string) => charts.some((c) => c === '' || p.startsWith(`${c}/`));
  const outside = [...changed].filter((p) => !deployed.has(p) && !inChart(p) && texts.some((text) => POLICY_KIND.test(text(p) ?? ''))).sort();
  if (outside.length === 0) return [];
  const one = outside.length === 1;
  const list = outside.length > 5 ? `${outside.slice(0, 5).join(', ')} and ${outside.length - 5} more` : outside.join(', ');
  const these = one ? 'a changed file holding policies that no target deploys' : `${outside.length} changed files holding policies that no target deploys`;
  return [{ code: 'OUTSIDE_TARGETS', message: `Not analysed: ${these}: ${list}. If a cluster applies ${one ? 'it' : 'them'}, name ${one ? 'its folder' : 'their folders'} under targets: in the configuration` }];
}
