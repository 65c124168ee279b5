/**
 * A policy's isolation lapsing or starting (analysis/isolation-causes.ts) as one sentence, said in the
 * headline and above the lines it stands for: `opens longhorn-system/[pod with {app=webhook}] (pods no
 * other policy isolates for ingress) to every source on any port that source's egress allows: NetworkPolicy
 * longhorn-system/webhook removed (base:np.yaml:1); 7,728 paths over 11 label combinations`. Several
 * policies' change at once names them all (`NetworkPolicies ns/a and ns/b now select them (their
 * podSelectors, a.yaml:1, b.yaml:1)`) over the pods they all select. Each clause holds of every pod the
 * subject names that the brackets keep (test/property/diff-claims-hold.test.ts).
 */
import type { CausePolicy, IsolationCause, IsolationChange } from '../analysis/isolation-causes.js';
import type { PeerRef } from '../engine/index.js';
import { peerId, peerOfRule, policyName, policyTermsOfId, scopedPolicyId, subjectFieldsText } from '../engine/index.js';
import type { PeerLabel } from './peer-label.js';
import { portsText } from './ports-text.js';
import type { RefFormatter } from './reason-text.js';
import { plainRef } from './reason-text.js';
import { namespaceIsolationText } from './namespace-isolation-text.js';
import { andList, andListOfPhrases, namedItems } from '../util/and-list.js';

/**
 * The sentence, lower-case first (the headline capitalises it). `extra`: pairs between workloads the cause
 * stands for too (analysis/highlights.ts Highlight.causeWorkloads), counted with its own (`causeCount`).
 */
export function causeText(c: IsolationCause, label: PeerLabel, fmt: RefFormatter = plainRef, extra?: CauseWorkloads): string {
  // A namespace's start (lapse) under several policies: per policy, in their terms (namespace-isolation-text.ts).
  if (c.namespaceIsolation) return namespaceIsolationText(c, label, fmt, undefined, extra);
  return `${causeEffect(c, label)}: ${causeWhy(c, fmt)}; ${causeCount(c, label, extra)}`;
}

/** Whether the cause's policies isolate its subject in head and did not in base (a start, or rules now given). */
const starts = (c: IsolationCause) => (c.change === 'closed') !== Boolean(c.isolatedByOthers);

/** What the subject's pods now admit or may reach: `opens S (pods no other policy isolates for ingress) to every source on any port that source's egress allows`. */
export function causeEffect(c: IsolationCause, label: PeerLabel): string {
  const subject = label({ type: 'pods', peer: c.subject });
  const d = c.direction;
  const many = c.policies.length > 1;
  const its = many ? 'their' : 'its';
  const ports = portsText(c.conn);
  if (c.isolatedByOthers && c.change === 'opened') {
    const which = `already isolated for ${d} in base by other policies`;
    if (c.everyPeer) return d === 'ingress' ? `opens ${subject} (${which}) to every source on ${ports}` : `opens egress from ${subject} (${which}) to every destination on ${ports}`;
    // What the rules name, so that the sentence says where to (new-user trial 34: "to the destinations its rules allow there" alone named none).
    const named = rulePeersText(c, label);
    const peers = named ? ` (${its} rules name ${named})` : '';
    return d === 'ingress'
      ? `opens ${subject} (${which}) on ${ports} to the sources ${its} rules admit there${peers}`
      : `opens egress from ${subject} (${which}) on ${ports} to the destinations ${its} rules allow there${peers}`;
  }
  if (c.isolatedByOthers) {
    const which = `still isolated for ${d} by other policies`;
    return d === 'ingress'
      ? `closes ${subject} (${which}) on ${ports} to the sources ${its} rules admitted there and no other policy admits`
      : `closes egress from ${subject} (${which}) on ${ports} to the destinations ${its} rules allowed there and no other policy allows`;
  }
  const others = c.policies.some((p) => p.how === 'pod-selector') ? 'no policy' : 'no other policy';
  if (c.change === 'opened') {
    const which = `pods ${others} isolates for ${d}${others === 'no policy' ? ' in head' : ''}`;
    return d === 'ingress'
      ? `opens ${subject} (${which}) to every source on any port that source's egress allows`
      : `opens egress from ${subject} (${which}) to every destination on any port that destination's ingress allows`;
  }
  const which = `pods ${others} isolated for ${d} in base`;
  return d === 'ingress'
    ? `closes ${subject} (${which}) to every source but those head's policies admit`
    : `closes egress from ${subject} (${which}) to every destination but those head's policies allow`;
}

