/**
 * Paths that change because a workload's declared container ports changed (new-user trial 50): a rule naming
 * a port (`port: pg`) reads the same on both sides, but the destination pod no longer declares that name (the
 * port renamed `pg` → `postgres`), now declares it, or numbers it otherwise. The engine's reasons cite the rule
 * (`rule-differs` with `unchanged`, an `allowed-by-rule` of the other side), whose line the change leaves
 * alone; the cause is the container port line. Each such pair gets a `ports-changed` reason per (workload,
 * policy, rule, name) at that line, first in its list (as label-changes.ts does for labels), e.g.
 * `shop/db[Deployment] no longer declares port pg (TCP 5432) (deploy.yaml:38), so NetworkPolicy shop/db-in
 * ingress rule 1 no longer reaches it on port pg`.
 *
 * A name is looked up on the destination pod (Kubernetes NetworkPolicy `ports[].port`: "a named port on a pod"),
 * the pair's `dst` for ingress and egress rules alike. Rules: NetworkPolicies (and the parts of that tier) through
 * `allowed-by-rule` and `rule-differs`, cluster-wide tier policies through `tier-rule` (a `namedPort`).
 *
 * The line, in the document that defines the workload: the first line (not a comment) that differs from the other
 * side's document and writes the name (`name: pg`), else the first such line that writes a container port's field
 * (`name:`, `containerPort:`, `protocol:`: a rename, a renumbering), else the first differing line, else the
 * workload's own line.
 */
import type { Reason } from '../engine/index.js';
import { ALL_PORTS } from '../engine/model.js';
import { policyById } from '../engine/policy-lookup.js';
import type { Cluster, Direction, NamedPort, SourceRef, Workload } from '../engine/model.js';
import type { PeerRef } from '../engine/peers.js';
import type { ManifestDocument } from '../manifests/load.js';
import type { ExplainedPair } from './types.js';
import { ruleNameOf, type Cited } from './label-changes.js';
import { escapeRegExp } from '../util/reg-exp.js';
import { workloadsById } from './workloads-by-id.js';

export type PortsChanged = Reason & { kind: 'ports-changed' };

interface Side {
  readonly cluster: Cluster;
  readonly documents: readonly ManifestDocument[];
}

/** `pairs` with a `ports-changed` reason first where the destination's declared ports renumber a port name a cited rule names; the same pairs (and array) when no workload's ports changed. */
export function withPortNameChanges(pairs: readonly ExplainedPair[], base: Side, head: Side): readonly ExplainedPair[] {
  const find = portChangeFinder(base, head);
  if (!find) return pairs;
  return pairs.map((p) => {
    const mark = (reasons: readonly Reason[]) => {
      const found = find(p.dst, reasons);
      return found.length ? [...found, ...reasons] : reasons;
    };
    const whyOpened = mark(p.whyOpened);
    const whyClosed = mark(p.whyClosed);
    return whyOpened === p.whyOpened && whyClosed === p.whyClosed ? p : { ...p, whyOpened, whyClosed };
  });
}

/**
 * The `ports-changed` reasons of a pair toward `dst` whose reasons cite `cited` (rules: `allowed-by-rule`,
 * `rule-differs`, `tier-rule`), one per (policy, direction, rule, name); undefined when no workload declares other
 * ports on head than on base (no work per pair then). `diff` puts them first in a pair's lists, `diff --explain`
 * before its sides (explain-run.ts).
 */
