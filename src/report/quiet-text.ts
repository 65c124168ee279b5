/**
 * The changed policies no reported path shows (DiffReport.quietChanges, analysis/quiet-changes.ts), in words:
 * each policy at its line, then each peer a changed rule adds or loses, what it now admits (or no longer
 * admits) and why no path changed; a peer whose namespace is deployed from another repository says that its
 * policies are not read, so the path may change in the cluster (new-user trial 41, finding 3). Text and
 * Markdown say the same lines (Markdown as a list); the verdict's clause and the unproven reason are here too.
 */
import type { DiffReport } from '../analysis/types.js';
import type { QuietAddresses, QuietChange, QuietIsolation, QuietPeer, QuietWhy } from '../analysis/quiet-changes.js';
import type { RefFormatter } from './reason-text.js';
import { plainRef } from './reason-text.js';
import { plural } from '../util/plural.js';
import { firstAndMore, namedItems } from '../util/and-list.js';
import { ASSUMED_POD_RANGES, ConnectionSet, tierRuleOfPolicy } from '../engine/index.js';

/** Policies listed before the rest are counted. */
const LISTED = 10;
/** Isolating policies named in an `isolated` why before the rest are counted. */
const ISOLATING_NAMED = 3;

/** The peers of quiet changes whose namespace is deployed from another repository and whose change is not proven to change no path there. */
export function elsewherePeers(report: Pick<DiffReport, 'quietChanges'>): QuietPeer[] {
  return (report.quietChanges ?? []).flatMap((c) => c.peers.filter((p) => p.elsewhere !== undefined && !subjectSide(p.why)));
}

/** A why decided on the policy's own side alone (the other side's rules for it, a tier above): the peer's own policies elsewhere cannot change it. */
function subjectSide(why: QuietWhy | undefined): boolean {
  return why?.kind === 'already' || why?.kind === 'already-denied' || why?.kind === 'decided-first';
}

/** The unproven reason (report/unproven.ts) when some changed rule admits pods of a namespace deployed from another repository. */
export function elsewhereReason(report: Pick<DiffReport, 'quietChanges'>): string | undefined {
  const names = [...new Set(elsewherePeers(report).flatMap((p) => [p.elsewhere!.namespace, ...(p.elsewhere!.more ?? [])]))];
  if (names.length === 0) return undefined;
  const { named, more } = namedItems(names, 3);
  return `a changed rule's peers in ${plural(names.length, 'namespace')} deployed from another repository (${named.join(', ')}${more ? ` and ${more} more` : ''}), whose policies are not read`;
}

/**
 * The peers of quiet changes whose other end denies them only as the model reads addresses (`ipBlock`, Calico `nets`:
 * never pods), when a rule reached before the denial names them by addresses that may hold pod IPs (quiet-changes.ts
 * `ipBlocks`): on a network plugin that matches pods by address (Calico), it admits them, and the change opens or
 * closes that path.
 */
export function podAddressPeers(report: Pick<DiffReport, 'quietChanges'>): QuietPeer[] {
  return (report.quietChanges ?? []).flatMap((c) => c.peers.filter((p) => podAddressBlocks(p.why) !== undefined));
}

/**
 * A why's ipBlocks that may hold pod IPs, with the side whose policies hold them: an `other-end` why's (the peer's own
 * direction denies it) or an `already-denied` why's (a Deny rule's peer the other side's NetworkPolicy tier denied).
 */
function podAddressBlocks(why: QuietWhy | undefined): { readonly side: 'base' | 'head'; readonly blocks: readonly QuietAddresses[]; readonly deny: boolean } | undefined {
  return (why?.kind === 'other-end' || why?.kind === 'already-denied' || why?.kind === 'already') && why.ipBlocks ? { side: why.side, blocks: why.ipBlocks, deny: why.kind === 'already' } : undefined;
}

/** A why's addresses read as holding no pod only because they lie outside the ranges assumed without a configured pod network. */
function assumedBlocks(why: QuietWhy | undefined): { readonly side: 'base' | 'head'; readonly blocks: readonly QuietAddresses[] } | undefined {
  return (why?.kind === 'other-end' || why?.kind === 'already-denied' || why?.kind === 'already') && why.assumedOutside ? { side: why.side, blocks: why.assumedOutside } : undefined;
}