/** How many peers the sentence names before it leaves them to the lines below it. */
const RULE_PEERS_NAMED = 4;

/**
 * The peers the rules of a cause's policies name in its direction (`from` for ingress, `to` for egress), as
 * their lines name them: `[all namespaces]/[pod with {role=api}] and kube-system/[all pods]`. What the pods
 * gain is what those rules allow where the other end's policies allow it too, so the sentence names them as
 * the rules', not as reached. Empty when a rule has no peers (every source or destination: `everyPeer` then
 * words it), when the rules name more than RULE_PEERS_NAMED, or when the policies are not known.
 */
function rulePeersText(c: IsolationCause, label: PeerLabel): string {
  const own = new Set(c.policies.map((p) => p.policy));
  // A cause across a cluster-scoped part's copies (IsolationCause.copies) names the part: each copy's rules.
  const policies = [...(c.allowing?.values() ?? [])].filter((p) => own.has(p.id) || (c.copies !== undefined && own.has(scopedPolicyId(p.id))));
  const peers = new Map<string, string>();
  for (const policy of policies) {
    for (const rule of c.direction === 'ingress' ? policy.ingress : policy.egress) {
      if (rule.peers === 'any') return '';
      for (const peer of rule.peers) {
        const ref: PeerRef = peer.kind === 'pods' ? { type: 'pods', peer: peerOfRule(policy, peer) } : { type: 'external', addresses: peer.block };
        peers.set(peerId(ref), label(ref));
      }
    }
  }
  return peers.size === 0 || peers.size > RULE_PEERS_NAMED ? '' : andList([...peers.values()]);
}

/**
 * The policies' change: `NetworkPolicy ns/name removed (base:np.yaml:1)`; several changed alike as one
 * (`NetworkPolicies ns/a and ns/b now select them (their podSelectors, a.yaml:1, b.yaml:1)`), else each.
 */
