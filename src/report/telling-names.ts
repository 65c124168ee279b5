/**
 * Names of pods the manifests do not hold that would read alike in one report. A name by the label that names
 * the application, the others counted (pods-text.ts), says nothing of a long label it leaves out: an operator's
 * pods of two instances, `app.kubernetes.io/instance=kube-prometheus-stack-alertmanager-main` and `…-secondary`,
 * both read `monitoring/[pod with {app.kubernetes.io/name=alertmanager} +3 labels]`, one line named the same name
 * twice and the full-names list kept one of the two ids (ux47). Such names, alike but for the count, write the
 * labels that tell their pods apart: `{app.kubernetes.io/instance=…-main,app.kubernetes.io/name=alertmanager}
 * +2 labels`. Decided per report from the pods it names, so a name reads the same all through one report.
 */
import type { DiffReport } from '../analysis/types.js';
import type { AbstractPeer, PeerRef } from '../engine/index.js';
import { requirements } from '../engine/index.js';
import type { Telling } from './pods-text.js';
import { holds, podsText, reqKey } from './pods-text.js';

/** The count a name by one label ends with (`+3 labels`): names alike but for it are told apart. */
const COUNT = / \+\d+ labels?\]/;

/**
 * Of `peers`, those whose names would read alike but for their count of labels, each (by id) with the keys of its
 * holding requirements that not every one of them has: its name writes them (pods-text.ts `Telling`). A peer whose
 * every such requirement the others share keeps its name (theirs write what they add).
 */
export function tellingLabels(peers: Iterable<AbstractPeer>): Telling {
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
  if (telling === undefined) made.set(report, (telling = tellingLabels(reportPeers([report]))));
  return telling;
}

/** The Telling of several reports' pods together (a picture over targets). */
export function reportsTelling(reports: readonly Named[]): Telling {
  return reports.length === 1 ? reportTelling(reports[0]) : tellingLabels(reportPeers(reports));
}

const made = new WeakMap<object, Telling>();

/** The abstract peers the reports' ends name, each id once. */
function reportPeers(reports: readonly Named[]): AbstractPeer[] {
  const peers = new Map<string, AbstractPeer>();
  const one = (p: AbstractPeer) => void (peers.has(p.id) || peers.set(p.id, p));
  const add = (end: PeerRef) => {
    if (end.type !== 'pods') return;
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
  return [...peers.values()];
}
