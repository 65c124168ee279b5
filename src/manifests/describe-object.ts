/**
 * Short prose for what one copy of an object says, so a duplicate warning can tell the reader what the
 * ignored copy would have done: a NetworkPolicy's selected pods and rules, a workload's pod labels.
 */
import type { LabelSelector, NetworkPolicy, Peer, Rule } from '../engine/model.js';
import { ALL_PORTS, workloadObjectKey } from '../engine/model.js';
import { bracedSelectorText, isEmptySelector } from '../engine/selectors.js';
import type { DocumentModel } from './load.js';

/** `{app=api,tier in (a,b)}`; `{}` for the empty selector. */
const braced = bracedSelectorText;

const podsText = (s: LabelSelector) => (isEmptySelector(s) ? 'all pods' : `pods ${braced(s)}`);

function peerText(p: Peer): string {
  if (p.kind === 'ipBlock') return p.cidr;
  if (p.namespaces === 'own') return podsText(p.pods);
  return `${podsText(p.pods)} in ${isEmptySelector(p.namespaces) ? 'all namespaces' : `namespaces ${braced(p.namespaces)}`}`;
}

function ruleText(r: Rule, toward: 'from' | 'to'): string {
  const peers = r.peers === 'any' ? 'anyone' : r.peers.map(peerText).join(' or ');
  const ports = r.ports === 'any' ? 'all ports' : r.ports.map((p) => `${p.protocol} ${p.port === ALL_PORTS ? 'all' : p.endPort ? `${p.port}-${p.endPort}` : p.port}`).join(', ');
  return `${toward} ${peers} on ${ports}`;
}

/** e.g. `selected pods {app=api} and allowed ingress from anyone on TCP 9090`. */
export function policyText(p: NetworkPolicy): string {
  const parts: string[] = [];
  for (const [direction, toward] of [['ingress', 'from'], ['egress', 'to']] as const) {
    if (!p.affects[direction]) continue;
    const rules = p[direction];
    parts.push(rules.length ? `allowed ${direction} ${rules.map((r) => ruleText(r, toward)).join('; ')}` : `allowed no ${direction}`);
  }
  return `selected ${podsText(p.podSelector)} and ${parts.join(', ') || 'isolated nothing'}`;
}

/** What the copy of `key` in a document says, where that can be put in a few words. */
export function objectText(model: DocumentModel, key: string): string | undefined {
  const policy = model.policies.find((p) => !p.kind && `NetworkPolicy/${p.id}` === key);
  if (policy) return policyText(policy);
  const workload = model.workloads.find((w) => workloadObjectKey(w) === key);
  if (workload) return `gave its pods the labels ${braced({ matchLabels: workload.podLabels, expressions: [] })}`;
  const ns = model.namespaces.find((n) => `Namespace/${n.name}/${n.name}` === key);
  if (ns) return `had the labels ${braced({ matchLabels: ns.labels, expressions: [] })}`;
  return undefined;
}
