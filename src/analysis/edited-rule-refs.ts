/**
 * Where a changed rule is cited. A rule's line is where its map is written, but a Kustomize JSON 6902 patch
 * (kustomize/json6902.ts) gives the maps on the way to what it changes the operation's line: an overlay's
 * `remove /spec/ingress/0/ports` makes the whole rule "its own". A later change of that rule written in the
 * base (a podSelector edited there) was then cited at the overlay's patch line, a file the pull request does
 * not touch, in the why, the headline and the App's annotations (new-user 39 #10). Here a reason whose rule
 * line lies in no document the change edits is cited instead at the rule's part (a peer, a port) that the
 * change edits: the first part whose line lies in a changed document of that side and that differs from the
 * other side's rule, else the first part in a changed document, else where the rule is written, when that is
 * in a changed document (patched-refs.ts: an allow-all rule has no part). Rules none of whose parts are in
 * one keep their line. A rule in a changed document whose own line (`- from:`) the change leaves alone, a peer or
 * port of it added or edited, is cited at that part's line (new-user 48: a namespaceSelector peer added was cited
 * at `- from:`, lines above the edit); a whole rule added keeps its line.
 */
import type { Cluster, Direction, NetworkPolicy, SourceRef } from '../engine/model.js';
import type { Reason } from '../engine/index.js';
import { policyById } from '../engine/policy-lookup.js';
import { AddressSet } from '../engine/address-set.js';
import type { DocumentChange, ExplainedPair } from './types.js';
import { inChangedDocuments } from './changed-spans.js';
import { writtenBefore } from '../kustomize/patched-refs.js';
import { editedLines } from './edited-objects.js';
import { keyLineInText } from '../manifests/key-lines.js';

type Side = 'base' | 'head';
type Part = { readonly ref: SourceRef; readonly key: string };

/**
 * `pairs` with the rule reasons of `whyOpened` and `whyClosed` cited where `changes` edit them (same objects where
 * nothing moves). `base`, `head`: the policies as each side evaluated them (diff-report.ts `evaluated`: a
 * clusterwide part's copies in the namespaces the manifests do not hold among them), so that the reasons of
 * those pods' paths find their rule and are cited as the other copies' are. `sameFile(file)`: whether the file
 * reads the same on both sides; a position there is never where the change edits, though a document of it
 * changed as built (a Flux Kustomization's inline patch, the first, makes Flux build its path as a
 * kustomization: every object of the folder is a changed document then, its file untouched; the patch's lines
 * in the Flux Kustomization are what the change edits).
 */
export function citedWhereEdited(pairs: readonly ExplainedPair[], changes: readonly DocumentChange[], base: Cluster, head: Cluster, sameFile: (file: string) => boolean = () => false): ExplainedPair[] {
  if (changes.length === 0) return [...pairs];
  const changed = { base: inChangedDocuments(changes, 'base'), head: inChangedDocuments(changes, 'head') };
  const inChange = { base: (ref: SourceRef) => !sameFile(ref.file) && changed.base(ref), head: (ref: SourceRef) => !sameFile(ref.file) && changed.head(ref) };
  const clusters = { base, head };
  // Line-level: the rule's own line (`- from:`) as changed, and a part's line or the block it opens (a peer's selector).
  const ownLine = { base: editedLines(changes, 'base', undefined, false), head: editedLines(changes, 'head', undefined, false) };
  const partLines = { base: editedLines(changes, 'base'), head: editedLines(changes, 'head') };
  const moved = new Map<Reason, Reason>();
  const portsLine = { base: portsKeyLine(changes, 'base'), head: portsKeyLine(changes, 'head') };
  const cite = (r: Reason): Reason => {
    if (r.kind !== 'allowed-by-rule' && r.kind !== 'rule-differs' && r.kind !== 'tier-rule') return r;
    const known = moved.get(r);
    if (known) return known;
    const other: Side = r.side === 'base' ? 'head' : 'base';
    const parts = () => ({
      own: ruleParts(clusters[r.side], r.kind === 'tier-rule', r.policy, r.direction, r.rule, portsLine[r.side]),
      theirs: new Set(ruleParts(clusters[other], r.kind === 'tier-rule', r.policy, r.direction, r.rule, portsLine[other]).map((p) => p.key)),
    });
    if (inChange[r.side](r.ref)) {
      // The rule's own line unchanged, a peer or port of it added or edited (its lines changed, unlike the other
      // side's): that part is what the change edits (new-user 48: a namespaceSelector peer added, cited at `- from:`).
      // A rule a JSON 6902 patch made its own (`writtenBefore`) keeps the operation's line, the edit's anchor.
      const part = ownLine[r.side](r.ref) || writtenBefore(r.ref) !== undefined ? undefined : (({ own, theirs }) => own.find((p) => !theirs.has(p.key) && !sameFile(p.ref.file) && partLines[r.side](p.ref)))(parts());
      const out = part ? { ...r, ref: part.ref } : r;
      moved.set(r, out);
      return out;
    }
    const { own, theirs } = parts();
    const edited = own.filter((p) => inChange[r.side](p.ref));
    // No part of it in a changed document (an allow-all rule, no peer nor port): where the rule is written, when the change edits that.
    const written = writtenBefore(r.ref);
    const at = (edited.find((p) => !theirs.has(p.key)) ?? edited[0])?.ref ?? (written !== undefined && inChange[r.side](written) ? written : undefined);
    const out = at ? { ...r, ref: at } : r;
    moved.set(r, out);
    return out;
  };
  return pairs.map((p) => {
    const whyOpened = mapSame(p.whyOpened, cite);
    const whyClosed = mapSame(p.whyClosed, cite);
    return whyOpened === p.whyOpened && whyClosed === p.whyClosed ? p : { ...p, whyOpened, whyClosed };
  });
}

