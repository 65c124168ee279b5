/**
 * Notices that say the same of many Flux Kustomizations told once: a cluster whose parent Kustomization
 * patches one `postBuild.substituteFrom` into every child (flux-edited-controllers.ts) has each child say
 * "values not applied from Secret cluster-secrets (encrypted …)", dozens of identical notes a commit.
 * Notices of one code whose messages differ only in the Kustomization's name become one naming the
 * Kustomizations (three, and a count of the rest), at the first one's line (as external-source-notices.ts).
 */
import { firstAndMore } from '../util/and-list.js';
import { groupedInPlace } from './grouped-notices.js';
import type { Notice, NoticeCode } from './types.js';

const NAMED = 3;
const OF_ONE = /^Flux Kustomization (\S+): ([\s\S]+)$/;
const OF_MANY = /^\d+ Flux Kustomizations \([^)]*\): ([\s\S]+)$/;

/**
 * What a notice says of its Flux Kustomizations whoever they are (code and text after the names), or
 * undefined for any other notice: base's notice alike one of head's is the same news (analyze-targets.ts).
 */
export function alikeKey(n: Notice): string | undefined {
  const rest = OF_ONE.exec(n.message)?.[2] ?? OF_MANY.exec(n.message)?.[1];
  return rest === undefined ? undefined : `${n.code}\0${rest}`;
}

/**
 * `notices` with each group of ≥ 2 alike ones as one, in place of the first; `codes`: only notices of these
 * codes (the analysis's own, once every target has added its notes: many Kustomizations each missing the
 * same `${VAR}` of an unread Secret said it once each, 20 to 60 alike notes a commit on re32's repositories).
 */
export function groupedAlikeFluxNotices(notices: readonly Notice[], codes?: ReadonlySet<NoticeCode>): Notice[] {
  return groupedInPlace(
    notices,
    (n) => (OF_ONE.test(n.message) && (codes === undefined || codes.has(n.code)) ? alikeKey(n) : undefined),
    (group) => {
      if (group.length === 1) return group[0];
      const names = group.map((g) => OF_ONE.exec(g.message)![1]);
      return { ...group[0], message: `${names.length} Flux Kustomizations (${firstAndMore(names, NAMED)}): ${OF_ONE.exec(group[0].message)![2]}` };
    },
  );
}
