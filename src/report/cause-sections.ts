/**
 * The lines of a section of pods the manifests do not hold, under the causes they share: a policy whose
 * isolation lapsed or started (analysis/isolation-causes.ts) reads as one sentence in its terms, its lines
 * (one per label combination the other policies cut its pods into) kept below it; lines of no such cause
 * follow as they are. A namespace's start (lapse) under several policies (IsolationCause.namespaceIsolation)
 * takes the lines of every cause it stands for (`causesByKey`); text and Markdown list its policies instead.
 */
import type { IsolationCause } from '../analysis/isolation-causes.js';
import { causeKey, causeSubject, causesByKey, rulesSignature } from '../analysis/isolation-causes.js';
import type { Highlight } from '../analysis/highlights.js';
import { pairCause } from '../analysis/pair-cause.js';
import { tierPairKey } from '../analysis/highlights.js';
import { tierSummaryText } from './tier-change-text.js';
import type { DiffReport } from '../analysis/types.js';
import type { PeerRef } from '../engine/index.js';
import { peerId } from '../engine/index.js';
import type { AbstractGroup } from './abstract-groups.js';
import { isAbstractPair } from './abstract-groups.js';
import { causeCount, causeEffect, causeFamilies, causeFamilyText, causeWhy, sameWordsText, unitedWorkloads } from './cause-text.js';
import { namespaceIsolationText } from './namespace-isolation-text.js';
import type { MoreGroups, PairGroup } from './pair-groups.js';
import type { PeerLabel } from './peer-label.js';
import type { RefFormatter } from './reason-text.js';

export interface CauseSection {
  /** Absent: the lines of no cause. */
  readonly cause?: IsolationCause;
  readonly groups: readonly AbstractGroup[];
}

/**
 * `groups` (one change's lines, as abstractGroups sorts them) under `causes` of that change, in the causes'
 * order, then the lines of none (a section without `cause`, last, absent when empty); each keeps its
 * lines' order. A line's cause is its reasons' (`AbstractGroup.rules` are every reason of a line no rule
 * of the allowing side decides; a closed line's `changes` what changed in head).
 */
export function causeSections(groups: readonly AbstractGroup[], causes: readonly IsolationCause[] = []): CauseSection[] {
  const mine = causes.filter((c) => groups.some((g) => g.change === c.change));
  if (mine.length === 0) return groups.length ? [{ groups }] : [];
  const byKey = causesByKey(mine);
  const lines = new Map(mine.map((c) => [c, [] as AbstractGroup[]]));
  const rest: AbstractGroup[] = [];
  // A line of rules given to pods others isolate reads as its rules only: known by them (IsolationCause.lines).
  const byRules = (g: AbstractGroup) => {
    const sig = rulesSignature(g.rules, g.change === 'opened' ? 'head' : 'base');
    return mine.find((c) => c.change === g.change && c.lines?.has(sig))?.key;
  };
  for (const g of groups) {
    const key = causeKey(g.change, [...g.rules, ...g.changes]) ?? byRules(g);
    const cause = key === undefined ? undefined : byKey.get(key);
    (cause ? lines.get(cause)! : rest).push(g);
  }
  const out: CauseSection[] = mine.flatMap((c) => (lines.get(c)!.length ? [{ cause: c, groups: lines.get(c)! }] : []));
  return rest.length ? [...out, { groups: rest }] : out;
}

/**
 * The summary groups (pair-groups.ts `shownPairGroups`) as text and Markdown list them: destination groups
 * whose every pair of that change is an isolation cause's (a label combination of the policy's pods) give
 * way to the causes, each told once, first (`causes`); a kind's count of destination groups left out counts
 * only those no cause tells (it goes when none is left). The JSON's `groups` keep them all.
 */
