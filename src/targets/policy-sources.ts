/**
 * A changed file that writes network policies in a language reachdiff does not read is in no verdict:
 * Terraform (`yamlencode`/`jsonencode` of a manifest or a patch naming `kind = "NetworkPolicy"`, a
 * `kubernetes_manifest` resource, a `kubernetes_network_policy` resource), Jsonnet (`kind: 'NetworkPolicy'`,
 * k8s-libsonnet's `networkPolicy.new`) and CUE (`kind: "NetworkPolicy"`). Such a change is said as an
 * `OUTSIDE_TARGETS` notice ("Not analysed: …") at the line that writes the policy, so the verdict is followed
 * by the note and the check run is `neutral`, never a plain "no change" (real-eval 32: sulibot/home-ops
 * f21005ba added two ports to Flux's allow-scraping NetworkPolicy through a Terraform `yamlencode` patch and
 * read "No change in allowed connectivity"). The check is textual (no HCL, Jsonnet or CUE is evaluated): a
 * changed file that names no policy kind or resource stays silent.
 */
import { isPolicySourcePath } from '../manifests/load.js';
import { POLICY_KIND_NAMES } from '../manifests/policy-kinds.js';
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

/** The language a path is written in, as the notice names it. */
function language(path: string): string {
  if (/\.tf$/i.test(path)) return 'Terraform';
  if (/\.cue$/i.test(path)) return 'CUE';
  return 'Jsonnet';
}

/** A line that writes a policy: its number (1-based) and what it says (`kind = "NetworkPolicy"`). */
interface PolicyLine {
  readonly line: number;
  readonly what: string;
}

/** The lines of `text` that write a network policy, in order. Comment lines (`#`, `//`) are skipped. */
export function policyLines(text: string): PolicyLine[] {
  const out: PolicyLine[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trimStart();
    if (line.startsWith('#') || line.startsWith('//')) return;
    const kind = KIND_LINE.exec(raw);
    if (kind) return void out.push({ line: i + 1, what: `kind ${kind[1]}` });
    const resource = TF_RESOURCE.exec(raw);
    if (resource) return void out.push({ line: i + 1, what: `resource ${resource[1]}` });
    const made = JSONNET_NEW.exec(raw);
    if (made) out.push({ line: i + 1, what: made[1] });
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
    const [inBase, inHead] = [base, head].map((t) => (t === undefined ? [] : policyLines(t)));
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
