/**
 * The configuration's `ignoreNamespaces` ("namespaces left out of the analysis"), one rule for every
 * command that reads the configuration (`diff`, `lint`, `list`) and for the App: a pair with an end in
 * such a namespace is not reported, nor is a finding whose subject lies in one. An end is in a namespace
 * when it is a workload of it or pods of it by name (`sandbox/[all pods]`); pods named by namespace labels
 * only (`[namespace with {team=a}]/…`) are in no single namespace and stay. The policies of an ignored
 * namespace still apply: they decide what pairs with ends elsewhere may do.
 */
import type { AbstractPeer, Exposure, ExposureRow, PeerRef } from '../engine/index.js';

/** Whether a pair end lies in an ignored namespace (`ignored` empty: never). */
export function ignoredPeer(ignored: readonly string[]): (peer: PeerRef) => boolean {
  if (ignored.length === 0) return () => false;
  const set = new Set(ignored);
  return (peer) => (peer.type === 'workload' && set.has(peer.workload.namespace)) || (peer.type === 'pods' && inSet(peer.peer, set));
}

/** Subjects are `namespace/name…` peer or policy ids: a finding about an ignored namespace is left out like its pairs. */
export function inIgnoredNamespace(subject: string, ignored: readonly string[]): boolean {
  const slash = subject.indexOf('/');
  return slash > 0 && ignored.includes(subject.slice(0, slash));
}

/** `list --exposure` without the rows of ignored namespaces: the workload's, or an abstract peer's by name. */
export function exposureOutsideIgnored(e: Exposure, ignored: readonly string[]): Exposure {
  if (ignored.length === 0) return e;
  const set = new Set(ignored);
  const keep = (r: ExposureRow) => !set.has(r.workload.namespace) && !inSet(r.peer, set);
  return { ingress: e.ingress.filter(keep), egress: e.egress.filter(keep), unprotected: e.unprotected.filter((u) => !set.has(u.workload.namespace)) };
}

function inSet(peer: AbstractPeer, set: ReadonlySet<string>): boolean {
  return peer.namespace !== undefined && set.has(peer.namespace);
}