export function causeWhy(c: IsolationCause, fmt: RefFormatter = plainRef): string {
  const now = starts(c);
  const d = c.direction;
  // Policies changed alike told together (`NetworkPolicies a and b added (…)`), each group in first-seen order.
  const groups = new Map<string, CausePolicy[]>();
  for (const p of c.policies) {
    const key = `${p.how}\0${p.labels ?? ''}\0${p.deletion ?? ''}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(p);
  }
  return andList(
    [...groups.values()].map((g) => {
      if (g.length === 1) return single(g[0], now, d, fmt);
      const names = policiesName(g.map((p) => p.policy));
      // One Namespace's ref for every copy its labels moved: said once.
      const at = [...new Set(g.map((p) => fmt(p.ref, p.side)))].join(', ');
      const how = g[0].how;
      if (how === 'namespace-labels') return `${names} ${now ? 'now apply' : 'no longer apply'}: ${labelsMoved(g[0], at)}`;
      if (g[0].deletion) return `${names} ${deletionWords(how)} (${at})`;
      return `${names} ${plural(how, now, d, g.map((p) => p.policy))}${how === 'removed' || how === 'added' ? ` (${at})` : `, ${at})`}`;
    }),
  );
}

/** `the namespace's labels changed (team=a added, ns.yaml:3)`. */
function labelsMoved(p: CausePolicy, at: string): string {
  return `the namespace's labels changed (${p.labels ? `${p.labels}, ` : ''}${at})`;
}

/**
 * Several policies by name: `NetworkPolicies ns/a and ns/b`, each with its kind when one is of another kind
 * (`CiliumClusterwideNetworkPolicy a (in other namespaces) and …`: an id such as `~ns0/a[Kind]` is no name).
 */
function policiesName(ids: readonly string[]): string {
  return ids.every((id) => policyName(id) === `NetworkPolicy ${id}`) ? `NetworkPolicies ${andList(ids)}` : andList(ids.map(policyName));
}

function single(p: CausePolicy, now: boolean, d: string, fmt: RefFormatter): string {
  const name = policyName(p.policy);
  const at = fmt(p.ref, p.side);
  if (p.deletion) return `${name} ${deletionWords(p.how)} (${at})`;
  switch (p.how) {
    case 'removed':
      return `${name} removed (${at})`;
    case 'added':
      return `${name} added (${at})`;
    case 'policy-types':
      return `${name} ${now ? 'now isolates' : 'no longer isolates'} ${d} (its policyTypes, ${at})`;
    case 'pod-selector':
      return `${name}'s ${policyTermsOfId(p.policy).subject} ${now ? 'now selects' : 'no longer selects'} them (${at})`;
    case 'namespace-labels':
      return `${name} ${now ? 'now applies' : 'no longer applies'}: ${labelsMoved(p, at)}`;
  }
}

/** A policy a `$patch: delete` now takes out of the build (`removed`), or no longer does (`added`): what the change did. */
function deletionWords(how: IsolationChange): string {
  return how === 'added' ? 'no longer deleted by a `$patch: delete`' : 'deleted by a `$patch: delete`';
}

/** Several policies (`ids`) changed alike, up to their refs: `removed`, `now select them (their podSelectors` (the caller closes the bracket). */
function plural(how: IsolationChange, now: boolean, d: string, ids: readonly string[]): string {
  switch (how) {
    case 'removed':
    case 'added':
      return how;
    case 'policy-types':
      return `${now ? 'now isolate' : 'no longer isolate'} ${d} (their policyTypes`;
    case 'pod-selector':
      return `${now ? 'now select' : 'no longer select'} them (their ${subjectFieldsText(ids)}`;
    case 'namespace-labels':
      return now ? 'now apply' : 'no longer apply';
  }
}

/** `a`, `a and b`, `a, b and c`. */

/** Workloads a cause's paths have as their subject, and how many paths (IsolationCause.workloads, Highlight.causeWorkloads). */
export type CauseWorkloads = NonNullable<IsolationCause['workloads']>;

/** The workloads of several causes' pairs together (their paths added, each workload once); undefined when none. */
export function unitedWorkloads(ws: readonly (CauseWorkloads | undefined)[]): CauseWorkloads | undefined {
  const known = ws.filter((w): w is CauseWorkloads => w !== undefined);
  if (known.length === 0) return undefined;
  const subjects: PeerRef[] = [];
  for (const w of known) for (const s of w.subjects) if (!subjects.some((x) => peerId(x) === peerId(s))) subjects.push(s);
  return { paths: known.reduce((n, w) => n + w.paths, 0), subjects };
}

/** How many workloads a count names before it counts the rest. */
const WORKLOADS_NAMED = 3;

/**
 * A cause's paths: `7,728 paths over 11 label combinations`. Paths whose subject is a workload the manifests
 * hold (IsolationCause.workloads, and `extra`: pairs between workloads it stands for) are told by the workload,
 * apart from the other pods' label combinations, so a workload is not counted as a combination of its own
 * (fresh-user 27, problem 5: "2 paths over 2 label combinations" were shop-prod/api and the other pods with
 * {app=api}): `2 paths: 1 with its workload shop-prod/api, 1 with its other pods`, `21 paths: 12 with its
 * workloads shop/api, shop/cart and shop/web, 9 with its other pods over 3 label combinations`.
 */
export function causeCount(c: Pick<IsolationCause, 'paths' | 'combinations' | 'workloads'>, label: PeerLabel, extra?: CauseWorkloads): string {
  const n = (k: number, one: string) => `${k.toLocaleString('en-US')} ${one}${k === 1 ? '' : 's'}`;
  const held = unitedWorkloads([c.workloads, extra]);
  if (!held) return `${n(c.paths, 'path')} over ${n(c.combinations, 'label combination')}`;
  const names = held.subjects.map(label).sort();
  const cut = namedItems(names, WORKLOADS_NAMED);
  const shown = cut.more > 0 ? [...cut.named, `${cut.more} more`] : names;
  const workloads = `${held.paths.toLocaleString('en-US')} with its workload${names.length === 1 ? '' : 's'} ${andList(shown)}`;
  const otherPaths = c.paths - (c.workloads?.paths ?? 0);
  const combinations = c.combinations - (c.workloads?.subjects.length ?? 0);
  const total = n(c.paths + (extra?.paths ?? 0), 'path');
  if (otherPaths === 0) return `${total}, all ${workloads.replace(/^\S+ /, '')}`;
  return `${total}: ${workloads}, ${otherPaths.toLocaleString('en-US')} with its other pods${combinations > 1 ? ` over ${n(combinations, 'label combination')}` : ''}`;
}

/**
 * Causes said in the same words (`causeWhy`: the same policies changed the same way), two or more, as one
 * sentence listing their effects, as the headline and the grouped summary tell them: `NetworkPolicy a/b added
 * (a.yaml:1): closes egress from … (12 paths: …) and closes a/[…] to every source … (9 paths: …)`.
 */
export function sameWordsText(causes: readonly IsolationCause[], label: PeerLabel, fmt: RefFormatter = plainRef, workloadsOf: (c: IsolationCause) => CauseWorkloads | undefined = () => undefined): string {
  const effects = causes.map((c) => `${causeEffect(c, label)} (${causeCount(c, label, workloadsOf(c))})`);
  return `${causeWhy(causes[0], fmt)}: ${effects.slice(0, -1).join(', ')} and ${effects[effects.length - 1]}`;
}

/** Whether every policy of the cause changed its podSelector (it may be told with others of those policies: `causeFamilyText`). */
export const selectorMoved = (c: IsolationCause): boolean => c.policies.every((p) => p.how === 'pod-selector');

/** How many pods a family's effect names before it counts the rest. */
const FAMILY_NAMED = 3;

/**
 * Causes of the same policies' podSelector changes told as one sentence (longhorn/longhorn 7e5b8047e moved
 * three policies onto three labels: 21 causes, one per effect and set of policies selecting the pods at
 * once): `NetworkPolicies a, b and c select other pods (their podSelectors, …): closes S1, S2, S3 and 4 more
 * (pods no policy isolated for ingress in base) to every source but those head's policies admit (…), opens
 * S1 on TCP 9502, … (already isolated for ingress in base by other policies) to every source
 * (…)`. Each effect names the causes' subjects (pods some of the policies select at once), the fewest
 * policies' first, with their ports where they differ; its brackets narrow every cause's own (none of these
 * policies rather than the cause's), so each named subject keeps its cause's claim
 * (test/property/diff-claims-hold.test.ts asks those). `extra`: the pairs between workloads an effect's causes
 * stand for too, counted with theirs (`causeCount`).
 */
export function causeFamilyText(causes: readonly IsolationCause[], label: PeerLabel, fmt: RefFormatter = plainRef, extra: (causes: readonly IsolationCause[]) => CauseWorkloads | undefined = () => undefined): string {
  const policies = new Map<string, CausePolicy>();
  for (const c of causes) for (const p of c.policies) if (!policies.has(p.policy)) policies.set(p.policy, p);
  const all = [...policies.values()].sort((a, b) => (a.policy < b.policy ? -1 : 1));
  const at = all.map((p) => fmt(p.ref, p.side)).join(', ');
  // Each kind's own field: a Cilium policy's `endpointSelector`, a Calico policy's `selector` (policy-terms.ts).
  const why = all.length === 1 ? `${policyName(all[0].policy)}'s ${policyTermsOfId(all[0].policy).subject} selects other pods (${at})` : `${policiesName(all.map((p) => p.policy))} select other pods (their ${subjectFieldsText(all.map((p) => p.policy))}, ${at})`;
  const kinds = new Map<string, IsolationCause[]>();
  for (const c of causes) {
    const kind = `${c.change}|${c.direction}|${c.isolatedByOthers ? 'others' : ''}|${c.everyPeer ? 'every' : ''}`;
    kinds.set(kind, [...(kinds.get(kind) ?? []), c]);
  }
  const effects = [...kinds.values()].map((cs) => `${familyEffect(cs, label)} (${causeCount({ paths: sum(cs, 'paths'), combinations: sum(cs, 'combinations'), workloads: unitedWorkloads(cs.map((c) => c.workloads)) }, label, extra(cs))})`);
  return `${why}: ${andList(effects)}`;
}

const sum = (cs: readonly IsolationCause[], k: 'paths' | 'combinations') => cs.reduce((n, c) => n + c[k], 0);

/** One kind of effect of a family's causes (the same change, direction and sort), over all their subjects. */
function familyEffect(cs: readonly IsolationCause[], label: PeerLabel): string {
  const c = cs[0];
  const d = c.direction;
  const ingress = d === 'ingress';
  // Each subject once, the fewest policies' first, with the ports of its causes united.
  const subjects = new Map<string, { c: IsolationCause; conn: IsolationCause['conn'] }>();
  for (const x of [...cs].sort((a, b) => a.policies.length - b.policies.length)) {
    const id = x.subject.id;
    const known = subjects.get(id);
    subjects.set(id, { c: x, conn: known ? known.conn.union(x.conn) : x.conn });
  }
  const withPorts = Boolean(c.isolatedByOthers);
  const names = [...subjects.values()].map((s) => `${label({ type: 'pods', peer: s.c.subject })}${withPorts ? ` on ${portsText(s.conn)}` : ''}`);
  const cut = namedItems(names, FAMILY_NAMED);
  // With ports, an item may have an "and" of its own (`TCP 80 and 443`): the list's last is then set apart by a comma too.
  const named = cut.more > 0 ? `${cut.named.join(', ')} and ${cut.more} more` : andListOfPhrases(names);
  const verb = c.change === 'opened' ? (ingress ? 'opens' : 'opens egress from') : ingress ? 'closes' : 'closes egress from';
  if (c.isolatedByOthers && c.change === 'opened') {
    const which = `already isolated for ${d} in base by other policies`;
    if (c.everyPeer) return `${verb} ${named} (${which}) to every ${ingress ? 'source' : 'destination'}`;
    return `${verb} ${named} (${which}) to the ${ingress ? 'sources their rules admit' : 'destinations their rules allow'} there`;
  }
  if (c.isolatedByOthers) {
    const which = `still isolated for ${d} by other policies`;
    return `${verb} ${named} (${which}) to the ${ingress ? 'sources their rules admitted there and no other policy admits' : 'destinations their rules allowed there and no other policy allows'}`;
  }
  if (c.change === 'opened') return `${verb} ${named} (pods no policy isolates for ${d} in head) to every ${ingress ? 'source on any port that source\'s egress allows' : 'destination on any port that destination\'s ingress allows'}`;
  return `${verb} ${named} (pods no policy isolated for ${d} in base) to every ${ingress ? "source but those head's policies admit" : "destination but those head's policies allow"}`;
}

/** `causes` in families: podSelector changes (`selectorMoved`) of policies they share together, in the order of their first; each other cause alone. */
export function causeFamilies(causes: readonly IsolationCause[]): IsolationCause[][] {
  const up = new Map<string, string>();
  const root = (id: string): string => {
    const next = up.get(id) ?? id;
    return next === id ? id : root(next);
  };
  for (const c of causes) {
    if (!selectorMoved(c)) continue;
    const [first, ...rest] = c.policies.map((p) => root(p.policy));
    for (const r of rest) if (r !== first) up.set(r, first);
  }
  const byRoot = new Map<string, IsolationCause[]>();
  const out: IsolationCause[][] = [];
  for (const c of causes) {
    if (!selectorMoved(c)) {
      out.push([c]);
      continue;
    }
    const r = root(c.policy);
    const known = byRoot.get(r);
    if (known) known.push(c);
    else {
      const f = [c];
      byRoot.set(r, f);
      out.push(f);
    }
  }
  return out;
}

/**
 * A cause's sentence above its section's lines, counted as the headline counts it (with the pairs between
 * workloads it stands for, `extra`) and saying how many of those the section leaves to the list above it,
 * so that the two agree (new-user trial 45, finding 6: the headline said 4 paths, the section 3).
 */
export function sectionCauseText(c: IsolationCause, label: PeerLabel, fmt: RefFormatter, extra: CauseWorkloads | undefined): string {
  const text = causeText(c, label, fmt, extra);
  if (!extra?.paths || c.namespaceIsolation) return text;
  // The count ends the sentence (causeText): the part listed above is said after its total.
  const count = causeCount(c, label, extra);
  const said = count.replace(/^[\d,]+ paths?/, (total) => `${total} (${extra.paths.toLocaleString('en-US')} listed above)`);
  return text.endsWith(count) ? text.slice(0, text.length - count.length) + said : text;
}
