/**
 * A target the change adds that deploys what another target already deploys (a new overlay of the same
 * components, a variant install: real-eval 10, C-b, metallb 462710fe4 `config/prometheus-native` =
 * `../native` + monitoring) is a new target, not new workloads: compared with an empty cluster, every
 * path of the workloads it copies read as opened. It is compared instead with the base target that
 * deploys the same objects (its counterpart), so the report says what differs between the two: nothing,
 * or what the overlay patches. Symmetrically, a target the change removes whose objects a head target
 * still deploys is compared with that target.
 *
 * The rule, for a model only head has (`lifecycle: 'added'`, no fold; for one only base has, the sides
 * swapped): its deployed objects are its workloads and policies as rendered (`Workload/ns/name[Kind]`,
 * `NetworkPolicy/ns/name`, policy-identities.ts). A candidate is a model with targets on the other side
 * that shares most objects with it both ways: it deploys more than half of the lone model's (COVERS) and
 * the lone model deploys at least half of its own (MOSTLY), by identity, whatever their specs (what the
 * overlay changes is what the comparison reports). The second half keeps a new target that deploys one
 * part of a larger stack apart from that stack (real-eval 12, problem 3: sourcegraph 5591f6a2, a new
 * one-DaemonSet example compared with `examples/k3s/xs`, 1 of its 45 workloads, read as "527 paths
 * closed"): that target still deploys its part unchanged, and the new one is a new deployment of it.
 * Of several candidates: a model only the other side has first (gone in head for an added model, new in
 * head for a removed one: its predecessor or successor, moved or renamed without a fold), then the one
 * deploying the largest share, then the one with the fewest objects the lone model does not deploy (the
 * closest), then the one with the most of those objects alike (the same fingerprint: the same rules and pod
 * labels, not only the same names; the overlay it copies, not a sibling overlay patching a policy another
 * way), then the one whose name shares the most words with the lone model's (`clusters/aws` for
 * `fiducia-aws`, `clusters/hetzner` for `k3s/hetzner-e2e/clusters/hetzner-fsn1`), then the first. Real-eval
 * 25 (fiducia-cloud/fiducia-infra 0ddda93, 25265ba): identical overlays of several clusters each took the
 * first in order, so a new one could be compared with another cluster's patches. A model both sides have stays a candidate: a variant install of the same
 * stack (metallb's `config/frr`, which the new overlay deploys all of) is what the new target is an
 * alternative to. Alternative bundles of plain manifests (alternative-bundles.ts) are the exception: a
 * bundle is analysed apart from the bundles that redefine its objects precisely because only one of them is
 * applied, and bundle sub-folders share the workloads of the folders above them (bundle-parents.ts) with
 * every sibling, so a new bundle is a new alternative, not a variant of whichever sibling scores best: a lone
 * bundle is never compared with a bundle the change keeps (network-policy-api 41f89d0: a new test case, a
 * BaselineAdminNetworkPolicy `default` beside nine others over the same workloads, read as "2 paths opened"
 * against one of them). Its predecessor or successor, a bundle only the other side has, stays a candidate (a
 * bundle folder renamed with edits). A removed model of a known cluster (TargetSpec `cluster`: a Flux
 * `clusters/<name>/` folder, an Argo CD destination, a configured `cluster:`) is never compared with a model of another
 * known cluster that head keeps: that cluster is gone, what it ran removed, not moved to a cluster that deploys the same
 * bases (real repositories 45, isning/k8s-gitops 17ad42c: `k3s-prod-1` deleted read "compared with apps + … which still
 * deploy 9 of its 11 workloads" of the cluster that remains); its successor, a model only head has, stays a candidate (a
 * cluster renamed). A new cluster is still compared with one it copies: its report says what differs from that known
 * deployment, where read against an empty cluster every path of a copy would fail the run as opened; a removal's closed
 * paths are true and fail no run by default (`--fail-on opened,errors`). None: no counterpart, the model is
 * compared with an empty cluster as before. A lone model that deploys no workload or policy has none. Only models reading at least one of the lone model's
 * files (same path, same text: the shared components) are candidates, so a change adding one target to a
 * repository of hundreds loads few of them again.
 *
 * The counterpart's workloads the lone model does not deploy are left out of the comparison (their
 * documents blanked line for line, positions kept): they are the other target's, not removed by this
 * one. Its policies stay: one the lone model lacks may be one its overlay deletes. A removed model and a
 * new one that are each other's counterparts (a move no fold paired) report what changed in what they both
 * deploy once, under the new one; the removed one's head is its own base without the workloads the new one
 * does not deploy, so its report is what the change stops deploying.
 */
import type { ManifestFile } from '../manifests/load.js';
import { loadManifests } from '../manifests/load.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import type { PolicyIdentities } from './policy-identities.js';
import { WORKLOAD_IDENTITY, policyIdentities } from './policy-identities.js';
import { SHARED_NAMESPACES } from './shared-namespaces.js';
import { textLines } from '../util/line-ends.js';