/** The unproven reason (report/unproven.ts) when `podAddressPeers` has some: the addresses, each with its policy and line (the first few). */
export function podAddressReason(report: Pick<DiffReport, 'quietChanges'>, fmt: RefFormatter = plainRef): string | undefined {
  // One block both sides hold (a rule that gained a port: head's peer and base's) is named once, by the first side told (head's).
  // Allow rules the peers reach it by, and Deny rules (an `already` why's) the model lets them past, apart.
  const said = [false, true].map((deny) => {
    const blocks = new Map<string, string>();
    const cidrs = new Map<string, Set<string>>();
    for (const p of podAddressPeers(report)) {
      const found = podAddressBlocks(p.why)!;
      if (found.deny !== deny) continue;
      for (const b of found.blocks) {
        const field = fieldName(b);
        cidrs.set(field, (cidrs.get(field) ?? new Set()).add(b.cidr));
        const key = `${b.policy} ${b.ref.file}:${b.ref.line}`;
        if (!blocks.has(key)) blocks.set(key, `${b.policy} at ${fmt(b.ref, found.side)}`);
      }
    }
    if (blocks.size === 0) return undefined;
    const by = [...cidrs].map(([field, set]) => `${field} ${[...set].join(', ')}`).join(' and ');
    const rules = `(${firstAndMore([...blocks.values()], 3)})`;
    return deny ? `a changed rule's peers were allowed past the Deny of ${by} ${rules} only as if no pod had those addresses, which pods may have` : `a changed rule's peers reach it only by ${by} ${rules}, which may hold pod IPs`;
  });
  const reasons = said.filter((r): r is string => r !== undefined);
  return reasons.length ? reasons.join('; ') : undefined;
}

/** The fields `podAddressPeers` rest on, for the verdict: `an ipBlock`, `Calico nets`, `networks`, joined by `or`. */
export function podAddressFields(report: Pick<DiffReport, 'quietChanges'>): string {
  const words = { ipBlock: 'an ipBlock', nets: 'Calico nets', networks: 'networks' } as const;
  const fields = new Set(podAddressPeers(report).flatMap((p) => podAddressBlocks(p.why)!.blocks.map((b) => words[b.field ?? 'ipBlock'])));
  return [...fields].join(' or ');
}

/** The field that names a rule's addresses, as written: `ipBlock`, `nets`, `networks`. */
function fieldName(b: QuietAddresses): string {
  return b.field ?? 'ipBlock';
}

/** `Changed, no path changes (2 policies):` then the lines, two spaces in per level; empty when none. */
export function quietLines(report: Pick<DiffReport, 'quietChanges'>, fmt: RefFormatter = plainRef): { readonly title: string; readonly items: readonly { readonly line: string; readonly sub: readonly QuietLine[] }[] } | undefined {
  const list = report.quietChanges ?? [];
  if (list.length === 0) return undefined;
  const items = list.slice(0, LISTED).map((c) => ({ line: policyLine(c, fmt), sub: [...(c.isolation ?? []).map((i) => isolationLine(i, fmt)), ...c.peers.flatMap((p) => peerLines(p, fmt))] }));
  const more = list.length - items.length;
  return { title: `Changed, no path changes (${plural(list.length, 'policy', 'policies')})${more > 0 ? `, ${LISTED} listed` : ''}`, items };
}

/** A peer's line; `warn`: the line saying the peer's namespace is deployed from another repository (Markdown marks it ⚠️). */
export interface QuietLine {
  readonly text: string;
  readonly warn: boolean;
}

/** The text format's block: title, then each policy and its peers one level in. */
export function quietText(report: Pick<DiffReport, 'quietChanges'>): string[] {
  const q = quietLines(report);
  if (!q) return [];
  return [`${q.title}:`, ...q.items.flatMap((i) => [`  ${i.line}`, ...i.sub.map((s) => `    ${s.text}`)]), ''];
}

/** Markdown's block: the title in bold, then a list, a peer's lines one level in (⚠️ on the other-repository line); empty when none. */
export function quietMarkdown(report: Pick<DiffReport, 'quietChanges'>, fmt: RefFormatter, cell: (s: string) => string): string[] {
  const q = quietLines(report, fmt);
  if (!q) return [];
  return [`**${q.title}:**`, '', ...q.items.flatMap((i) => [`- ${cell(i.line)}`, ...i.sub.map((l) => `  - ${l.warn ? '⚠️ ' : ''}${cell(l.text)}`)]), ''];
}

function policyLine(c: QuietChange, fmt: RefFormatter): string {
  // A deletion patch's line is the other side's: head's for a policy it now deletes, base's for one it no longer does.
  const side = (c.change === 'removed') !== Boolean(c.deletion) ? 'base' : 'head';
  const how = !c.deletion ? c.change : c.change === 'removed' ? 'deleted by a `$patch: delete`' : 'no longer deleted by a `$patch: delete`';
  return `${c.policy} ${how} (${fmt(c.ref, side)})${c.peers.length === 0 && c.rules.length ? `: rules ${c.rules.map((r) => fmt(r.ref, r.side)).join(', ')}` : ''}`;
}

