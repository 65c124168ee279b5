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

/** What of a report names pods: its pairs, wider regions, isolation causes and headline items. */
type Named = Pick<DiffReport, 'pairs' | 'widerRegions' | 'isolationCauses'> & { readonly highlights?: DiffReport['highlights'] };

/** The Telling of a report's pods (the ends of its pairs and headline items and their exceptions, its causes' pods), made once per report object. */
export function reportTelling(report: Named): Telling {
  let telling = made.get(report);
  if (telling === undefined) made.set(report, (telling = endsTelling(reportEnds([report]))));
  return telling;
}

/** The Telling of several reports' pods together (a picture over targets). */
export function reportsTelling(reports: readonly Named[]): Telling {
  return reports.length === 1 ? reportTelling(reports[0]) : endsTelling(reportEnds(reports));
}

const made = new WeakMap<object, Telling>();

/**
 * How the findings several targets hold (findings.ts `targetsSharedFindings`) name the pods they point to: each
 * finding by the Telling of the reports of the targets it holds in (`holders`), with the pods it names itself, so
 * its names read as those targets' sections read theirs, and no label is written for a target it does not concern
 * (names48 told them over every target's report together). `shortened`: the names that count what they do not
 * write, with their ids, for the full-names list below the section.
 */
export function sharedFindingNames<F extends { readonly message: string }>(
  reports: ReadonlyMap<string, Named>,
  holders: (f: F) => readonly string[],
): { readonly name: (id: string, f: F) => string; readonly shortened: Map<string, string> } {
  const shortened = new Map<string, string>();
  const ends = new Map<string, Ends>();
  const tellings = new WeakMap<object, Telling>();
  const tellingOf = (f: F) => {
    let telling = tellings.get(f);
    if (telling !== undefined) return telling;
    const names = holders(f).filter((n) => reports.has(n));
    const key = names.join('\u0000');
    const theirs = ends.get(key) ?? ends.set(key, reportEnds(names.map((n) => reports.get(n)!))).get(key)!;
    // The pods the finding names itself, told from the others of its targets (and from each other).
    const peers = new Map(theirs.peers);
    findingMessageText(f.message, (id) => {
      const own = looksAbstract(id) && !id.includes(' (except ') ? parseAbstractPeer(id) : undefined;
      if (own?.ok && !peers.has(own.peer.id)) peers.set(own.peer.id, own.peer);
      return id;
    });
    tellings.set(f, (telling = endsTelling({ peers, excepting: theirs.excepting })));
    return telling;
  };
  const name = (id: string, f: F) => {
    const text = idText(id, tellingOf(f));
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
  }
  return { peers, excepting };
}
