/**
 * A changed file that writes network policies in a language reachdiff does not read is in no verdict:
 * Terraform (`yamlencode`/`jsonencode` of a manifest or a patch naming `kind = "NetworkPolicy"`, a
 * `kubernetes_manifest` resource, a `kubernetes_network_policy` resource), Jsonnet (`kind: 'NetworkPolicy'`,
 * k8s-libsonnet's `networkPolicy.new`, or a YAML or JSON file of policies it imports: `std.parseYaml(importstr
 * 'policy.yaml')`), CUE (`kind: "NetworkPolicy"`) and KCL (`kind = "NetworkPolicy"`, a schema instance such as
 * `networkpolicy.NetworkPolicy {` of KCL's Kubernetes models or konfig). Such a change is said as an
 * `OUTSIDE_TARGETS` notice ("Not analysed: …") at the line that writes the policy, so the verdict is followed
 * by the note and the check run is `neutral`, never a plain "no change" (real-eval 32: sulibot/home-ops
 * f21005ba added two ports to Flux's allow-scraping NetworkPolicy through a Terraform `yamlencode` patch and
 * read "No change in allowed connectivity"). The check is textual (no HCL, Jsonnet or CUE is evaluated): a
 * changed file that names no policy kind or resource stays silent. An imported file counts when it holds a policy
 * kind on the side that imports it: real repositories 43, MacroPower/homelab 4d08ba79 removed a
 * CiliumClusterwideNetworkPolicy by deleting its YAML and its `importstr` line from a libsonnet file; the YAML
 * alone read as removed where no target deployed it, and the verdict was a plain "No change". The same
 * repository's KCL apps (`networkpolicy.NetworkPolicy {`, 9d4b42c4) added four policies unsaid.
 */
import { isManifestPath, isPolicySourcePath } from '../manifests/load.js';
import { isText, isUtf16Text, visibleText } from '../manifests/unreadable-text.js';
import { POLICY_KIND_NAMES } from '../manifests/policy-kinds.js';
import { dirOf, joinPath } from '../util/repo-paths.js';
import type { Text } from './kustomizations-naming.js';
import type { Notice } from './types.js';

/** The policy kinds a line may name (Calico's cluster-wide kind besides the modelled ones). */
const KINDS = [...POLICY_KIND_NAMES, 'GlobalNetworkPolicy'];

