/**
 * Names of pods the manifests do not hold that would read alike in one report. A name by the label that names
 * the application, the others counted (pods-text.ts), says nothing of a long label it leaves out: an operator's
 * pods of two instances, `app.kubernetes.io/instance=kube-prometheus-stack-alertmanager-main` and `…-secondary`,
 * both read `monitoring/[pod with {app.kubernetes.io/name=alertmanager} +3 labels]`, one line named the same name
 * twice and the full-names list kept one of the two ids (ux47). Such names, alike but for the count, write the
 * labels that tell their pods apart: `{app.kubernetes.io/instance=…-main,app.kubernetes.io/name=alertmanager}
 * +2 labels`. So does every other shortening that gives two different pods one name (names48's leftover: names
 * alike but for the exclusions `+3 exclusions` counts, the namespaces `other than a, b, c and 2 more` cuts, the
 * exceptions `and 2 more` counts): such names write in full what tells them apart, so no two ends of a report
 * read alike, and its full-names list keeps each id. Decided per report from the pods it names, so a name reads
 * the same all through one report.
 */
import type { DiffReport } from '../analysis/types.js';
import type { AbstractPeer, PeerRef } from '../engine/index.js';
import { peerId, requirements } from '../engine/index.js';
import type { Telling } from './pods-text.js';
import { EVERY_EXCEPTION, holds, idText, isSummaryName, namespaceKey, podsExceptText, podsText, reqKey } from './pods-text.js';
import { findingMessageText } from './finding-peer-names.js';
import { looksAbstract, parseAbstractPeer } from '../analysis/abstract-peer-id.js';

/** The count a name by one label ends with (`+3 labels`): names alike but for it are told apart. */
const COUNT = / \+\d+ labels?\]/;

/**
 * Of `peers`, those whose names would read alike but for their count of labels, each (by id) with the keys of its
 * holding requirements that not every one of them has: its name writes them (pods-text.ts `Telling`). A peer whose
 * every such requirement the others share keeps its name (theirs write what they add). Then those whose names
 * still read the same (alike but for what a count or a cut leaves out), each with the keys of its requirements,
 * of the pod and of the namespace selector, that not every one of them has: written in full, they tell the names
 * apart (two different peers differ by some requirement, and a name never writes one its peer lacks).
 */
export function tellingLabels(peers: Iterable<AbstractPeer>): Telling {
  const list = [...peers];
  const labels = countedLabels(list);
  const out = new Map<string, ReadonlySet<string>>(labels);
  for (const group of sameText(list, labels)) {
    const keys = group.map((p) => [...requirements(p.podSelector).map(reqKey), ...(p.namespaceSelector ? requirements(p.namespaceSelector).map(namespaceKey) : [])]);
    for (const [i, p] of group.entries()) {
      const telling = keys[i].filter((k) => !keys.every((o) => o.includes(k)));
      if (telling.length) out.set(p.id, new Set([...(out.get(p.id) ?? []), ...telling]));
    }
  }
  return out;
}

/** Groups of two or more peers (distinct ids) whose names read the same under `telling`. */
function sameText(peers: readonly AbstractPeer[], telling: Telling): AbstractPeer[][] {
  const byText = new Map<string, Map<string, AbstractPeer>>();
  for (const p of peers) {
    const text = podsText(p, telling);
    (byText.get(text) ?? byText.set(text, new Map()).get(text)!).set(p.id, p);
  }
  return [...byText.values()].filter((g) => g.size > 1).map((g) => [...g.values()]);
}

/** The first step of tellingLabels: names alike but for their count of labels. */
function countedLabels(peers: readonly AbstractPeer[]): Telling {
  const alike = new Map<string, Map<string, AbstractPeer>>();
  for (const p of peers) {
    const text = podsText(p);
    if (!COUNT.test(text)) continue;
    const key = text.replace(COUNT, ']');
    (alike.get(key) ?? alike.set(key, new Map()).get(key)!).set(p.id, p);
  }
  const out = new Map<string, ReadonlySet<string>>();
  for (const group of alike.values()) {
    if (group.size < 2) continue;
    const held = [...group.values()].map((p) => ({ id: p.id, keys: requirements(p.podSelector).filter(holds).map(reqKey) }));
    const count = new Map<string, number>();
    for (const h of held) for (const k of h.keys) count.set(k, (count.get(k) ?? 0) + 1);
    for (const h of held) {
      const telling = h.keys.filter((k) => count.get(k)! < group.size);
      if (telling.length) out.set(h.id, new Set(telling));
    }
  }
  return out;
}

/** What of a report names pods: its pairs, wider regions, isolation causes, headline items and findings. */
type Named = Pick<DiffReport, 'pairs' | 'widerRegions' | 'isolationCauses'> & {
  readonly highlights?: DiffReport['highlights'];
  readonly findings?: readonly { readonly message: string }[];
};

/**
 * The Telling of a report's pods (the ends of its pairs and headline items and their exceptions, its causes' pods,
 * the pods its findings point to), made once per report object; for a report shown beside others (`tellTogether`),
 * theirs together, so a name reads the same in each section and no two sections give one name to two pods.
 */
