/**
 * An abstract peer's id, as the output prints it (OUTPUT-CONTRACT "Abstract peers"), read back into
 * selectors: `entire-cluster`, `NS/[all pods]`, `NS/[pod with {app=x}]`, `[all namespaces]/[pod with
 * {k In (a,b)}]`, `[namespace with {team=data}]/[all pods]`; requirements `k=v`, `k In (a,b)`,
 * `k NotIn (a)`, `k Exists`, `k DoesNotExist`; `""` is the empty value (`k=""`, `k In ("")`). A
 * namespace selector that is only the name label is the namespace by name, as `abstractPeer` writes it.
 */
import type { AbstractPeer, LabelSelector, Operator, Requirement } from '../engine/index.js';
import { abstractPeer, EMPTY_LABEL_VALUE, ENTIRE_CLUSTER } from '../engine/index.js';
import { splitTopLevel } from '../util/split-top-level.js';

export type ParsedPeer = { readonly ok: true; readonly peer: AbstractPeer } | { readonly ok: false; readonly message: string };

export function looksAbstract(text: string): boolean {
  return text === 'entire-cluster' || text.startsWith('[') || text.includes('/[');
}

export function parseAbstractPeer(text: string): ParsedPeer {
  const t = text.trim();
  if (t === 'entire-cluster') return { ok: true, peer: ENTIRE_CLUSTER };
  const m = /^(\[all namespaces\]|\[namespace with (\{.*\})\]|[^/[\]\s]+)\/(\[all pods\]|\[pod with (\{.*\})\])$/.exec(t);
  if (!m) return { ok: false, message: `${t}: not an abstract peer (expected NS/[all pods], NS/[pod with {k=v}], [namespace with {k=v}]/[all pods], [all namespaces]/[pod with {…}] or entire-cluster)` };
  const pods = m[4] === undefined ? EMPTY : parseSelector(m[4]);
  if (typeof pods === 'string') return { ok: false, message: `${t}: ${pods}` };
  if (!m[1].startsWith('[')) return { ok: true, peer: abstractPeer(m[1], pods) };
  const namespaces = m[2] === undefined ? EMPTY : parseSelector(m[2]);
  if (typeof namespaces === 'string') return { ok: false, message: `${t}: ${namespaces}` };
  return { ok: true, peer: abstractPeer(namespaces, pods) };
}

const EMPTY: LabelSelector = { matchLabels: {}, expressions: [] };

/** `{a=b,c In (d,e),f Exists}` → a selector, or the reason it cannot be read. */
function parseSelector(text: string): LabelSelector | string {
  const body = text.slice(1, -1).trim();
  if (body === '') return EMPTY;
  const matchLabels: Record<string, string> = {};
  const expressions: Requirement[] = [];
  const parts = splitTopLevel(body);
  for (const raw of parts.map((p) => p.trim())) {
    const eq = /^([^\s=!]+)=([^\s=]*)$/.exec(raw);
    const set = /^(\S+) (In|NotIn) \(([^)]*)\)$/i.exec(raw);
    const exists = /^(\S+) (Exists|DoesNotExist)$/i.exec(raw);
    if (eq) matchLabels[eq[1]] = labelValue(eq[2]);
    else if (set) expressions.push({ key: set[1], op: canonical(set[2]), values: set[3].split(',').map((v) => v.trim()).filter(Boolean).map(labelValue) });
    else if (exists) expressions.push({ key: exists[1], op: canonical(exists[2]), values: [] });
    else return `cannot read the requirement "${raw}" (expected k=v, k In (a,b), k NotIn (a), k Exists, k DoesNotExist)`;
  }
  return { matchLabels, expressions };
}

/** A value as printed back to the label value: `""` is the empty value (engine/label-text.ts). */
function labelValue(text: string): string {
  return text === EMPTY_LABEL_VALUE ? '' : text;
}

function canonical(op: string): Operator {
  return (['In', 'NotIn', 'Exists', 'DoesNotExist'] as const).find((o) => o.toLowerCase() === op.toLowerCase())!;
}
