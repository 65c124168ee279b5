export const USAGE = `reachdiff — Kubernetes NetworkPolicy reachability, and what a change opens or closes

Usage:
  reachdiff list <folder|file> [--format text|json|md|mermaid|dot] [--self] [--exposure] [--path GLOB]... [--group] [--max-pairs N]
                 [--namespace NS] [--max-edges N] [--pod-cidr CIDR]... [--config FILE] [--target NAME]
                 [--external-names FILE]
  reachdiff lint <folder|rev> [--repo DIR] [--path GLOB]... [--format text|json|md|sarif]
                 [--fail-level error|warning|notice|never] [--config FILE] [--namespace NS] [--target NAME]
  reachdiff diff <base> <head> [--repo DIR] [--path GLOB]... [--format text|json|md|sarif|mermaid|dot]
                 [--fail-on opened,closed,any,never,errors] [--fail-level error|warning|notice|never]
                 [--all-findings] [--pod-cidr CIDR]... [--config FILE] [--namespace NS]
                 [--render 'CMD'] [--external-names FILE]
  reachdiff targets [--repo DIR] [REV] [--config FILE] [--format text|json]
  reachdiff explain <folder|rev> --from SRC --to DST [--port PORT]... [--format text|json|md]
                 [--pod-cidr CIDR]... [--config FILE] [--namespace NS] [--target NAME]
  reachdiff diff <base> <head> --explain SRC DST [--port PORT]... [--format text|json|md]
                 [--pod-cidr CIDR]... [--config FILE] [--namespace NS] [--target NAME]

list   every allowed connection (source => destination : protocols/ports) of the
       manifests under <folder> (.yaml, .yml, .json, recursively)
lint   the findings of one version (a folder or a git revision): risky or dead
       policy configuration, such as missing DNS egress or a namespaceSelector: {}
diff   paths opened and closed between two versions, and the findings the head adds;
       <base> and <head> are each a folder or a git revision (branch, tag, SHA,
       HEAD~1) of the repository at --repo (default: the current directory), read
       from git objects without a checkout.
       Each deployment target (configured, Argo CD / Flux, or top-level
       kustomization) is analysed as its own cluster.
targets which targets are found (in the folder --repo, or at revision REV) and why
explain  why SRC may or may not reach DST: the verdict per protocol/port, per direction
       the deciding rules (file:line), why near-miss rules do not match, and the
       smallest edits that would allow it; exits 1 when any asked traffic is denied.
       Peers as printed: ns/name, ns/name[Kind], an IP, CIDR or first-last range,
       {ingress-controller} (source only). diff --explain shows base and head.

Options:
  --format        text (default), json (the documented output contract), md (Markdown),
                  sarif (findings as SARIF 2.1.0, for GitHub code scanning; lint and diff),
                  mermaid or dot (a graph: Mermaid flowchart, Graphviz DOT; diff draws
                  opened edges bold, closed dashed; list the whole cluster)
  --max-edges N   list --format mermaid|dot: above N edges (default 40), fold nodes by
                  namespace and edges per namespace pair, with counts
  --exposure      list only: also what each workload is exposed to among pods the
                  manifests do not hold (abstract peers), and workloads no policy protects
  --path          glob of manifest files to read, repeatable (default: all .yaml/.yml/.json)
  --self          list: also each workload's traffic to itself (between its own pods)
  --external-names FILE  names for external CIDRs in text and Markdown: a map
                  "10.0.0.0/8": corporate network (the App's externalNames), or a
                  .github/reachdiff.yml holding one
  --group         list: compact rows, sources that reach the same destinations with one
                  connection set (JSON: "groups" instead of "connections")
  --max-pairs N   list: stop (exit 2) above N pairs, counted before any is built
                  (default 1,000,000); narrow with --path, --namespace or --group
  --repo          git repository for revision arguments (default: .)
  --from, --to    the two ends for explain
  --port          8080, 8080/TCP, 8000-8090/UDP or a named port of DST (repeatable;
                  default: every port of every protocol)
  --fail-on       when diff exits 1, one or a comma-separated list: opened, closed,
                  any (opened or closed), errors (objects the change adds or edits that
                  Kubernetes will reject), never; default opened,errors
  --fail-level    exit 1 on (new, in diff) findings of this severity or worse: error
                  (default), warning, notice, never
  --all-findings  diff: list head's old findings too (they never fail the run)
  --pod-cidr CIDR the cluster's pod network (list, diff, explain; repeatable or comma-separated):
                  decides which networks peers of AdminNetworkPolicy / ClusterNetworkPolicy
                  cover pods (default: podCIDRs of the configuration file)
  --target NAME   lint, explain, diff --explain, list: only this target's cluster model (default:
                  every one; explain answers in each that holds both ends, naming it; list
                  needs it when the folder's targets form several clusters)
  --namespace NS  diff, targets, lint, explain: namespace of namespace-less objects in targets that name none;
                  list: as kubectl -n, objects without a namespace land in NS, and only pairs
                  with at least one end (a workload) in NS are listed
  --render 'CMD'  diff: a command printing a manifest stream (helm template, jsonnet …),
                  run in each side's root; its output is one more target, "rendered"
  -h, --help      this text

Findings configuration (flags add to the findings: section of --config):
  --config FILE                 a .github/reachdiff.yml (default: the one of --repo, if any);
                                its findings: and targets: sections are used
  --disable CODE                switch a finding code off, repeatable
  --severity CODE=LEVEL         change a code's severity (error, warning, notice), repeatable
  --dns-namespace NS            namespace of the cluster DNS pods (default kube-system)
  --dns-label KEY=VALUE         labels of the DNS pods (default k8s-app=kube-dns), repeatable
  --dns-cidr CIDR               DNS addresses (e.g. node-local DNS 169.254.20.10/32), repeatable
  --allow-cross-namespace FROM:TO  expected new cross-namespace paths (* for any), repeatable
  --ignore-path GLOB            leave out findings in these files, repeatable
  --docs-url URL                the README's URL, for SARIF rules' help links

Exit codes:
  0  done (warnings about the input are allowed; nothing that --fail-on or --fail-level counts)
  1  diff: what --fail-on names (default: paths opened or new errors), or new findings at --fail-level or worse;
     lint: findings at --fail-level or worse; explain: some asked traffic denied
  2  cannot run: bad arguments, a folder or revision that does not exist, nothing readable
`;
