/**
 * The targets a cluster model merges, as its section heading names them after its own name in text and
 * Markdown: ` (a, b, c)`, and past MEMBERS_NAMED the first ones and a count (` (a, b, c, d, e and 135
 * more targets)`): a Flux repository's cluster of 140 Kustomizations wrote every name on one heading
 * line (new-user trial 39). `reachdiff targets` and the JSON (`targets[].members`) list them all.
 *
 * When some are counted, the ones nearest the change are named first: a root holding a changed file
 * (`changed`), then the roots sharing the most folders with one (an overlay `keycloak/app/overlays/prod`
 * for a component `keycloak/app/components/istio/np.yaml` it builds), then in their order. marmila/picluster
 * b6f40b46 changed keycloak's policy and its prod heading named e-commerce-config, e-commerce-app,
 * cert-manager-app … first (real-eval 25); now keycloak-app, keycloak-operator, keycloak-config ….
 */
import type { TargetResult } from '../targets/analyze-targets.js';
import { namedItems } from '../util/and-list.js';
import { inFolder } from '../util/repo-paths.js';

/** Targets named in a heading before the rest are counted. */
export const MEMBERS_NAMED = 5;

/** `''` for a model of one target; else ` (names…)` as above. `changed`: the change's files (none: their order). */
export function membersClause(t: Pick<TargetResult, 'members'>, changed: ReadonlySet<string> = new Set()): string {
  if (t.members.length <= 1) return '';
  const names = t.members.map((m) => m.name);
  const { named, more } = namedItems(allNamed(names) ? names : nearestFirst(t, changed), MEMBERS_NAMED);
  return ` (${named.join(', ')}${more > 0 ? ` and ${more} more targets` : ''})`;
}

/** Whether every name fits the heading (then they keep their order). */
function allNamed(names: readonly string[]): boolean {
  return namedItems(names, MEMBERS_NAMED).more === 0;
}

/** The members' names, nearest the change first (a stable order: ties keep the members' order). */
function nearestFirst(t: Pick<TargetResult, 'members'>, changed: ReadonlySet<string>): string[] {
  const files = [...changed];
  const nearness = (root: string) => Math.max(0, ...files.map((path) => (path === root || inFolder(path, root) ? Infinity : sharedFolders(root, path))));
  const ranked = t.members.map((m, i) => ({ name: m.name, i, near: Math.max(0, ...m.roots.map(nearness)) }));
  ranked.sort((a, b) => b.near - a.near || a.i - b.i);
  return ranked.map((m) => m.name);
}

/** How many leading folders `root` and the file `path` have in common (`a/b/c` and `a/b/d/x.yaml`: 2). */
function sharedFolders(root: string, path: string): number {
  const [r, p] = [root.split('/'), path.split('/').slice(0, -1)];
  let n = 0;
  while (n < r.length && n < p.length && r[n] === p[n]) n++;
  return n;
}
