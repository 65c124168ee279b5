/**
 * One line of prose per reason, e.g. `allowed by default/web ingress rule 1 (k8s/web.yaml:14)`. Every rule a reason
 * cites is named by policy-terms.ts `citedRuleName`: a cluster-wide rule with its `name` (`denied by
 * AdminNetworkPolicy guard ingress rule 1 "no-web" (Admin tier, anp.yaml:9)`), as explain and quiet changes name it.
 */
import type { Reason, SourceRef } from '../engine/index.js';
import { calicoTierName, citedRuleName, policyName } from '../engine/index.js';

export type RefFormatter = (ref: SourceRef, side: 'base' | 'head') => string;

export const plainRef: RefFormatter = (ref, side) => `${side === 'base' ? 'base:' : ''}${ref.file}:${ref.line}`;

/**
 * `ids`: how a peer id the reason carries is written (the JSON's `text` keeps it; text and Markdown pass
 * pods-text.ts `idText`, which names pods the manifests do not hold as their lines do).
 */
export function reasonText(r: Reason, fmt: RefFormatter = plainRef, ids: (id: string) => string = (id) => id): string {
  switch (r.kind) {
    case 'allowed-by-rule':
      return `${r.side === 'head' ? 'allowed' : 'was allowed'} by ${citedRuleName(r, r.direction)} (${fmt(r.ref, r.side)})`;
    case 'not-isolated':
      return `${r.side === 'head' ? '' : 'in base, '}no policy isolates ${ids(r.workload)} for ${r.direction}`;
    case 'isolated-by':
      return isolatedText(r, fmt);
    case 'rule-differs': {
      // The rule as written did not change: say so, and where the change is (the pods at the ends), not "no longer allows" alone.
      const ends = r.unchanged ? `, though the rule is unchanged: the pods at the path's ends changed (their labels, their namespace's labels or the port names they declare)` : '';
      return r.side === 'head'
        ? `${citedRuleName(r, r.direction)} no longer allows it${ends} (${fmt(r.ref, r.side)})`
        : `in base, ${citedRuleName(r, r.direction)} did not allow it${ends} (${fmt(r.ref, r.side)})`;
    }
    case 'policy-absent':
      // Replaced in place by another kind of the same name (analysis/replaced-policies.ts): said with it.
      if (r.replacedBy) return r.side === 'head' ? `${policyName(r.policy)} was removed (${fmt(r.ref, 'base')}), replaced by ${policyName(r.replacedBy.policy)} (${fmt(r.replacedBy.ref, 'head')})` : `${policyName(r.policy)} is new (${fmt(r.ref, 'head')}), replacing ${policyName(r.replacedBy.policy)} (${fmt(r.replacedBy.ref, 'base')})`;
      if (r.deletion) return `${policyName(r.policy)} ${r.side === 'head' ? 'is deleted' : 'is no longer deleted'} by a \`$patch: delete\` (${fmt(r.deletion.ref, r.deletion.side)})`;
      return r.side === 'head' ? `${policyName(r.policy)} was removed (${fmt(r.ref, 'base')})` : `${policyName(r.policy)} is new (${fmt(r.ref, 'head')})`;
    case 'labels-changed':
      return labelsChangedText(r, fmt, ids);
    case 'ports-changed':
      return portsChangedText(r, fmt, ids);
    case 'workload-added':
      return `workload ${r.workload} is new (${fmt(r.ref, 'head')})`;
    case 'workload-removed':
      return `workload ${r.workload} was removed (${fmt(r.ref, 'base')})`;
    case 'ingress-backend':
      return `exposed through Ingress ${r.ingress} (${fmt(r.ref, r.side)})`;
    case 'tier-rule': {
      const verb = { Allow: 'allowed', Deny: 'denied', Pass: 'passed to the next tier' }[r.action];
      if (r.policy.startsWith('Calico')) return calicoTierRuleText(r, verb, fmt);
      // The rule as its policy lists it (`citedRuleName`: an AdminNetworkPolicy rule with its `name`; a Cilium deny
      // rule, ahead of the Admin tier (docs/cilium.md), by its list, `ingressDeny` / `egressDeny`).
      return `${r.side === 'head' ? '' : 'in base, '}${verb} by ${citedRuleName(r, r.direction)} (${r.policy.startsWith('Cilium') ? 'Cilium deny' : `${r.tier} tier`}, ${fmt(r.ref, r.side)})`;
    }
  }
}