/** The share of a lone model's objects its counterpart must deploy: more than this. */
const COVERS = 0.5;
/** The share of a counterpart's objects the lone model must deploy: at least this (most of it, both ways). */
const MOSTLY = 0.5;

/** One cluster model as counterparts are chosen: which sides it has, and its files on each (as `diff` analyses them). */
export interface CounterpartModel {
  readonly name: string;
  /** The names of its targets on each side (empty: the model has none there). */
  readonly baseNames: readonly string[];
  readonly headNames: readonly string[];
  /** Whether a fold made it (renamed-targets.ts): a fold already pairs it across the change. */
  readonly folded: boolean;
  /** Whether its targets are alternative bundles of plain manifests (`TargetSpec.alternativeTo`): the bundles the change keeps are its siblings, not its counterparts. */
  readonly bundle: boolean;
  readonly base: readonly ManifestFile[];
  readonly head: readonly ManifestFile[];
  /** The cluster its targets deploy to, when known (TargetSpec `cluster`): a removed model's counterpart is of its cluster, or its successor. */
  readonly cluster?: string;
}

/**
 * What a lone model is compared with: the model at `index`, its targets on the other side (`names`),
 * how many of the lone model's workloads and policies it deploys (`shared` of `of`, `workloads` of them workloads), and its files on
 * that side as the comparison reads them (workloads the lone model does not deploy left out).
 */
export interface Counterpart {
  readonly index: number;
  readonly names: readonly string[];
  readonly shared: number;
  readonly of: number;
  /** How many of `shared` are workloads (the rest are policies). */
  readonly workloads: number;
  /** Whether the counterpart, too, is a model only its side has (gone in head, or new in head): the lone model's predecessor or successor. */
  readonly lone: boolean;
  readonly files: ManifestFile[];
}

type Side = 'base' | 'head';

/** Lone model index → its counterpart, for every lone model that has one. */
export function counterparts(models: readonly CounterpartModel[]): Map<number, Counterpart> {
  const out = new Map<number, Counterpart>();
  const lone = (m: CounterpartModel): Side | undefined => (m.folded ? undefined : m.baseNames.length === 0 && m.headNames.length > 0 ? 'head' : m.headNames.length === 0 && m.baseNames.length > 0 ? 'base' : undefined);
  if (!models.some((m) => lone(m) !== undefined)) return out;
  const known = new Map<string, PolicyIdentities>();
  const objectsOf = (i: number, side: Side) => {
    const key = `${side}:${i}`;
    return known.get(key) ?? known.set(key, policyIdentities(models[i][side], true)).get(key)!;
  };
  const keys = new Map<string, ReadonlySet<string>>();
  const idsOf = (i: number, side: Side): ReadonlySet<string> => {
    const key = `${side}:${i}`;
    return keys.get(key) ?? keys.set(key, new Set(objectsOf(i, side).keys())).get(key)!;
  };
  for (const [i, m] of models.entries()) {
    const own = lone(m);
    if (!own) continue;
    const other: Side = own === 'head' ? 'base' : 'head';
    const ids = idsOf(i, own);
    if (ids.size === 0) continue;
    let best: Candidate | undefined;
    const mine = objectsOf(i, own);
    const words = nameWords(own === 'head' ? m.headNames : m.baseNames);
    // Only models that read one of its files as it reads it are loaded: a copy of the same components shares their files.
    const texts = new Map(m[own].filter((f) => f.path !== SHARED_NAMESPACES).map((f) => [f.path, f.text]));
    for (const [j, c] of models.entries()) {
      if (j === i || (other === 'base' ? c.baseNames : c.headNames).length === 0 || !c[other].some((f) => texts.get(f.path) === f.text)) continue;
      const alone = lone(c) === other;
      // A known cluster removed is gone, not moved to another known cluster that stays (see the module comment).
      if (own === 'base' && !alone && m.cluster !== undefined && c.cluster !== undefined && c.cluster !== m.cluster) continue;
      // A sibling alternative the change keeps: applied instead of the lone bundle, never its earlier or later form.
      if (m.bundle && c.bundle && !alone) continue;
      const theirs = idsOf(j, other);
      const shared = [...ids].filter((id) => theirs.has(id)).length;
      // Most of each other's objects, both ways: a target deploying one part of the candidate's stack is a new deployment of that part.
      if (shared <= COVERS * ids.size || shared < MOSTLY * theirs.size) continue;
      const extra = theirs.size - shared;
      const objects = objectsOf(j, other);
      const alike = [...mine].filter(([id, print]) => objects.get(id) === print).length;
      const named = [...nameWords(other === 'base' ? c.baseNames : c.headNames)].filter((w) => words.has(w)).length;
      const candidate: Candidate = { index: j, shared, extra, lone: alone, alike, named };
      if (!best || closer(candidate, best)) best = candidate;
    }
    if (!best) continue;
    const c = models[best.index];
    const theirs = idsOf(best.index, other);
    const extraWorkloads = new Set([...theirs].filter((id) => id.startsWith(WORKLOAD_IDENTITY) && !ids.has(id)).map((id) => id.slice(WORKLOAD_IDENTITY.length)));
    const sharedWorkloads = new Set([...ids].filter((id) => id.startsWith(WORKLOAD_IDENTITY) && theirs.has(id)));
    out.set(i, { index: best.index, names: other === 'base' ? c.baseNames : c.headNames, shared: best.shared, of: ids.size, workloads: sharedWorkloads.size, lone: best.lone, files: withoutWorkloads(c[other], extraWorkloads, sharedWorkloads) });
  }
  // A removed model and a new one compared with each other would both report what changed in what they share:
  // the new one reports it; the removed one, only what the new one no longer deploys (its head: its own base without those workloads).
  for (const [i, c] of out) {
    if (lone(models[i]) !== 'base' || !c.lone || out.get(c.index)?.index !== i) continue;
    const [mine, theirs] = [idsOf(i, 'base'), idsOf(c.index, 'head')];
    const drop = new Set([...mine].filter((id) => id.startsWith(WORKLOAD_IDENTITY) && !theirs.has(id)).map((id) => id.slice(WORKLOAD_IDENTITY.length)));
    const keep = new Set([...mine].filter((id) => id.startsWith(WORKLOAD_IDENTITY) && theirs.has(id)));
    const files = withoutWorkloads(models[i].base, drop, keep);
    // Kept as it was when those workloads cannot be left out alone: both report the shared change rather than neither.
    if (drop.size === 0 || files.some((f, k) => f.text !== models[i].base[k].text)) out.set(i, { ...c, files });
  }
  return out;
}

