/**
 * Changes to the parts of a policy reachdiff reads on neither side: L7 rules and ICMP rules. A Cilium port
 * rule with L7 rules (`toPorts[].rules`: HTTP methods and paths, DNS names, Kafka topics; cilium.io/v2
 * PortRule `rules`) and a Calico rule with an `http` match (methods, paths; projectcalico.org/v3 Rule `http`)
 * are read as allowing their whole L4 ports (an UNSUPPORTED_FIELD warning at the rule), on both sides, so a
 * pull request that only narrows, widens or drops them reads "No change" — said nowhere under the verdict.
 * Real-eval 23: sholdee/home-ops e126a3cb removed the HTTP rules (`GET ^/metrics$` for Prometheus,
 * `http: [{}]` for external-dns) of a PowerDNS API policy: Prometheus could now call every path of the API,
 * and the verdict was "No change", exit 0, the L7 rules mentioned only among base's warnings. Each policy
 * both sides hold whose L7 rules differ is an `OUTSIDE_TARGETS` notice ("Not analysed: …", the check
 * `neutral`) at head's first changed line. A policy added or removed is analysed at L4 as ever (its L7 rules
 * are its own warnings). The same for its ICMP rules, which no analysis reads: Cilium's `icmps`
 * (Ramblurr/home-ops c439219a allowed echo requests out of a VPN gateway: "No change", exit 0), a Calico
 * rule's `icmp` / `notICMP` or a rule whose `protocol` is ICMP or ICMPv6. The same again for the peers of a
 * Cilium rule that manifests cannot resolve (`toFQDNs`, `toServices`, `toGroups`, `fromNodes` / `toNodes`, and
 * the entities `host`, `remote-node`, `kube-apiserver` …), read as matching nothing on both sides: real-eval 24,
 * zhorvath83/home-ops c97cef33d and bcc609635 added a DNS name to a crowdsec policy's `toFQDNs`,
 * damacus/home-ops c5e4e2fd two Slack workspaces to n8n's, each read "No change", exit 0, the names only among
 * the warnings (a rule the change adds is already said, unproven.ts `unresolvedPeers`; a rule both sides hold,
 * whose warning stays, was not). Such a rule's ports are compared with its peers: new-user trial 43, mchestr
 * 8866e98c5 added a port to a `fromEntities: [kube-apiserver]` rule, read "No change", exit 0 (its peers
 * the same on both sides, the notice says `the ports of the rules naming …`).
 */
import type { SourceRef } from '../engine/model.js';
import { isObject } from '../manifests/context.js';
import { KeyLines } from '../manifests/key-lines.js';
import { parseDocuments } from '../manifests/yaml-documents.js';
import type { Text } from './kustomizations-naming.js';
import type { Notice } from './types.js';
import { firstAndMore } from '../util/and-list.js';
import { documentLine } from '../manifests/document-line.js';

const CILIUM_KINDS = new Set(['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy']);
const CILIUM_DIRECTIONS = ['ingress', 'ingressDeny', 'egress', 'egressDeny'] as const;
const CALICO_KINDS = new Set(['NetworkPolicy', 'GlobalNetworkPolicy', 'StagedNetworkPolicy', 'StagedGlobalNetworkPolicy']);
/** Calico's ICMP protocols, by name or number (projectcalico.org/v3 Rule `protocol`). */
const CALICO_ICMP = new Set(['ICMP', 'ICMPv6', 'icmp', 'icmpv6', 1, 58, '1', '58']);

/**
 * One L7 `rules` value (`l7`) or `icmps` list (`icmp`) of a policy: its direction, where it is written
 * (`ingress[1].toPorts[0].rules`, `egress[2].icmps`), as JSON, and its line.
 */
interface L7Entry {
  readonly kind: 'l7' | 'icmp' | 'peers';
  readonly direction: string;
  readonly where: string;
  readonly json: string;
  readonly ref: SourceRef;
  /** Of an entity list: the entities it writes that the manifests do not hold, sorted. */
  readonly entities?: readonly string[];
  /** Of peers: the field and its value as JSON, without the rule's ports (`json` holds both). */
  readonly peer?: string;
}

interface L7Rules {
  readonly label: string;
  readonly entries: readonly L7Entry[];
  /** The document's first line. */
  readonly line: number;
}

