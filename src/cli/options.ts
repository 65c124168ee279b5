/**
 * Every option of the CLI, once: how it parses (`OPTIONS`, node:util parseArgs' table) and how the help
 * describes it (`OPTION_HELP`, keyed by the same names, so an option cannot be parsed without help text).
 * Which command reads which option is command-flags.ts.
 */

export const OPTIONS = {
  format: { type: 'string', default: 'text' },
  path: { type: 'string', multiple: true },
  repo: { type: 'string', default: '.' },
  branch: { type: 'string' },
  'fail-on': { type: 'string' },
  namespace: { type: 'string' },
  target: { type: 'string' },
  render: { type: 'string' },
  self: { type: 'boolean', default: false },
  group: { type: 'boolean', default: false },
  'external-names': { type: 'string' },
  'max-pairs': { type: 'string' },
  exposure: { type: 'boolean', default: false },
  from: { type: 'string' },
  to: { type: 'string' },
  port: { type: 'string', multiple: true },
  explain: { type: 'boolean' },
  'max-edges': { type: 'string' },
  'fail-level': { type: 'string' },
  'all-findings': { type: 'boolean', default: false },
  config: { type: 'string' },
  disable: { type: 'string', multiple: true },
  severity: { type: 'string', multiple: true },
  'dns-namespace': { type: 'string' },
  'dns-label': { type: 'string', multiple: true },
  'dns-cidr': { type: 'string', multiple: true },
  'allow-cross-namespace': { type: 'string', multiple: true },
  'ignore-path': { type: 'string', multiple: true },
  'docs-url': { type: 'string' },
  'pod-cidr': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const;

export type OptionName = keyof typeof OPTIONS;

/** Options every command reads (they print something instead of running it). */
export const ALWAYS_READ: readonly OptionName[] = ['help', 'version'];

export interface OptionHelp {
  /** The value's placeholder (`FILE`, `N`); absent for a switch. */
  readonly arg?: string;
  /** One or more lines (`\n`), each indented under the option's column. */
  readonly text: string;
  /** `findings`: listed under "Findings configuration" in the help. */
  readonly group?: 'findings';
}

export const OPTION_HELP: Readonly<Record<OptionName, OptionHelp>> = {
  format: {
    arg: 'FORMAT',
    text:
      'text (default), json (the documented output contract), md (Markdown),\nsarif (findings as SARIF 2.1.0, for GitHub code scanning; lint and diff),\n' +
      'mermaid or dot (a graph: Mermaid flowchart, Graphviz DOT; diff draws\nopened edges bold, closed dashed; list the whole cluster)',
  },
  'max-edges': { arg: 'N', text: 'list --format mermaid|dot: above N edges (default 40), fold nodes by\nnamespace and edges per namespace pair, with counts' },
  exposure: { text: 'list: also what each workload is exposed to among pods the manifests\ndo not hold (abstract peers), and workloads no policy protects' },
  path: { arg: 'GLOB', text: 'glob of manifest files to read, repeatable, relative to the root read (the\nfolder argument, or the repository\'s top for a revision; default: all .yaml/.yml/.json)' },
  self: { text: "list: also each workload's traffic to itself (between its own pods)" },
  'external-names': {
    arg: 'FILE',
    text: 'names for external CIDRs in text, Markdown and pictures: a map\n"10.0.0.0/8": corporate network (the App\'s externalNames), or a\n.github/reachdiff.yml holding one',
  },
  group: { text: 'list: compact rows, sources that reach the same destinations with one\nconnection set (JSON: "groups" instead of "connections")' },
  'max-pairs': { arg: 'N', text: 'list: stop (exit 2) above N pairs, counted before any is built\n(default 1,000,000); narrow with --path, --namespace or --group' },
  branch: { arg: 'NAME', text: 'the branch under review (a pull request\'s base branch); Flux sources that\ntrack another branch of this repository are then not analysed\n(default: the revision\'s branch, when it names one; for diff, the\nbase revision\'s)' },
  repo: { arg: 'DIR', text: 'git repository for revision arguments, a bare clone too (default: .)' },
  from: { arg: 'SRC', text: 'explain: the source (ns/name, ns/name[Kind], an IP, CIDR or range,\n{ingress-controller})' },
  to: { arg: 'DST', text: 'explain: the destination' },
  port: { arg: 'PORT', text: '8080, 8080/TCP, 8000-8090/UDP or a named port of DST (repeatable;\ndefault: every port of every protocol)' },
  explain: { text: 'diff: explain SRC DST in base and in head instead of diffing' },
  'fail-on': {
    arg: 'WHAT',
    text: 'when diff exits 1, one or a comma-separated list: opened, closed,\nany (opened or closed), errors (objects the change adds or edits that\nKubernetes will reject), combined-labels (paths opened only for label\ncombinations, which opened leaves out), never (alone); default\nopened,errors; with --explain, of the asked traffic only',
  },
  'fail-level': { arg: 'LEVEL', text: 'exit 1 on (new, in diff) findings of this severity or worse: error\n(default), warning, notice, never' },
  'all-findings': { text: "diff: list head's old findings too (they never fail the run)" },
  'pod-cidr': {
    arg: 'CIDR',
    text: "the cluster's pod network (repeatable or comma-separated): decides which\nnetworks peers of AdminNetworkPolicy / ClusterNetworkPolicy cover pods\n(default: podCIDRs of the configuration file)",
  },
  target: {
    arg: 'NAME',
    text: "only this target's cluster model (default: every one; explain answers in\neach that holds both ends, naming it; list lists each in turn, and\nneeds it for --format mermaid|dot when the targets form several clusters)",
  },
  namespace: {
    arg: 'NS',
    text: 'the namespace of objects that write none, as kubectl apply -n NS sets it,\nin targets that set none of their own (default: default); a namespace\nname (lowercase letters, digits and -);\nlist: also lists only pairs with at least one end (a workload) in NS',
  },
  render: { arg: "'CMD'", text: "a command printing a manifest stream (helm template, jsonnet …), run in\nthe root read with REACHDIFF_SIDE=head (diff: in each side's root, with\nREACHDIFF_SIDE=base or head); its output is deployed beside the manifests:\nit joins the cluster model of the plain manifests, or the only one the\ntargets form (else it is a model of its own, \"rendered\")" },
  help: { text: 'this text (reachdiff CMD --help, or reachdiff help CMD: that command only)' },
  version: { text: "reachdiff's version" },
  config: {
    arg: 'FILE',
    text: 'a .github/reachdiff.yml (default: the one at the root read, if any: the folder\nargument, or the revision\'s own file; for diff, head\'s);\nits settings apply (findings:, targets:, manifests:, failOn, externalNames,\npodCIDRs …); the flags below add to its findings: section',
    group: 'findings',
  },
  disable: { arg: 'CODE', text: 'switch a finding off by its code, the [CODE] at the end of its line\n(e.g. DNS_TCP_MISSING; docs/findings.md lists them), repeatable', group: 'findings' },
  severity: { arg: 'CODE=LEVEL', text: "change a code's severity, LEVEL error, warning or notice (e.g.\nCROSS_NAMESPACE_PATH=warning), repeatable; --fail-level decides which fail", group: 'findings' },
  'dns-namespace': {
    arg: 'NS',
    text:
      'where cluster DNS runs, for DNS_EGRESS_MISSING and DNS_TCP_MISSING: the\nnamespace of its pods (default: k8s-app=kube-dns pods in kube-system on port\n53, or OpenShift\'s in openshift-dns on 5353). Any --dns-* flag makes cluster\n' +
      'DNS that one place, what the flags leave out taken from kube-dns\'s (other\nports: findings.dns.ports in the --config file)',
    group: 'findings',
  },
  'dns-label': { arg: 'KEY=VALUE', text: 'a label of the cluster DNS pods (all given must match; default\nk8s-app=kube-dns), repeatable', group: 'findings' },
  'dns-cidr': { arg: 'CIDR', text: 'an address range that is cluster DNS too (e.g. node-local DNS\n169.254.20.10/32; default: none), repeatable', group: 'findings' },
  'allow-cross-namespace': { arg: 'FROM:TO', text: 'diff: new paths from namespace FROM to namespace TO are expected, so no\nCROSS_NAMESPACE_PATH finding (* for any namespace: monitoring:*), repeatable', group: 'findings' },
  'ignore-path': { arg: 'GLOB', text: "leave out findings in files matching GLOB, relative to the root read\n('legacy/**': every file under legacy/; quote it), repeatable", group: 'findings' },
  'docs-url': { arg: 'URL', text: "lint and diff --format sarif: each rule's help link is URL#CODE, URL the\naddress of docs/findings.md or of the README (both have an anchor per\nfinding code; default: no links)", group: 'findings' },
};

/** `--name ARG` (with `-h, ` before options that have a short form). */
export function optionHead(name: OptionName): string {
  const spec = OPTIONS[name];
  const arg = OPTION_HELP[name].arg;
  return `${'short' in spec ? `-${spec.short}, ` : ''}--${name}${arg ? ` ${arg}` : ''}`;
}