/**
 * A Calico policy's ordered rule (`denied by Calico NetworkPolicy shop/db ingress rule 2 (Calico, p.yaml:9)`),
 * or its tier's implicit deny at the end (`denied at the end of the Calico tier of …`): docs/calico.md.
 */
function calicoTierRuleText(r: Reason & { kind: 'tier-rule' }, verb: string, fmt: RefFormatter): string {
  const before = r.side === 'head' ? '' : 'in base, ';
  // The tier as its Tier object names it (`Calico tier security (order 100)`), never the engine's Admin / Baseline.
  const tier = r.calico ? calicoTierName(r.calico) : undefined;
  if (r.policy.endsWith('/end-of-tier')) return `${before}${verb} at the end of ${tier ?? 'its Calico tier'}: ${policyName(r.policy)} selects the pod and no rule of the tier decided it (${fmt(r.ref, r.side)})`;
  // The tier's order with the tier, the policy's own apart: `(Calico tier security (order 100), policy order 10, p.yaml:9)`.
  // (`(Calico tier default, order 1000000, …)` for a GlobalNetworkPolicy of order 100 read as the policy's order: new-user trial 35.)
  const inParens = r.calico ? `${tier}${r.calico.order !== undefined ? `, policy order ${r.calico.order}` : ''}` : 'Calico';
  return `${before}${verb} by ${citedRuleName(r, r.direction)} (${inParens}, ${fmt(r.ref, r.side)})`;
}

/**
 * A policy that isolates without allowing this traffic, said with what it does allow: nothing that way,
 * other peers (its rules and their lines), or this peer on other ports only.
 */
function isolatedText(r: Reason & { kind: 'isolated-by' }, fmt: RefFormatter): string {
  // The edit that made the difference: head deletes the policy base had, or no longer deletes it.
  const deletion = r.deletion ? `; ${r.deletion.side === 'head' ? 'head deletes it' : 'base deleted it'} by a \`$patch: delete\` (${fmt(r.deletion.ref, r.deletion.side)})` : '';
  return `${isolatedWords(r, fmt)}${deletion}`;
}

function isolatedWords(r: Reason & { kind: 'isolated-by' }, fmt: RefFormatter): string {
  const head = r.side === 'head';
  // The policy's line right after its name, so it is not read as the line of what the sentence ends on
  // (`… not this one (np.yaml:5)` read as the peer's: new-user trial 46b, finding 5).
  const subject = `${head ? '' : 'in base, '}${withPlace(policyName(r.policy), fmt(r.ref, r.side))} ${head ? 'isolates' : 'isolated'} ${r.direction}`;
  // Reasons built before `rules` existed (or by other tiers' code) keep the short form.
  if (r.rules === undefined) return `${subject} without allowing it`;
  if (r.rules.length === 0) return `${subject} and ${head ? 'allows' : 'allowed'} no ${r.direction}`;
  const rules = `its ${r.direction} rule${r.rules.length === 1 ? '' : 's'} ${r.rules.map((x) => x.rule + 1).join(', ')} (${rulesAt(r.rules, r.side, fmt)})`;
  // `its egress rules 1, 2 … allow`, `its egress rule 1 … allows` (new-user trial 41, finding 12).
  const allows = head ? (r.rules.length === 1 ? 'allows' : 'allow') : 'allowed';
  return r.peerAllowed
    ? `${subject}; ${rules} ${allows} this peer only on ${r.peerAllowed}`
    : `${subject}; ${rules} ${allows} other peers, not this one`;
}