/** `kind = "NetworkPolicy"` (HCL), `kind: 'NetworkPolicy'` (Jsonnet), `kind: "NetworkPolicy"` (CUE, YAML in a heredoc). */
const KIND_LINE = new RegExp(`\\bkind"?\\s*[:=]\\s*["']?(${KINDS.join('|')})\\b`);
/** Terraform's kubernetes provider resources and data sources of a NetworkPolicy. */
const TF_RESOURCE = /^\s*(?:resource|data)\s+"(kubernetes_network_policy(?:_v1)?)"/;
/** k8s-libsonnet's and kube-libsonnet's constructors. */
const JSONNET_NEW = /\b((?:cilium)?[nN]etworkPolicy\.new)\b/;
/** A KCL schema instance of a policy kind (`networking.v1.NetworkPolicy {`, `networkpolicy.NetworkPolicy{`); a `schema` statement defines one. */
const KCL_INSTANCE = new RegExp(`^(?!\\s*schema\\b).*?\\b((?:[A-Za-z_]\\w*\\.)*(?:${KINDS.join('|')}))\\s*\\{`);
/** A Jsonnet import of a YAML or JSON file (`importstr 'policy.yaml'`, `import "policy.json"`): group 1 the keyword, 3 the path. */
const JSONNET_IMPORT = /\b(importstr|import)\s+(['"])([^'"]+\.(?:ya?ml|json))\2/;

/** The language a path is written in, as the notice names it. */
function language(path: string): string {
  if (/\.tf$/i.test(path)) return 'Terraform';
  if (/\.cue$/i.test(path)) return 'CUE';
  if (/\.k$/i.test(path)) return 'KCL';
  return 'Jsonnet';
}

/** A line that writes a policy: its number (1-based) and what it says (`kind = "NetworkPolicy"`). */
interface PolicyLine {
  readonly line: number;
  readonly what: string;
}

/**
 * The lines of `text` (the file `path`, default none) that write a network policy, in order. Comment lines (`#`, `//`)
 * are skipped. `imported` (default: none) reads a file a Jsonnet line imports (a repository path, the side's text):
 * the import counts when that file names a policy kind (`importstr 'allow.yaml'`).
 */
export function policyLines(text: string, path = '', imported: (path: string) => string | undefined = () => undefined): PolicyLine[] {
  const out: PolicyLine[] = [];
  const kcl = /\.k$/i.test(path);
  const jsonnet = /\.(jsonnet|libsonnet)$/i.test(path);
  text.split('\n').forEach((raw, i) => {
    const line = raw.trimStart();
    if (line.startsWith('#') || line.startsWith('//')) return;
    const kind = KIND_LINE.exec(raw);
    if (kind) return void out.push({ line: i + 1, what: `kind ${kind[1]}` });
    const resource = TF_RESOURCE.exec(raw);
    if (resource) return void out.push({ line: i + 1, what: `resource ${resource[1]}` });
    const made = JSONNET_NEW.exec(raw);
    if (made) return void out.push({ line: i + 1, what: made[1] });
    const instance = kcl ? KCL_INSTANCE.exec(raw) : null;
    if (instance) return void out.push({ line: i + 1, what: instance[1] });
    const imports = jsonnet ? JSONNET_IMPORT.exec(raw) : null;
    // Jsonnet resolves an import relative to the importing file's folder.
    const target = imports ? joinPath(dirOf(path), imports[3]) : undefined;
    const held = target !== undefined ? policyLines(imported(target) ?? '') : [];
    if (imports && held.length) out.push({ line: i + 1, what: `${imports[1]} '${imports[3]}', a file holding ${held[0].what},` });
  });
  return out;
}

/** The first line (1-based) where the two texts differ; the shorter's length + 1 when one extends the other. */
function firstDifference(a: string, b: string): number {
  const la = a.split('\n');
  const lb = b.split('\n');
  let i = 0;
  while (i < la.length && i < lb.length && la[i] === lb[i]) i++;
  return i + 1;
}

/**
 * `changed`: changed paths; `texts`: base's and head's reader. One notice per changed Terraform, Jsonnet or
 * CUE file that writes a network policy on either side, at head's policy line nearest the first changed line
 * (base's when head has none: the file or its policies removed).
 */
export function policySourceNotices(changed: ReadonlySet<string>, texts: readonly [Text, Text]): Notice[] {
  const out: Notice[] = [];
  for (const file of [...changed].filter(isPolicySourcePath).sort()) {
    const [base, head] = texts.map((read) => read(file));
    const [inBase, inHead] = [base, head].map((t, i) => (t === undefined ? [] : policyLines(t, file, texts[i])));
    const lines = inHead.length ? inHead : inBase;
    if (lines.length === 0) continue;
    const at = firstDifference(base ?? '', head ?? '');
    const nearest = lines.reduce((best, l) => (Math.abs(l.line - at) < Math.abs(best.line - at) ? l : best));
    const how = head === undefined ? ', the file removed' : base === undefined ? ', a new file' : inHead.length ? '' : ', its policies removed';
    const lang = language(file);
    out.push({
      code: 'OUTSIDE_TARGETS',
      message: `Not analysed: a ${lang} file writing network policies changed in ${file} (${nearest.what} at line ${nearest.line}${how}): reachdiff reads Kubernetes objects from YAML and JSON files only, so what it applies is in no analysis. To analyse it, keep the policies as YAML manifests, or render the ${lang} output to YAML and pass it with --render`,
      ref: { file, line: nearest.line },
      // Base's line when head writes no policy there (the file or its policies removed).
      ...(inHead.length ? {} : { side: 'base' as const }),
    });
  }
  return out;
}

/**
 * `changed`: changed paths; `texts`: base's and head's reader. One notice per changed manifest file that is not
 * UTF-8 text on a side (the loader's `UNREADABLE_FILE` warning: nothing of it is parsed) where what it still shows
 * names a network policy (`kind: NetworkPolicy` in a UTF-16 file, unseen on that side), at head's such line (base's
 * when head's text shows none): its change is in no verdict, which would otherwise read "No change" (a new user's
 * trial, session 59: a NetworkPolicy saved as UTF-16 by Windows PowerShell, its edit read as no change). A binary or
 * git-crypt file shows no such line and stays the warning alone.
 */
export function unreadablePolicyNotices(changed: ReadonlySet<string>, texts: readonly [Text, Text]): Notice[] {
  const out: Notice[] = [];
  for (const file of [...changed].filter(isManifestPath).sort()) {
    const sides = texts.map((read) => read(file));
    const unread = sides.map((t) => (t === undefined || isText(t) ? undefined : t));
    const [inBase, inHead] = unread.map((t) => (t === undefined ? [] : policyLines(visibleText(t))));
    const lines = inHead.length ? inHead : inBase;
    if (lines.length === 0) continue;
    const text = (inHead.length ? unread[1] : unread[0]) ?? '';
    const encoding = isUtf16Text(text) ? 'UTF-16' : 'non-UTF-8';
    const side = inHead.length ? '' : sides[1] === undefined ? ', the file removed' : ' on base';
    out.push({
      code: 'OUTSIDE_TARGETS',
      message: `Not analysed: a ${encoding} file writing network policies changed in ${file} (${lines[0].what} at line ${lines[0].line}${side}): reachdiff reads manifests as UTF-8 text only, so what it applies is in no analysis. To analyse it, save it as UTF-8`,
      ref: { file, line: lines[0].line },
      ...(inHead.length ? {} : { side: 'base' as const }),
    });
  }
  return out;
}
