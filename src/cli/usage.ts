export const USAGE = `reachdiff — Kubernetes NetworkPolicy reachability, and what a change opens or closes

Usage:
  reachdiff list <folder> [--format text|json|md] [--self] [--exposure]
  reachdiff diff <base> <head> [--repo DIR] [--path GLOB]... [--format text|json|md]
                 [--fail-on opened|closed|any|never]
  reachdiff explain <folder|rev> --from SRC --to DST [--port PORT]... [--format text|json|md]
  reachdiff diff <base> <head> --explain SRC DST [--port PORT]... [--format text|json|md]

list   every allowed connection (source => destination : protocols/ports) of the
       manifests under <folder> (.yaml, .yml, .json, recursively)
diff   paths opened and closed between two versions; <base> and <head> are each a
       folder or a git revision (branch, tag, SHA, HEAD~1) of the repository at --repo
       (default: the current directory), read from git objects without a checkout
explain  why SRC may or may not reach DST: the verdict per protocol/port, per direction
       the deciding rules (file:line), why near-miss rules do not match, and the
       smallest edits that would allow it; exits 1 when any asked traffic is denied.
       Peers as printed: ns/name, ns/name[Kind], an IP, CIDR or first-last range,
       {ingress-controller} (source only). diff --explain shows base and head.

Options:
  --format   text (default), json (the documented output contract), md (Markdown)
  --exposure list only: also what each workload is exposed to among pods the
             manifests do not hold (abstract peers), and workloads no policy protects
  --path     glob of manifest files to read, repeatable (default: all .yaml/.yml/.json)
  --self     list: also each workload's traffic to itself (between its own pods)
  --repo     git repository for revision arguments (default: .)
  --from, --to  the two ends for explain
  --port     8080, 8080/TCP, 8000-8090/UDP or a named port of DST (repeatable;
             default: every port of every protocol)
  --fail-on  when diff exits 1: opened (default), closed, any, never
  -h, --help this text

Exit codes:
  0  done (warnings about the input are allowed; for diff: nothing that --fail-on counts)
  1  diff: paths opened (or closed, per --fail-on); explain: some asked traffic denied
  2  cannot run: bad arguments, a folder or revision that does not exist, nothing readable
`;