export function groupsWithCauses(
  report: Pick<DiffReport, 'pairs' | 'isolationCauses'> & Partial<Pick<DiffReport, 'highlights'>>,
  groups: readonly (PairGroup | MoreGroups)[],
): { causes: IsolationCause[]; groups: (PairGroup | MoreGroups)[]; workloads: ReadonlyMap<IsolationCause, NonNullable<Highlight['causeWorkloads']>>; tiers: Highlight[] } {
  const causes = report.isolationCauses ?? [];
  const workloads = new Map<IsolationCause, { paths: number; subjects: PeerRef[] }>();
  // Changes one cluster-wide rule decided (Highlight.tier), by the pairs they tell.
  const tierOf = new Map<string, Highlight>();
  for (const h of report.highlights ?? []) for (const k of h.tierPairs ?? []) tierOf.set(`${h.change}\u0000${k}`, h);
  if ((causes.length === 0 && tierOf.size === 0) || groups.length === 0) return { causes: [], groups: [...groups], workloads, tiers: [] };
  const byKey = causesByKey(causes);
  // Per change and destination id: the causes and tier changes of its pairs (null when one of its pairs has neither), and how many pairs.
  const of = new Map<string, { causes: Set<IsolationCause | Highlight> | null; pairs: number }>();
  for (const p of report.pairs) {
    for (const change of ['opened', 'closed'] as const) {
      if (!p[change]) continue;
      const at = `${change}\u0000${peerId(p.dst)}`;
      // Pairs between workloads of a cause are its too (pair-cause.ts), counted for its line.
      const cause = pairCause(p, change, byKey);
      if (cause && !isAbstractPair(p)) {
        const w = workloads.get(cause) ?? workloads.set(cause, { paths: 0, subjects: [] }).get(cause)!;
        const subject = causeSubject(p, cause.direction);
        w.paths++;
        if (!w.subjects.some((x) => peerId(x) === peerId(subject))) w.subjects.push(subject);
      }
      const teller = cause ?? tierOf.get(`${change}\u0000${tierPairKey(p)}`);
      const known = of.get(at) ?? of.set(at, { causes: new Set(), pairs: 0 }).get(at)!;
      known.pairs++;
      if (!teller) known.causes = null;
      else known.causes?.add(teller);
    }
  }
  // Destinations shown as groups of their own, per change.
  const shown = new Set(groups.flatMap((g) => (g.kind === 'destination' ? [`${g.change}\u0000${g.key}`] : [])));
  const told = new Set<IsolationCause | Highlight>();
  const kept = groups.flatMap((g): (PairGroup | MoreGroups)[] => {
    if (g.kind === 'more') {
      if (g.of !== 'destination') return [g];
      // The destinations left out: those a cause tells are told by it; the count keeps the rest.
      let rest = 0;
      for (const [at, d] of of) {
        if (!at.startsWith(`${g.change}\u0000`) || d.pairs < 2 || shown.has(at)) continue;
        if (d.causes === null) rest++;
        else for (const c of d.causes) told.add(c);
      }
      return rest > 0 ? [{ ...g, count: rest }] : [];
    }
    const caused = g.kind === 'destination' ? of.get(`${g.change}\u0000${g.key}`)?.causes : undefined;
    if (!caused) return [g];
    for (const c of caused) told.add(c);
    return [];
  });
  const tiers = (report.highlights ?? []).filter((h) => told.has(h));
  return { causes: causes.filter((c) => told.has(c)), groups: kept, workloads, tiers };
}

/** A change one cluster-wide rule decided as a summary group: its headline sentence and how many paths (tier-change-text.ts). */
export function tierGroupLine(h: Highlight, label: PeerLabel): string {
  return tierSummaryText(h, h.tier!, label, h.tierPairs?.size ?? 0);
}

/**
 * A cause as a summary group: `NetworkPolicy a/b removed (base:np.yaml:1): opens … (7,728 paths over 12 label
 * combinations)`, with ` and 12 paths with its workloads …` when it stands for pairs between workloads too.
 */
export function causeGroupLine(c: IsolationCause, label: PeerLabel, fmt: RefFormatter, workloads?: Highlight['causeWorkloads']): string {
  if (c.namespaceIsolation) return namespaceIsolationText(c, label, fmt, undefined, workloads);
  return `${causeWhy(c, fmt)}: ${causeEffect(c, label)} (${causeCount(c, label, workloads)})`;
}

/**
 * The summary lines of `causes` (`groupsWithCauses`): one per cause (`causeGroupLine`), but podSelector changes
 * of policies sharing causes, not all said in the same words (several policies moved at once), as one line
 * for their family (`causeFamilyText`), at the place of its first cause; and causes said in the same words
 * (the same policies changed the same way: a policy added for an app's egress and ingress at once) as one
 * line listing their effects, at the place of the first, as the headline tells them (headline.ts): the
 * twenty-five policies theepicsaxguy/homelab a3d38d19 added for both directions read as fifty lines.
 */
export function causeGroupLines(causes: readonly IsolationCause[], label: PeerLabel, fmt: RefFormatter, workloads: ReadonlyMap<IsolationCause, Highlight['causeWorkloads']> = new Map()): string[] {
  const families = causeFamilies(causes);
  const workloadsOf = (cs: readonly IsolationCause[]) => unitedWorkloads(cs.map((c) => workloads.get(c)));
  const alike = sameWords(families.flatMap((f) => (f.length === 1 ? f : [])));
  const told = new Set<IsolationCause>();
  return families.flatMap((f) => {
    if (f.length > 1 && new Set(f.map((c) => causeWhy(c))).size > 1) return [causeFamilyText(f, label, fmt, workloadsOf)];
    return f.flatMap((c) => {
      if (told.has(c)) return [];
      const all = alike.get(c);
      if (!all) return [causeGroupLine(c, label, fmt, workloads.get(c))];
      for (const x of all) told.add(x);
      return [sameWordsText(all, label, fmt, (x) => workloads.get(x))];
    });
  });
}

/** Per cause told alone (not a namespace's start or lapse), the causes said in the same words (`causeWhy`), when there are several, in `causes`' order. */
function sameWords(causes: readonly IsolationCause[]): Map<IsolationCause, IsolationCause[]> {
  const byWhy = new Map<string, IsolationCause[]>();
  for (const c of causes) {
    if (c.namespaceIsolation) continue;
    const why = causeWhy(c);
    (byWhy.get(why) ?? byWhy.set(why, []).get(why)!).push(c);
  }
  const out = new Map<IsolationCause, IsolationCause[]>();
  for (const all of byWhy.values()) if (all.length > 1) for (const c of all) out.set(c, all);
  return out;
}

/** The pairs between workloads a cause stands for (Highlight.causeWorkloads), as the headline counts them. */
export function causeWorkloadsOf(report: Pick<DiffReport, 'highlights'>, cause: IsolationCause): Highlight['causeWorkloads'] {
  return (report.highlights ?? []).find((h) => h.cause === cause)?.causeWorkloads;
}
