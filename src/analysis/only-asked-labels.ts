/**
 * The pods "with only the asked labels" of an asked pod selector (explain's `onlyAsked`, new-user trial 41,
 * finding 10): the label sets a pod carries when it has what the selector asks for and nothing else. A
 * `matchLabels` entry is that label; an `In` requirement is its key with one of its values (each value a
 * candidate); an `Exists` requirement is its key with a value no selector names (ANY_VALUE); `NotIn` and
 * `DoesNotExist` ask for no label, so such a pod does not carry the key. Every candidate is checked against the
 * whole selector (apimachinery semantics, engine/selectors.ts), so requirements on one key narrow each other.
 * Finding 1 of that trial asked `argo/[pod with {aqua-checksum=true,workflows.argoproj.io/workflow Exists}]`.
 *
 * Empty when the selector asks for no label (`[all pods]`, or only absences), or has more than MAX_CANDIDATES
 * candidates. Pure.
 */
import type { Labels, LabelSelector } from '../engine/index.js';
import { OTHER_VALUE, matches } from '../engine/index.js';

/** A value for an `Exists` key that no written selector names (the regions' own: label values cannot hold `~`). */
export const ANY_VALUE = OTHER_VALUE;

/** Label sets tried at most (the product of the `In` requirements' value counts). */
const MAX_CANDIDATES = 16;

/** The label sets of a pod with only the asked labels (see the module comment); empty when none is singled out. */
export function onlyAskedLabels(selector: LabelSelector): Labels[] {
  const choices = new Map<string, string[]>(Object.entries(selector.matchLabels).map(([k, v]) => [k, [v]]));
  // `In` before `Exists`: a key both ask about takes the values `In` lists.
  for (const r of [...selector.expressions].sort((a, b) => Number(b.op === 'In') - Number(a.op === 'In'))) {
    if (choices.has(r.key) || (r.op !== 'In' && r.op !== 'Exists')) continue;
    choices.set(r.key, r.op === 'In' ? [...r.values] : [ANY_VALUE]);
  }
  if (choices.size === 0) return [];
  let sets: Record<string, string>[] = [{}];
  for (const [key, values] of choices) {
    sets = sets.flatMap((s) => values.map((v) => ({ ...s, [key]: v })));
    if (sets.length > MAX_CANDIDATES) return [];
  }
  return sets.filter((labels) => matches(selector, labels));
}