/**
 * `changed`: changed paths; `texts`: base's and head's reader. One notice per policy whose L7 rules (and one
 * whose ICMP rules) differ, compared per direction as collections (a rule inserted before others moves their indexes, not their L7 rules).
 */
export function l7AndIcmpNotices(changed: ReadonlySet<string>, texts: readonly [Text, Text]): Notice[] {
  const out: Notice[] = [];
  for (const p of [...changed].sort()) {
    if (!/\.(ya?ml|json)$/i.test(p)) continue;
    const sides = texts.map((read) => read(p));
    // A cheap test before parsing: some side writes L7 rules (a side without them may be the change).
    if (!sides.some((t) => t !== undefined && ((t.includes('cilium.io/') && /rules|icmps|FQDNs|Services|Groups|Nodes|Entities/.test(t)) || (t.includes('projectcalico.org/') && (t.includes('http') || /icmp/i.test(t)))))) continue;
    const [base, head] = sides.map((t) => l7RulesOf(p, t));
    for (const [id, h] of head) {
      const b = base.get(id);
      if (!b) continue;
      for (const kind of ['l7', 'icmp', 'peers'] as const) {
        const [hk, bk] = [h.entries.filter((e) => e.kind === kind), b.entries.filter((e) => e.kind === kind)];
        const [headOnly, baseOnly] = [unmatched(hk, bk), unmatched(bk, hk)];
        if (headOnly.length === 0 && baseOnly.length === 0) continue;
        // Such peers only added (a rule the change brings) are said already, as a fresh UNSUPPORTED_PEER warning (unproven.ts).
        if (kind === 'peers' && baseOnly.length === 0) continue;
        const parts = [...(headOnly.length ? [`new or changed: ${firstAndMore(headOnly.map((e) => e.where), 3)}`] : []), ...(baseOnly.length ? [`gone or changed: base's ${firstAndMore(baseOnly.map((e) => e.where), 3)}`] : [])];
        const what = kind === 'peers' ? peerWords([...headOnly, ...baseOnly]) : WHAT[kind];
        // The same peers on both sides, their rules' ports changed (new-user trial 43: a port added to a `fromEntities: [kube-apiserver]` rule read "No change").
        const subject = kind === 'peers' && portsOnly(headOnly, baseOnly) ? `ports of the rules naming ${what}` : what;
        out.push({ code: 'OUTSIDE_TARGETS', message: `Not analysed: the ${subject} of ${h.label} changed in ${p} (${parts.join('; ')}): ${WHY[kind]}`, ref: headOnly[0]?.ref ?? { file: p, line: h.line } });
      }
    }
  }
  return out;
}

/** Both sides' unmatched peer entries write the same peers at the same places: only their rules' ports differ. */
function portsOnly(headOnly: readonly L7Entry[], baseOnly: readonly L7Entry[]): boolean {
  const keys = (es: readonly L7Entry[]) => [...new Set(es.map((e) => `${e.where}\u0000${e.peer ?? ''}`))].sort().join('\u0001');
  return headOnly.length > 0 && baseOnly.length > 0 && keys(headOnly) === keys(baseOnly);
}

const WHAT = { l7: 'L7 rules', icmp: 'ICMP rules' } as const;
const WHY = {
  peers: 'reachdiff reads them as matching nothing on both sides, so what the change allows or denies toward them is in no analysis',
  l7: 'reachdiff reads a rule with L7 rules as allowing its whole L4 ports on both sides, so what the change allows or denies within those ports (HTTP methods and paths, DNS names, Kafka topics) is in no analysis',
  icmp: 'reachdiff analyses TCP, UDP and SCTP only, so what the change allows or denies for ICMP (ping, path MTU discovery) is in no analysis',
} as const;

/**
 * What changed peers are, by their fields: `DNS names (toFQDNs)`; entities once, with those the changed lists
 * write, per field (`entities the manifests do not hold (fromEntities: host, remote-node; toEntities:
 * kube-apiserver)`), never an entity no list of the change writes.
 */