export function reportTelling(report: Named): Telling {
  const shown = shownWith.get(report);
  return shown ? reportsTelling(shown) : madeOnly(report);
}

/** The Telling of several reports' pods together (the sections and picture of several targets), made once per list of reports. */
export function reportsTelling(reports: readonly Named[]): Telling {
  if (reports.length === 1) return madeOnly(reports[0]);
  const known = madeTogether.get(reports[0]);
  if (known && known.reports.length === reports.length && known.reports.every((r, i) => r === reports[i])) return known.telling;
  const telling = endsTelling(reportEnds(reports));
  madeTogether.set(reports[0], { reports: [...reports], telling });
  return telling;
}

/**
 * Marks reports one comment or text shows together (the sections of several targets, the findings they share,
 * their picture): each report's names are then told over all of them (names49's leftover: the canary section and
 * a finding shared by prod and staging both read `prod/[pod with {app.kubernetes.io/name=orders-db} +3 labels]`,
 * for the secondary and the main instance's pods). Called by the renderers of several targets before they name any.
 */
export function tellTogether(reports: readonly Named[]): void {
  if (reports.length < 2) return;
  const list = [...reports];
  for (const r of list) shownWith.set(r, list);
}

/** A report's own Telling, whatever it is shown with. */
function madeOnly(report: Named): Telling {
  let telling = made.get(report);
  if (telling === undefined) made.set(report, (telling = endsTelling(reportEnds([report]))));
  return telling;
}

const made = new WeakMap<object, Telling>();
const madeTogether = new WeakMap<object, { readonly reports: readonly Named[]; readonly telling: Telling }>();
const shownWith = new WeakMap<object, readonly Named[]>();

/**
 * How the findings several targets hold (findings.ts `targetsSharedFindings`) name the pods they point to: as the
 * targets' sections name them, told over every report shown (`reports`, as `tellTogether` marks them), so a short
 * name means one pod all through the comment (names49 told them per finding's targets, and a finding of prod and
 * staging gave the name of canary's section's pods to others). `shortened`: the names that count what they do not
 * write, with their ids, for the full-names list below the section.
 */
export function sharedFindingNames(reports: readonly Named[]): { readonly name: (id: string) => string; readonly shortened: Map<string, string> } {
  const shortened = new Map<string, string>();
  const telling = reportsTelling(reports);
  const name = (id: string) => {
    const text = idText(id, telling);
    if (text !== id && isSummaryName(text)) shortened.set(text, id);
    return text;
  };
  return { name, shortened };
}

/**
 * tellingLabels of the ends' peers; then ends with exceptions whose names still read the same (exceptions counted
 * past EXCEPTIONS_NAMED, or cut) name every exception in full (EVERY_EXCEPTION).
 */
function endsTelling({ peers, excepting }: Ends): Telling {
  const telling = tellingLabels(peers.values());
  const byText = new Map<string, string[]>();
  for (const [id, end] of excepting) {
    const text = podsExceptText(end.peer, end.except ?? [], telling);
    byText.set(text, [...(byText.get(text) ?? []), id]);
  }
  const alike = [...byText.values()].filter((ids) => ids.length > 1).flat();
  if (alike.length === 0) return telling;
  const out = new Map(telling);
  for (const id of alike) out.set(id, new Set([EVERY_EXCEPTION]));
  return out;
}

interface Ends {
  /** The abstract peers the ends name, by id. */
  readonly peers: ReadonlyMap<string, AbstractPeer>;
  /** The pods ends with exceptions, by id (`P (except E1, E2)`). */
  readonly excepting: ReadonlyMap<string, Extract<PeerRef, { type: 'pods' }>>;
}

/** The abstract peers the reports' ends name, each id once, and the ends with exceptions. */
function reportEnds(reports: readonly Named[]): Ends {
  const peers = new Map<string, AbstractPeer>();
  const excepting = new Map<string, Extract<PeerRef, { type: 'pods' }>>();
  const one = (p: AbstractPeer) => void (peers.has(p.id) || peers.set(p.id, p));
  const add = (end: PeerRef) => {
    if (end.type !== 'pods') return;
    if (end.except?.length) excepting.set(peerId(end), end);
    for (const p of [end.peer, ...(end.except ?? []), ...(end.exceptByChange?.opened ?? []), ...(end.exceptByChange?.closed ?? [])]) one(p);
  };
  for (const r of reports) {
    for (const pair of [...r.pairs, ...(r.widerRegions ?? [])]) {
      add(pair.src);
      add(pair.dst);
    }
    for (const c of r.isolationCauses ?? []) one(c.subject);
    for (const h of r.highlights ?? []) for (const end of [...h.srcs, ...h.dsts]) add(end);
    // The pods a finding points to (`(ID in diff)`) that no pair names: told from the others too (names49's leftover).
    for (const f of r.findings ?? []) findingMessageText(f.message, (id) => {
      const own = looksAbstract(id) && !id.includes(' (except ') ? parseAbstractPeer(id) : undefined;
      if (own?.ok) one(own.peer);
      return id;
    });
  }
  return { peers, excepting };
}