/** `now isolates mcp-system/[all pods] for ingress: no path closes: its pods were already isolated for ingress by …` (the policy line gives the file). */
function isolationLine(i: QuietIsolation, fmt: RefFormatter): QuietLine {
  const what = `${i.side === 'head' ? 'now isolates' : 'no longer isolates'} ${i.subject} for ${i.direction}`;
  return { text: `${what}${i.why ? `: ${i.why.kind === 'decided-first' ? decidedFirstText(i.why, i.side, fmt) : whyText(i.why, i.side, fmt)}` : ''}`, warn: false };
}

/** `no path closes: their egress reaches no NetworkPolicy: Calico GlobalNetworkPolicy deny-metadata egress rule 2 (calico.yaml:13) passes all that is left past them` */
function decidedFirstText(why: Extract<QuietWhy, { kind: 'decided-first' }>, side: 'base' | 'head', fmt: RefFormatter): string {
  const does = { Allow: 'allows', Deny: 'denies', Pass: 'passes' } as const;
  const rules = why.policies.map((p) => `${p.policy} (${fmt(p.ref, why.side)}) ${does[p.action ?? 'Allow']} all that is left${p.action === 'Pass' ? ' past them' : ''}`).join('; ');
  return `${side === 'head' ? 'no path closes' : 'no path opens'}: their ${why.direction} ${side === 'head' ? 'reaches' : 'reached'} no NetworkPolicy: ${rules}`;
}

function peerLines(p: QuietPeer, fmt: RefFormatter): QuietLine[] {
  // A cluster-wide rule says what it does with the peer: admits (Allow), denies, or passes on to the next tier.
  // An egress rule's pods send: "admits" reads as ingress (new-user trial 43, finding 12).
  const egress = p.direction === 'egress';
  const does = p.action === 'Deny' ? (egress ? 'denies traffic to' : 'denies') : p.action === 'Pass' ? (egress ? 'passes on traffic to' : 'passes on') : egress ? 'allows traffic to' : 'admits';
  const verb = p.side === 'head' ? `now ${does}` : `no longer ${does}`;
  // A rule without ports is `All Connections` in the notation (the JSON's `ports`); in this sentence, `any port`.
  const ports = p.ports === ConnectionSet.ALL.toText() ? ConnectionSet.ALL.toProse() : p.ports;
  // A tier's end-of-tier deny is no rule anyone wrote: told as the tier's end, for the pods the policy selects.
  // A cluster-wide rule as its policy lists it (an AdminNetworkPolicy rule with its name, a Cilium deny rule by its `egressDeny` list).
  const rule = p.endOfTier ? `${p.direction} at the end of ${p.endOfTier}` : p.kind ? tierRuleOfPolicy({ kind: p.kind, rule: p.rule - 1, ...(p.name ? { name: p.name } : {}) }, p.direction) : `${p.direction} rule ${p.rule}`;
  const what = `${rule} ${verb} ${p.peer} on ${ports} (${fmt(p.ref, p.side)})`;
  const why = p.why ? `: ${whyText(p.why, p.side, fmt, p.addresses ? 'them' : 'it', p.action === 'Deny')}` : '';
  const lines: QuietLine[] = [{ text: `${what}${why}`, warn: false }];
  const found = podAddressBlocks(p.why);
  if (found) {
    // The model reads an ipBlock as never pods; a plugin that matches pod IPs by address admits the peer through it.
    // A Deny rule the change adds then closes that path (removes: opens it), as an allow rule it adds opens it.
    const blocks = found.blocks.map((b) => `${fieldName(b)} ${b.cidr} of ${b.policy} (${fmt(b.ref, found.side)})`).join(', ');
    const opens = (p.side === 'head') !== (p.action === 'Deny');
    // Calico's nets are matched by address always; an ipBlock (or networks) by the plugins that do so.
    const how = found.blocks.every((b) => b.field === 'nets') ? 'Calico matches pods by address:' : 'on a network plugin that matches pods by address (Calico),';
    // An `already` why's are Deny rules the other side let the peer past, as the model reads them: Calico may deny it there.
    const does = found.deny ? (found.blocks.length === 1 ? `it may deny ${p.addresses ? 'them' : 'it'} in ${found.side}` : `they may deny ${p.addresses ? 'them' : 'it'} in ${found.side}`) : `${found.blocks.length === 1 ? 'it admits' : 'they admit'} ${p.addresses ? 'them' : 'it'}`;
    lines.push({ warn: true, text: `${blocks} may hold pod IPs: ${how} ${does}, so in the cluster this ${opens ? 'may open' : 'may close'} a path` });
  }
  const assumed = assumedBlocks(p.why);
  if (assumed) {
    // No pod network configured: addresses outside the assumed ranges were read as holding no pod; said, not marked.
    const blocks = assumed.blocks.map((b) => `${fieldName(b)} ${b.cidr} of ${b.policy} (${fmt(b.ref, assumed.side)})`).join(', ');
    lines.push({ warn: false, text: `${blocks} ${assumed.blocks.length === 1 ? 'is' : 'are'} read as holding no pod: no pod network is configured, so pods are assumed to have addresses in ${ASSUMED_POD_RANGES.join(', ')}; if they do not, set \`podCIDRs\` in .github/reachdiff.yml (or \`--pod-cidr\`)` });
  }
  if (p.elsewhere && !subjectSide(p.why)) {
    const at = p.elsewhere.ref ? `, ${fmt(p.elsewhere.ref, 'head')}` : '';
    // A peer picking namespaces by label: the namespace is its selector's pick, not its name (targets/quiet-elsewhere.ts).
    const picked = p.namespace === undefined ? ', which its namespace selector picks,' : '';
    const more = p.elsewhere.more?.length ? ` (so ${p.elsewhere.more.length === 1 ? 'is namespace' : 'are namespaces'} ${p.elsewhere.more.join(', ')})` : '';
    lines.push({ warn: true, text: `namespace ${p.elsewhere.namespace}${picked} is deployed from another repository (${p.elsewhere.message.replace(/; not analysed$/, '')}${at})${more}, whose policies are not read here: in the cluster this ${p.side === 'head' ? 'may open' : 'may close'} a path` });
  }
  return lines;
}