function peerWords(entries: readonly L7Entry[]): string {
  const fieldOf = (e: L7Entry) => e.where.slice(e.where.lastIndexOf('.') + 1);
  const fields = [...new Set(entries.map(fieldOf))];
  const entities = fields.filter((f) => f.endsWith('Entities')).map((f) => `${f}: ${[...new Set(entries.filter((e) => fieldOf(e) === f).flatMap((e) => e.entities ?? []))].sort().join(', ')}`);
  const words = [...new Set(fields.map((f) => (f.endsWith('Entities') ? `entities the manifests do not hold (${entities.join('; ')})` : (PEER_WORDS[f as (typeof UNRESOLVED_FIELDS)[number]] ?? f))))];
  return words.join(' and ');
}

/** Peer fields of a Cilium rule that manifests cannot resolve (manifests/kinds/cilium-rules.ts reads them as matching nothing). */
const UNRESOLVED_FIELDS = ['toFQDNs', 'toServices', 'toGroups', 'toNodes', 'fromNodes', 'fromGroups', 'toEntities', 'fromEntities'] as const;

/** How the fields other than entity lists are said (peerWords says those with the entities they write). */
const PEER_WORDS: Partial<Record<(typeof UNRESOLVED_FIELDS)[number], string>> = {
  toFQDNs: 'DNS names (toFQDNs)',
  toServices: 'services (toServices)',
  toGroups: 'cloud groups (toGroups)',
  fromGroups: 'cloud groups (fromGroups)',
  toNodes: 'nodes (toNodes)',
  fromNodes: 'nodes (fromNodes)',
};

/** Entities manifests say nothing about (as manifests/kinds/cilium-rules.ts): those of an entity list, sorted; undefined when none. */
function unresolvedEntities(list: unknown): string[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const names = list.map(String).filter((e) => UNKNOWABLE_ENTITIES.has(e)).sort();
  return names.length > 0 ? names : undefined;
}

const UNKNOWABLE_ENTITIES = new Set(['host', 'remote-node', 'kube-apiserver', 'health', 'init', 'ingress', 'unmanaged']);

/** Entries of `xs` no entry of `ys` of the same direction and rules matches (each match used once). */
function unmatched(xs: readonly L7Entry[], ys: readonly L7Entry[]): L7Entry[] {
  const left = new Map<string, number>();
  for (const y of ys) left.set(`${y.direction}\u0000${y.json}`, (left.get(`${y.direction}\u0000${y.json}`) ?? 0) + 1);
  return xs.filter((x) => {
    const key = `${x.direction}\u0000${x.json}`;
    const n = left.get(key) ?? 0;
    if (n > 0) left.set(key, n - 1);
    return n === 0;
  });
}

/** The Cilium and Calico policies of one file's text with their L7 and ICMP rules (none: an empty map entry). Documents that do not parse hold none. */
function l7RulesOf(path: string, text: string | undefined): Map<string, L7Rules> {
  const out = new Map<string, L7Rules>();
  if (text === undefined || !(text.includes('cilium.io/') || text.includes('projectcalico.org/'))) return out;
  for (const doc of parseDocuments(text, 'kubectl', false)) {
    const v = doc.value;
    if (doc.error || !isObject(v) || typeof v.kind !== 'string' || typeof v.apiVersion !== 'string') continue;
    const cilium = CILIUM_KINDS.has(v.kind) && v.apiVersion.startsWith('cilium.io/');
    const calico = CALICO_KINDS.has(v.kind) && v.apiVersion.includes('projectcalico.org/');
    if (!cilium && !calico) continue;
    const meta = isObject(v.metadata) ? v.metadata : {};
    const name = typeof meta.name === 'string' ? meta.name : '';
    const namespaced = (v.kind === 'CiliumNetworkPolicy' || v.kind === 'NetworkPolicy' || v.kind === 'StagedNetworkPolicy') && typeof meta.namespace === 'string';
    const ns = namespaced ? `${meta.namespace as string}/` : '';
    const lines = new KeyLines(doc.text, v);
    const at = (holder: object, key: string): SourceRef => ({ file: path, line: doc.startLine - 1 + (lines.keyLine(holder, key) ?? 1) });
    const entries = cilium ? ciliumEntries(v, at) : calicoEntries(v, at);
    const label = calico ? `Calico ${v.kind} ${ns}${name}` : `${v.kind} ${ns}${name}`;
    out.set(`${v.apiVersion.split('/')[0]}/${v.kind}/${ns}${name}`, { label, entries, line: documentLine(doc) });
  }
  return out;
}

