/**
 * How findings are tuned: codes switched off, severities changed, where cluster DNS is, which
 * cross-namespace pairs are expected, paths whose findings are ignored, and which workloads are
 * sensitive. The `findings:` section of `.github/reachdiff.yml`, or `reachdiff --config FILE`, validated
 * like the rest of the configuration.
 */
import { parseCidr } from '../engine/cidr.js';
import type { Labels } from '../engine/model.js';
import type { ConfigProblem, Reader, Readers } from '../util/config-readers.js';
import { isRecord, listOf, oneOf, readSection, stringList, stringMap } from '../util/config-readers.js';
import { FINDING_CODES } from './catalogue.js';
import type { FailLevel } from './fail-level.js';
import { FAIL_LEVELS } from './fail-level.js';
import type { FindingCode, FindingSeverity } from './types.js';
import { FINDING_SEVERITIES } from './types.js';

/**
 * One cluster DNS implementation: pods by namespace and labels, and addresses (node-local DNS, e.g.
 * 169.254.20.10/32); `ports` are the port numbers those pods listen on (53; OpenShift's DNS pods 5353:
 * NetworkPolicies see the pod's port, after the Service's translation).
 */
export interface DnsTarget {
  readonly namespace: string;
  readonly podLabels: Labels;
  readonly cidrs: readonly string[];
  readonly ports: readonly number[];
}

/** A pair of namespaces (`*` is any) whose new paths are expected. */
export interface NamespacePair {
  readonly from: string;
  readonly to: string;
}

/** Workloads picked by namespace and/or pod labels (both given: both must match). */
export interface WorkloadMatch {
  readonly namespace?: string;
  readonly podLabels?: Labels;
}

export interface FindingsConfig {
  readonly disable: readonly FindingCode[];
  readonly severity: Readonly<Partial<Record<FindingCode, FindingSeverity>>>;
  /**
   * The configured cluster DNS (`findings.dns`), replacing the well-known implementations; absent, cluster
   * DNS is any of KNOWN_DNS (clusterDns).
   */
  readonly dns?: DnsTarget;
  readonly crossNamespace: readonly NamespacePair[];
  /** Globs (picomatch) of manifest paths whose findings are left out. */
  readonly ignorePaths: readonly string[];
  /** Workloads on which a rule admitting every port is over-permissive. */
  readonly sensitive: readonly WorkloadMatch[];
  /** New findings of this severity or worse fail the check and the CLI (`never`: none). */
  readonly failLevel: FailLevel;
}

/** CoreDNS (or kube-dns) as Kubernetes distributions deploy it; also what a partial `findings.dns` fills in from. */
export const DEFAULT_DNS: DnsTarget = { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' }, cidrs: [], ports: [53] };

/**
 * OpenShift's cluster DNS: the DNS operator's DaemonSet `dns-default` in `openshift-dns`, pods labelled
 * `dns.operator.openshift.io/daemonset-dns: default`, CoreDNS listening on 5353 (ports `dns` UDP and
 * `dns-tcp` TCP); the Service `dns-default` maps 53 to them, so a policy sees 5353 and port 53 toward these
 * pods reaches nothing.
 */
export const OPENSHIFT_DNS: DnsTarget = { namespace: 'openshift-dns', podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' }, cidrs: [], ports: [5353] };

/** The cluster DNS implementations recognised without configuration, the first the one a finding names by default. */
export const KNOWN_DNS: readonly DnsTarget[] = [DEFAULT_DNS, OPENSHIFT_DNS];

export const DEFAULT_FINDINGS_CONFIG: FindingsConfig = {
  disable: [],
  severity: {},
  crossNamespace: [],
  ignorePaths: [],
  sensitive: [],
  failLevel: 'error',
};

const code = oneOf(FINDING_CODES);
const severityLevel = oneOf(FINDING_SEVERITIES);
const labels = stringMap('label keys to values, e.g. k8s-app: kube-dns');

const name: Reader<string> = (v, key, problems) => {
  if (typeof v === 'string' && v.length > 0) return v;
  problems.push({ key, message: `must be a non-empty string (got ${JSON.stringify(v)})` });
};

const cidrList: Reader<readonly string[]> = (v, key, problems) => {
  const list = stringList(v, key, problems);
  if (!list) return undefined;
  const bad = list.filter((c) => !parseCidr(c).ok);
  if (bad.length === 0) return list;
  problems.push({ key, message: `not a CIDR: ${bad.join(', ')}` });
};

/** A non-empty list of port numbers (1-65535). */
const portList: Reader<readonly number[]> = (v, key, problems) => {
  if (Array.isArray(v) && v.length > 0 && v.every((p) => Number.isInteger(p) && (p as number) >= 1 && (p as number) <= 65535)) return v as number[];
  problems.push({ key, message: `must be a non-empty list of port numbers 1-65535, e.g. [5353] (got ${JSON.stringify(v)})` });
};

const severities: Reader<Partial<Record<FindingCode, FindingSeverity>>> = (v, key, problems) => {
  if (!isRecord(v)) {
    problems.push({ key, message: 'must map finding codes to error, warning or notice' });
    return undefined;
  }
  const out: Partial<Record<FindingCode, FindingSeverity>> = {};
  const before = problems.length;
  for (const [k, s] of Object.entries(v)) {
    const c = code(k, `${key}.${k}`, problems);
    const level = severityLevel(s, `${key}.${k}`, problems);
    if (c && level) out[c] = level;
  }
  return problems.length === before ? out : undefined;
};

const DNS: Readers<DnsTarget> = { namespace: name, podLabels: labels, cidrs: cidrList, ports: portList };
const PAIR: Readers<NamespacePair> = { from: name, to: name };
const MATCH: Readers<WorkloadMatch> = { namespace: name, podLabels: labels };

const section =
  <S extends object>(readers: Readers<S>, defaults: S, required: readonly (keyof S & string)[] = []): Reader<S> =>
  (v, key, problems) => {
    const before = problems.length;
    const out = readSection(v, key, readers, defaults, problems);
    for (const r of required) if (isRecord(v) && !Object.hasOwn(v, r)) problems.push({ key: `${key}.${r}`, message: 'is required' });
    return problems.length === before ? out : undefined;
  };

const FINDINGS: Readers<FindingsConfig> = {
  disable: listOf(code),
  severity: severities,
  // Keys a configured `dns` leaves out are kube-dns's.
  dns: section(DNS, DEFAULT_DNS),
  crossNamespace: listOf(section<NamespacePair>(PAIR, { from: '*', to: '*' }, ['from', 'to'])),
  ignorePaths: stringList,
  sensitive: listOf(section<WorkloadMatch>(MATCH, {})),
  failLevel: oneOf(FAIL_LEVELS),
};

/** Reads the `findings` section; problems name keys under `key` (e.g. `findings.dns.cidrs`). */
export function readFindingsConfig(value: unknown, key: string, problems: ConfigProblem[]): FindingsConfig {
  return readSection(value, key, FINDINGS, DEFAULT_FINDINGS_CONFIG, problems);
}

/** Cluster DNS: egress reaching any one of these on its ports resolves names (the configured one, or the well-known ones). */
export function clusterDns(config: FindingsConfig): readonly DnsTarget[] {
  return config.dns ? [config.dns] : KNOWN_DNS;
}

/** Does `ns` match a configured namespace pattern (`*` is any namespace)? */
export function namespaceMatches(pattern: string, ns: string): boolean {
  return pattern === '*' || pattern === ns;
}