/** A counterpart candidate as the choice weighs it (see the module comment for the order). */
interface Candidate {
  readonly index: number;
  readonly shared: number;
  readonly extra: number;
  readonly lone: boolean;
  /** How many of the lone model's objects it deploys with the same fingerprint (policy-identities.ts). */
  readonly alike: number;
  /** How many words of its target names the lone model's names hold too. */
  readonly named: number;
}

/** Whether candidate `a` is a better counterpart than `b`: the first criterion they differ on decides, else `b` (the earlier) stays. */
function closer(a: Candidate, b: Candidate): boolean {
  if (a.lone !== b.lone) return a.lone;
  if (a.shared !== b.shared) return a.shared > b.shared;
  if (a.extra !== b.extra) return a.extra < b.extra;
  if (a.alike !== b.alike) return a.alike > b.alike;
  return a.named > b.named;
}

/** The lower-case words of target names (`k3s/hetzner-e2e/clusters/hetzner-fsn1` → k3s, hetzner, e2e, clusters, fsn1). */
function nameWords(names: readonly string[]): ReadonlySet<string> {
  return new Set(names.flatMap((n) => n.toLowerCase().split(/[^a-z0-9]+/)).filter((w) => w !== ''));
}

/**
 * `files` with the documents of these workloads (`namespace/name[Kind]`) blanked line for line, so they
 * are not deployed and every other position still points at its source. Kept as they are when a blanked
 * document would take a workload of `keep` (identities `Workload/namespace/name[Kind]`) with it (one source document rendered as several workloads)
 * or a workload's document cannot be found among the files (a rendered stream).
 */
function withoutWorkloads(files: readonly ManifestFile[], drop: ReadonlySet<string>, keep: ReadonlySet<string>): ManifestFile[] {
  if (drop.size === 0) return [...files];
  const { cluster } = loadManifests(files);
  const byPath = new Map(files.map((f) => [f.path, f]));
  /** Path → 1-based lines of documents to blank. */
  const lines = new Map<string, number[]>();
  for (const w of cluster.workloads) {
    if (!drop.has(w.id)) continue;
    const f = byPath.get(w.ref.file);
    if (!f || f.sourceLines) return [...files];
    lines.set(f.path, [...(lines.get(f.path) ?? []), w.ref.line]);
  }
  const out = files.map((f) => (lines.has(f.path) ? { ...f, text: blanked(f, lines.get(f.path)!) } : f));
  const left = policyIdentities(out, true);
  return [...keep].every((id) => left.has(id)) ? out : [...files];
}

/** The file's text with each document holding one of `at` (1-based lines) made comments. */
function blanked(f: ManifestFile, at: readonly number[]): string {
  const lines = textLines(f.text);
  for (const d of parseDocuments(f.text, 'kubectl')) {
    if (!at.some((l) => l >= d.startLine && l <= d.endLine)) continue;
    for (let i = d.startLine - 1; i < d.endLine && i < lines.length; i++) lines[i] = '#';
  }
  return lines.join('\n');
}