type At = (holder: object, key: string) => SourceRef;

/** A Cilium policy's `icmps` and port rules' `rules`, in `spec` and each of `specs`. */
function ciliumEntries(v: Record<string, unknown>, at: At): L7Entry[] {
  const entries: L7Entry[] = [];
  const specs: [string, unknown][] = [['', v.spec], ...(Array.isArray(v.specs) ? v.specs.map((s, i): [string, unknown] => [`specs[${i}].`, s]) : [])];
  for (const [prefix, spec] of specs) {
    if (!isObject(spec)) continue;
    for (const direction of CILIUM_DIRECTIONS) {
      const list = spec[direction];
      if (!Array.isArray(list)) continue;
      list.forEach((rule, i) => {
        if (!isObject(rule)) return;
        if (rule.icmps !== undefined && rule.icmps !== null) {
          entries.push({ kind: 'icmp', direction: prefix + direction, where: `${prefix}${direction}[${i}].icmps`, json: JSON.stringify(rule.icmps), ref: at(rule, 'icmps') });
        }
        for (const field of UNRESOLVED_FIELDS) {
          const entities = field.endsWith('Entities') ? unresolvedEntities(rule[field]) : undefined;
          const value = field.endsWith('Entities') ? entities : rule[field];
          if (value === undefined || value === null) continue;
          // The rule's ports go with its peers: a port added to a rule toward peers nothing here matches is in no analysis either.
          // Its L4 ports only: its L7 rules are their own entry, so a changed HTTP path is not also said as changed ports.
          const peer = `${field}:${JSON.stringify(value)}`;
          const json = `${peer}\u0000${JSON.stringify(l4Ports(rule.toPorts))}`;
          entries.push({ kind: 'peers', direction: prefix + direction, where: `${prefix}${direction}[${i}].${field}`, json, peer, ref: at(rule, field), ...(entities ? { entities } : {}) });
        }
        if (!Array.isArray(rule.toPorts)) return;
        rule.toPorts.forEach((port, j) => {
          if (!isObject(port) || port.rules === undefined || port.rules === null) return;
          entries.push({ kind: 'l7', direction: prefix + direction, where: `${prefix}${direction}[${i}].toPorts[${j}].rules`, json: JSON.stringify(port.rules), ref: at(port, 'rules') });
        });
      });
    }
  }
  return entries;
}

/** A Cilium rule's `toPorts` without each port rule's L7 `rules` (null when absent): what the rule allows at L4. */
function l4Ports(toPorts: unknown): unknown {
  if (!Array.isArray(toPorts)) return toPorts ?? null;
  return toPorts.map((port) => {
    if (!isObject(port)) return port;
    const { rules: _l7, ...l4 } = port;
    return l4;
  });
}

/**
 * A Calico policy's rules with an `http` match (L7), and its ICMP rules: `icmp` / `notICMP`, or a `protocol`
 * of ICMP or ICMPv6 (the whole rule, with its action and peers, is what no analysis reads).
 */
function calicoEntries(v: Record<string, unknown>, at: At): L7Entry[] {
  const entries: L7Entry[] = [];
  const spec = isObject(v.spec) ? v.spec : {};
  for (const direction of ['ingress', 'egress'] as const) {
    const list = spec[direction];
    if (!Array.isArray(list)) continue;
    list.forEach((rule, i) => {
      if (!isObject(rule)) return;
      if (rule.http !== undefined && rule.http !== null) {
        entries.push({ kind: 'l7', direction, where: `${direction}[${i}].http`, json: JSON.stringify([rule.action, rule.http]), ref: at(rule, 'http') });
      }
      const key = rule.icmp !== undefined ? 'icmp' : rule.notICMP !== undefined ? 'notICMP' : CALICO_ICMP.has(rule.protocol as string | number) ? 'protocol' : undefined;
      if (key !== undefined) entries.push({ kind: 'icmp', direction, where: `${direction}[${i}]`, json: JSON.stringify(rule), ref: at(rule, key) });
    });
  }
  return entries;
}
