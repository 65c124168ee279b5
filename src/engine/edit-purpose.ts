/**
 * What a policy an edit would change is for, as a reviewer reads it: the subject's own policy (its
 * podSelector picks exactly the subject workload's pods, and it has rules in the direction), a policy for
 * another client (its name says `allow-<other>` for another workload or namespace **and its rules of the
 * direction admit that one**, or it picks more than the subject and every rule of the direction admits the
 * same one peer, not the asked one), or neither. An allow for the asked pair put into another client's
 * policy works but misleads later readers (new-user trial 45, finding 9: cart's access to redis suggested
 * in `data/allow-prometheus`).
 *
 * Why the name still counts: a policy that picks exactly the subject and admits one client is written alike
 * whether it is the subject's own (`redis`, admitting cart: where the next client goes) or one written for
 * that client (`allow-prometheus` over redis's pods alone): the rules cannot tell them apart, the name can.
 * The name is believed only where the rules back it (a stale name, `allow-web` admitting only api, is read
 * by its rules), and it only orders and thins edits: an edit is still shown when it is the only one, or the
 * only one that opens exactly the asked traffic (smallest-edits.ts).
 */
import type { Connectivity } from './connectivity.js';
import type { DirectionExplanation } from './explain-pair.js';
import type { Direction, NetworkPolicy, Peer, Workload } from './model.js';
import { selectNamespaces } from './peer-classes.js';
import type { PeerRef } from './peers.js';
import { matches } from './selectors.js';

export type PolicyPurpose = 'own' | 'neutral' | 'other-client';

/**
 * The purpose of `policy` for an edit of direction `d`: `subject` is the end the direction isolates (the
 * destination for ingress, the source for egress), `far` the other end.
 */
export function policyPurpose(conn: Connectivity, policy: NetworkPolicy, d: DirectionExplanation, subject: PeerRef, far: PeerRef): PolicyPurpose {
  // A rule of the policy already admits the asked peer (a ports near miss): the policy concerns it.
  if (d.nearMisses.some((m) => m.policy === policy.id && m.mismatches.every((x) => x.kind === 'ports'))) return picksExactly(conn, policy, subject) ? 'own' : 'neutral';
  if (namedForOther(conn, policy, d.direction, subject, far)) return 'other-client';
  // The subject's own policy with rules for one client is where the next client goes: only a wider one is another client's.
  if (picksExactly(conn, policy, subject)) return policy[d.direction].length > 0 ? 'own' : 'neutral';
  return admitsOnePeer(policy, d) ? 'other-client' : 'neutral';
}

/** Whether the policy's podSelector picks the pods of the subject workload and of no other workload (regions of pods the manifests do not hold aside). */
function picksExactly(conn: Connectivity, policy: NetworkPolicy, subject: PeerRef): boolean {
  if (subject.type !== 'workload') return false;
  const own = conn.index.classOf.get(subject.workload.id);
  const picked = (conn.compiled.subjectsOf.get(policy.id) ?? []).filter((c) => conn.index.classes[c].region === undefined);
  return own !== undefined && picked.length === 1 && picked[0] === own;
}

/** Whether every rule of the direction admits the same one peer (`from`/`to` written alike): a policy for one client. */
function admitsOnePeer(policy: NetworkPolicy, d: DirectionExplanation): boolean {
  const rules = policy[d.direction];
  const peers = new Set<string>();
  for (const rule of rules) {
    if (rule.peers === 'any') return false;
    for (const p of rule.peers) peers.add(peerKey(p));
  }
  return rules.length > 0 && peers.size === 1;
}

/** A peer as written, without its position. */
function peerKey(p: Peer): string {
  return p.kind === 'ipBlock' ? `ipBlock:${p.cidr}` : JSON.stringify([p.namespaces, p.pods]);
}

/**
 * Whether the name reads `allow-<other>` (`allow-prometheus`, `allow-from-monitoring`): a word after `allow`
 * names another workload or namespace of the manifests that a rule of the direction admits (a `from`/`to`
 * pod entry picking that workload's pods, or that namespace), and no word names either asked end.
 */
function namedForOther(conn: Connectivity, policy: NetworkPolicy, direction: Direction, subject: PeerRef, far: PeerRef): boolean {
  const words = policy.name.toLowerCase().split(/[-_.]/);
  if (words[0] !== 'allow' || words.length < 2) return false;
  const asked = new Set<string>();
  for (const end of [subject, far]) {
    if (end.type === 'workload') {
      asked.add(end.workload.name.toLowerCase());
      asked.add(end.workload.namespace.toLowerCase());
      for (const v of Object.values(end.workload.podLabels)) asked.add(v.toLowerCase());
    } else if (end.type === 'pods' && end.peer.namespace !== undefined) asked.add(end.peer.namespace.toLowerCase());
  }
  const rest = words.slice(1);
  if (rest.some((w) => asked.has(w))) return false;
  const admits = admitted(conn, policy, direction);
  return rest.some((w) => conn.cluster.workloads.some((x) => x.name.toLowerCase() === w && admits.workload(x)) || conn.cluster.namespaces.some((n) => n.name.toLowerCase() === w && admits.namespace(n.name)));
}

/** What the pod entries of the policy's rules in `direction` pick: a workload's pods, or some pods of a namespace. */
function admitted(conn: Connectivity, policy: NetworkPolicy, direction: Direction): { workload: (w: Workload) => boolean; namespace: (name: string) => boolean } {
  const entries = policy[direction].flatMap((rule) => (rule.peers === 'any' ? [] : rule.peers.filter((p) => p.kind === 'pods')));
  const inNamespace = (p: Peer, namespace: string) => p.kind === 'pods' && (p.namespaces === 'own' ? namespace === policy.namespace : selectNamespaces(conn.index, p.namespaces).includes(namespace));
  return {
    workload: (w) => entries.some((p) => p.kind === 'pods' && inNamespace(p, w.namespace) && matches(p.pods, w.podLabels)),
    namespace: (name) => entries.some((p) => inNamespace(p, name)),
  };
}
