/**
 * The notes text and Markdown print after the report, with what repeats per object told once: a Flux
 * repository installs most apps from HelmReleases (one public one holds 61), and one note per release
 * buried a report that said "no change" under as many lines. Several HelmReleases not rendered become one
 * note naming a few, at the first one's line; the JSON keeps every notice with its own line.
 */
import { firstAndMore } from '../util/and-list.js';
import { groupedInPlace } from '../targets/grouped-notices.js';
import type { Notice } from '../targets/types.js';

/** From this many HelmReleases on, their notes are one. */
export const GROUPED_FROM = 3;
/** HelmReleases a grouped note names before counting the rest. */
const NAMED = 3;
const RELEASE = /^Flux HelmRelease (\S+)/;

/** `notices` for people: HelmReleases not rendered grouped (GROUPED_FROM or more), the rest as they are, order kept. */
export function notesForPeople(notices: readonly Notice[]): Notice[] {
  return groupedInPlace(
    notices,
    (n) => (n.code === 'HELM_RELEASE_NOT_RENDERED' && RELEASE.test(n.message) ? n.code : undefined),
    (group): Notice[] => {
      if (group.length < GROUPED_FROM) return [...group];
      const names = group.map((n) => RELEASE.exec(n.message)![1]);
      const message = `${group.length} Flux HelmReleases not rendered (${firstAndMore(names, NAMED)}; the JSON lists each with its line): the workloads they install are in no analysis, and policies that select them are analysed as for pods the manifests do not hold`;
      return [{ ...group[0], message }];
    },
  ).flat();
}