/** `it`: the peer (`them` for addresses); `closes`: the rule denies, so adding it would close paths, removing it open them. */
function whyText(why: QuietWhy, side: 'base' | 'head', fmt: RefFormatter, it: 'it' | 'them' = 'it', closes = false): string {
  const list = (ps: readonly { readonly policy: string; readonly ref: { readonly file: string; readonly line: number } }[], at: 'base' | 'head') => ps.map((p) => `${p.policy} (${fmt(p.ref, at)})`).join(', ');
  // Isolation that starts closes paths, one that stops opens them; a rule that admits a peer opens them.
  if (why.kind === 'isolated') {
    // A namespace's allow policies each isolate its pods: the first few are named (JSON has them all).
    const by = `for ${why.direction} by ${firstAndMore(why.policies.map((p) => `${p.policy} (${fmt(p.ref, why.side)})`), ISOLATING_NAMED)}`;
    return side === 'head' ? `no path closes: its pods were already isolated ${by}` : `no path opens: its pods stay isolated ${by}`;
  }
  const change = (side === 'head') !== closes ? 'no path opens' : 'no path closes';
  switch (why.kind) {
    case 'decided-first':
      return why.tier === 'Admin' ? `${change}: ${list(why.policies, why.side)} ${why.policies.length === 1 ? 'decides' : 'decide'} ${it} first` : `${change}: the NetworkPolicy tier decides ${it} first (its ${why.direction} is isolated by ${list(why.policies, why.side)})`;
    case 'already-denied':
      return side === 'head' ? `${change}: base already denied ${it} (${list(why.policies, 'base')})` : `${change}: head still denies ${it} (${list(why.policies, 'head')})`;
    case 'no-pods':
      return `${change}: it picks no pod here`;
    case 'already': {
      // Allowed where no policy isolated the direction: no rule to name.
      const by = (at: 'base' | 'head') => (why.policies.length ? ` (${list(why.policies, at)})` : ', no policy isolating that direction');
      return side === 'head' ? `${change}: base already allowed ${it}${by('base')}` : `${change}: head still allows ${it}${by('head')}`;
    }
    case 'other-end': {
      const by = why.tier ? `denied by ${list(why.policies, why.side)}` : why.policies.length ? `isolated by ${list(why.policies, why.side)}; none of ${why.policies.length === 1 ? 'its' : 'their'} rules admits it` : 'nothing admits it';
      return `${change}: the ${why.direction} of ${why.end} ${side === 'head' ? 'denies' : 'already denied'} it (${by})`;
    }
  }
}