export function portChangeFinder(base: Side, head: Side): ((dst: PeerRef, cited: readonly Cited[]) => PortsChanged[]) | undefined {
  const baseWorkloads = workloadsById(base.cluster.workloads);
  // Most changes declare the same ports: no work per pair then.
  const changed = new Map<string, [Workload, Workload]>();
  for (const w of head.cluster.workloads) {
    const was = baseWorkloads.get(w.id);
    // Head's workload of an unchanged document is base's very object (manifests/load.ts): the same ports.
    if (was && was !== w && portsKey(was.namedPorts) !== portsKey(w.namedPorts)) changed.set(w.id, [was, w]);
  }
  if (changed.size === 0) return undefined;
  const lines = new Map<string, { ref: SourceRef; baseRef: SourceRef }>();
  const cache = new Map<string, PortsChanged[]>();
  return (dst, reasons) => {
    const ends = dst.type === 'workload' ? changed.get(dst.workload.id) : undefined;
    if (!ends) return [];
    const [was, now] = ends;
    const out: PortsChanged[] = [];
    for (const r of reasons) {
      if ((r.kind !== 'allowed-by-rule' && r.kind !== 'rule-differs' && r.kind !== 'tier-rule') || r.policy === undefined || r.direction === undefined || r.rule === undefined) continue;
      const [policy, direction, rule] = [r.policy, r.direction, r.rule];
      const key = `${now.id}\n${policy}\n${direction}\n${rule}`;
      let found = cache.get(key);
      if (!found) {
        const names = [...namedPortsOf(base.cluster, r.kind === 'tier-rule', policy, direction, rule), ...namedPortsOf(head.cluster, r.kind === 'tier-rule', policy, direction, rule)];
        const seen = new Set<string>();
        found = [];
        for (const { protocol, name } of names) {
          if (seen.has(`${protocol}/${name}`)) continue;
          seen.add(`${protocol}/${name}`);
          const [before, after] = [numbers(was.namedPorts, protocol, name), numbers(now.namedPorts, protocol, name)];
          if (before.join(',') === after.join(',')) continue;
          const at = lines.get(`${now.id}\n${name}`) ?? portLines(was, now, base, head, name);
          lines.set(`${now.id}\n${name}`, at);
          found.push({ kind: 'ports-changed', side: 'head', direction, workload: now.id, policy, rule, ...ruleNameOf(r), name, protocol, before, after, ref: at.ref, baseRef: at.baseRef });
        }
        cache.set(key, found);
      }
      for (const f of found) if (!out.some((o) => o.policy === f.policy && o.rule === f.rule && o.direction === f.direction && o.name === f.name)) out.push(f);
    }
    return out;
  };
}

/** A workload's declared ports as a key (order aside). */
function portsKey(ports: readonly NamedPort[]): string {
  return ports.map((p) => `${p.protocol}/${p.name}/${p.port}`).sort().join(',');
}

/** The numbers `ports` give `name` for `protocol` (`any`: every protocol), sorted. */
function numbers(ports: readonly NamedPort[], protocol: string, name: string): number[] {
  return [...new Set(ports.filter((p) => p.name === name && (protocol === 'any' || p.protocol === protocol)).map((p) => p.port))].sort((a, b) => a - b);
}

/** The port names rule `index` of `policy` in `direction` names on one side (none when the side lacks it). */
function namedPortsOf(c: Cluster, tier: boolean, policy: string, direction: Direction, index: number): { protocol: string; name: string }[] {
  const rule = tier ? c.clusterPolicies?.find((p) => p.id === policy)?.[direction][index] : policyById(c, policy)?.[direction][index];
  if (!rule || rule.ports === 'any') return [];
  return rule.ports.flatMap((p) => (typeof p.port === 'string' && p.port !== ALL_PORTS ? [{ protocol: p.protocol, name: p.port }] : []));
}

/** Head's and base's line for the port change of a workload (see the file's comment). */
function portLines(was: Workload, now: Workload, base: Side, head: Side, name: string): { ref: SourceRef; baseRef: SourceRef } {
  const baseDoc = holding(base.documents, was.ref);
  const headDoc = holding(head.documents, now.ref);
  return { ref: changedPortLine(headDoc, baseDoc, name) ?? now.ref, baseRef: changedPortLine(baseDoc, headDoc, name) ?? was.ref };
}

const PORT_FIELD = /^\s*(-\s+)?["']?(name|containerPort|protocol)["']?\s*:/;

function changedPortLine(doc: ManifestDocument | undefined, other: ManifestDocument | undefined, name: string): SourceRef | undefined {
  if (!doc || !other) return undefined;
  const a = doc.text.split('\n');
  const b = other.text.split('\n');
  const differing = a.flatMap((l, i) => (l !== b[i] && !l.trimStart().startsWith('#') ? [i] : []));
  const naming = new RegExp(`^\\s*(-\\s+)?["']?name["']?\\s*:\\s*["']?${escapeRegExp(name)}["']?\\s*$`);
  const i = differing.find((j) => naming.test(a[j])) ?? differing.find((j) => PORT_FIELD.test(a[j])) ?? differing[0];
  return i === undefined ? undefined : { file: doc.file, line: doc.startLine + i };
}

/** The document of `docs` whose lines hold `ref`. */
function holding(docs: readonly ManifestDocument[], ref: SourceRef): ManifestDocument | undefined {
  return docs.find((d) => d.file === ref.file && d.startLine <= ref.line && ref.line <= d.endLine);
}