/** `name (at)`; a name that ends in brackets takes the place inside them (`… dns-only (in other namespaces, p.yaml:2)`). */
function withPlace(name: string, at: string): string {
  return name.endsWith(')') ? `${name.slice(0, -1)}, ${at})` : `${name} (${at})`;
}

/** Rule lines: `pol.yaml:8, 11` when they share a file, else each in full. */
function rulesAt(rules: readonly { ref: SourceRef }[], side: 'base' | 'head', fmt: RefFormatter): string {
  const first = rules[0].ref;
  if (rules.every((x) => x.ref.file === first.file)) return [fmt(first, side), ...rules.slice(1).map((x) => String(x.ref.line))].join(', ');
  return rules.map((x) => fmt(x.ref, side)).join(', ');
}

/**
 * A workload's label change and what it did to a policy's hold on it: `web/homepage no longer carries
 * allow-world=true (app.yaml:14), so NetworkPolicy web/allow-world no longer selects it`.
 */
function labelsChangedText(r: Reason & { kind: 'labels-changed' }, fmt: RefFormatter, ids: (id: string) => string): string {
  const change = [r.removed.length ? `no longer carries ${r.removed.join(', ')}` : '', r.added.length ? `now carries ${r.added.join(', ')}` : ''].filter(Boolean).join(' and ') || 'changed its labels';
  const then = r.holds ? 'now' : 'no longer';
  const effect = r.role === 'subject'
    ? `${policyName(r.policy)} ${then} selects it`
    : `${citedRuleName(ruleCited(r.policy, r.rule ?? 0, r.ruleName), r.direction)} ${then} matches it as a peer`;
  // The namespace's labels: the workload is named in the effect (`… no longer matches data/db[Deployment] as a peer`).
  if (r.namespace !== undefined) return `namespace ${r.namespace} ${change} (${fmt(r.ref, 'head')}), so ${effect.replace(' matches it ', ` matches ${ids(r.workload)} `).replace(/ selects it$/, ` selects ${ids(r.workload)}`)}`;
  return `${ids(r.workload)} ${change} (${fmt(r.ref, 'head')}), so ${effect}`;
}

/**
 * A workload's declared container ports and what they did to a port name a rule names: `shop/db[Deployment] no
 * longer declares port pg (TCP 5432) (deploy.yaml:38), so NetworkPolicy shop/db-in ingress rule 1 no longer
 * reaches it on port pg` (analysis/port-name-changes.ts).
 */
function portsChangedText(r: Reason & { kind: 'ports-changed' }, fmt: RefFormatter, ids: (id: string) => string): string {
  const on = (ns: readonly number[]) => `${r.protocol === 'any' ? 'port' : r.protocol} ${ns.join(', ')}`;
  const rule = citedRuleName(ruleCited(r.policy, r.rule, r.ruleName), r.direction);
  const at = fmt(r.ref, 'head');
  if (r.after.length === 0) return `${ids(r.workload)} no longer declares port ${r.name} (${on(r.before)}) (${at}), so ${rule} no longer reaches it on port ${r.name}`;
  if (r.before.length === 0) return `${ids(r.workload)} now declares port ${r.name} (${on(r.after)}) (${at}), so ${rule} now reaches it on port ${r.name}`;
  return `${ids(r.workload)} now numbers port ${r.name} ${on(r.after)}, not ${r.before.join(', ')} (${at}), so ${rule} reaches it on ${on(r.after)} instead`;
}

/** A rule a derived reason (labels-changed, ports-changed) cites, as citedRuleName takes it: its `ruleName` is the rule's `name`. */
function ruleCited(policy: string, rule: number, ruleName: string | undefined): { readonly policy: string; readonly rule: number; readonly name?: string } {
  return { policy, rule, ...(ruleName ? { name: ruleName } : {}) };
}