/**
 * Head's findings, each at where its line is written when a JSON 6902 patch gave it the patch's line and the
 * change edits where it is written, not the patch (patched-refs.ts): PERMISSIVE_RULE about an allow-all rule
 * whose `from` the pull request removed in the base, an overlay's patch having removed its `ports`, is said in
 * the base file the pull request edits. `inChange`: whether a position lies in a document head's change edits.
 */
export function findingsWhereEdited<F extends { readonly ref: SourceRef }>(findings: readonly F[], inChange: (ref: SourceRef) => boolean): F[] {
  return findings.map((f) => {
    const written = writtenBefore(f.ref);
    return written === undefined || inChange(f.ref) || !inChange(written) ? f : { ...f, ref: written };
  });
}

/** `xs` mapped by `f`, the very array when `f` changed nothing. */
function mapSame<T>(xs: readonly T[], f: (x: T) => T): readonly T[] {
  let out: T[] | undefined;
  for (let i = 0; i < xs.length; i++) {
    const y = f(xs[i]);
    if (y !== xs[i] && !out) out = xs.slice(0, i);
    out?.push(y);
  }
  return out ?? xs;
}

/**
 * The peers and ports of rule `index` of `policy` in `direction` on one side, each with its line and its content
 * without positions; a NetworkPolicy rule's `ports:` key (`portsLine`) first among its ports, the same part whatever
 * they list: one the other side lacks only where its rule has no ports, so a block deleted (or added) whole is cited
 * at that line, not at its first entry, and a port edited at its entry.
 */
function ruleParts(cluster: Cluster, tier: boolean, policy: string, direction: Direction, index: number, portsLine: (rule: SourceRef) => SourceRef | undefined): Part[] {
  const rule = tier ? cluster.clusterPolicies?.find((p) => p.id === policy)?.[direction][index] : (policyById(cluster, policy) as NetworkPolicy | undefined)?.[direction][index];
  if (!rule) return [];
  const part = (p: object & { readonly ref: SourceRef }): Part => ({ ref: p.ref, key: withoutRefs(p) });
  const key = !tier && rule.ports !== 'any' ? portsLine(rule.ref) : undefined;
  return [...(rule.peers === 'any' ? [] : rule.peers.map(part)), ...(key ? [{ ref: key, key: 'ports' }] : []), ...(rule.ports === 'any' ? [] : rule.ports.map(part))];
}

/**
 * `(rule) => the line of the rule's \`ports:\` key` on `side`, read off the text of the changed document that holds the
 * rule's line (the model keeps each port's line, not the key's); undefined outside changed documents, or not found.
 */
function portsKeyLine(changes: readonly DocumentChange[], side: Side): (rule: SourceRef) => SourceRef | undefined {
  // Many paths' reasons cite one rule: each rule's line is read once.
  const known = new Map<string, SourceRef | undefined>();
  return (rule) => {
    const key = `${rule.file}\0${rule.line}`;
    if (known.has(key)) return known.get(key);
    const doc = changes.find((c) => c[side]?.file === rule.file && c[side]!.startLine <= rule.line && rule.line <= c[side]!.endLine)?.[side];
    const line = doc && keyLineInText(doc.text, rule.line - doc.startLine + 1, 'ports');
    const out = doc && line !== undefined ? { file: rule.file, line: line + doc.startLine - 1 } : undefined;
    known.set(key, out);
    return out;
  };
}

/**
 * A part's content as text, its positions left out (the same peer or port written at another line is the
 * same); an ipBlock's address set (bigint intervals, which JSON cannot write) as its ranges' text.
 */
function withoutRefs(part: object): string {
  return JSON.stringify(part, (k, v: unknown) => (k === 'ref' ? undefined : v instanceof AddressSet ? v.toRanges() : typeof v === 'bigint' ? v.toString() : v));
}
