/**
 * An explain edit where a Helm values file decides the value. A chart's template shared by environments (Argo CD
 * Applications shop-dev and shop-prod render charts/shop, each with its values file) writes a selector's value from
 * `{{ .Values.ingressNamespace }}`; `explain` of a path shop-prod's render denies suggested only edits to the
 * template (new-user trial 37), which would change every environment's copy. When a near miss's selector asks a
 * label value that the template line writes from `.Values.PATH`, and the values files of the environment whose
 * render holds the policy give exactly that value, the edit is that values file's line: *set ingressNamespace to
 * ingress-prod at charts/shop/values-prod.yaml:1*. It is verified as the other edits are: the value replaced in
 * that environment's rendered stream, the asked traffic explained again, and what else it opens or closes counted.
 *
 * Only a whole-value placeholder (`key: {{ .Values.a.b }}`, `| quote` allowed) in one of the few lines after the
 * near miss's entry, a `matchLabels` value (one `In` value), one environment (target) rendering the policy's
 * namespace from that chart, and a value from a values file (chart `values.yaml`, then `valueFiles` in order, the
 * last winning) are read; a value the Application's inline values or parameters set is left alone (no edit said).
 *
 * Ranked as explain's other edits are (engine/smallest-edits.ts `editRanking`): those that open exactly the asked
 * traffic first, the subject's own policy before another client's, fewer other paths, fewer closed; an edit of
 * another client's policy (or one named for something else) is left out when an edit of a values file or of a
 * policy elsewhere opens as little. Replacing a value in `allow-prometheus`'s selector would take Prometheus's
 * access away to give cart one.
 */
import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import type { Connectivity, ConnectionSet, Direction, SourceRef } from '../engine/index.js';
import { askedPairExtraPorts, computeConnectivity, diffConnectivity, editRanking } from '../engine/index.js';
import type { ManifestFile } from '../manifests/load.js';
import { loadManifests } from '../manifests/load.js';
import type { HelmSpec, TargetSpec } from '../targets/types.js';
import type { ExplainArgs, SideAnswer } from './explain-run.js';
import { explainFiles } from './explain-run.js';
import { textLines } from '../util/line-ends.js';
import { escapeRegExp } from '../util/reg-exp.js';

/** One edit of a values file line that would allow the asked traffic (or part of it). */
export interface ValueEdit {
  readonly direction: Direction;
  /** The policy whose selector the value is written into (`namespace/name`). */
  readonly policy: string;
  /** The values key, dotted (`ingressNamespace`, `api.monitoring.namespace`). */
  readonly key: string;
  readonly from: string;
  readonly to: string;
  /** The values file line that sets it. */
  readonly ref: SourceRef;
  /** The template line that writes it into the policy. */
  readonly template: SourceRef;
  /** The environment whose render holds the policy: its target's `why` (`Application shop-prod (argocd/shop-prod.yaml:1)`). */
  readonly owner: string;
  /** Other targets rendering the same chart (they keep their own values): by name. */
  readonly sharedWith: readonly string[];
  /** The asked traffic is allowed once the value is set (in this cluster model). */
  readonly allows: boolean;
  /** Ordered pairs other than the asked one whose traffic the edit opens, and closes. */
  readonly alsoOpens: number;
  readonly closes: number;
  /** Ports of the asked pair beyond the asked ones the edit also opens (a rule without ports: every port); absent when none. */
  readonly alsoOpensPorts?: ConnectionSet;
}

/** How far below a near miss's entry the template line writing its selector value is looked for. */
const LINES_BELOW = 6;

/**
 * The value edits of an explained answer (empty map when none applies). `files`: the model's files as explained
 * (rendered streams with their `sourceLines`); `text`: a repository file's text (templates, values files);
 * `targets`: the model's targets (their `helm` entries); `args`: the asked traffic, to verify each edit.
 */
export function valueEdits(answer: SideAnswer, files: readonly ManifestFile[], text: (path: string) => string | undefined, targets: readonly TargetSpec[], args: ExplainArgs): Map<Direction, ValueEdit[]> {
  const out = new Map<Direction, ValueEdit[]>();
  if (answer.kind !== 'explained' || answer.explanation.verdict === 'allowed') return out;
  // The model as explained, computed once: each edit is verified against it, and ranked in it.
  let model: Connectivity | undefined;
  const before = () => (model ??= computeConnectivity(loadManifests(files).cluster));
  for (const d of answer.explanation.directions) {
    for (const miss of d.nearMisses) {
      for (const m of miss.mismatches) {
        if (m.kind !== 'namespace-selector' && m.kind !== 'pod-selector') continue;
        const r = m.requirement;
        if (r.op !== 'In' || r.values.length !== 1 || m.actual === null) continue;
        const found = fromValues(miss.policy, m.ref, r.key, r.values[0], text, targets);
        if (!found) continue;
        const verified = verify(files, before, found, m.actual, args);
        if (!verified) continue;
        const list = out.get(d.direction) ?? out.set(d.direction, []).get(d.direction)!;
        if (!list.some((e) => e.ref.file === found.ref.file && e.ref.line === found.ref.line)) list.push({ direction: d.direction, policy: miss.policy, key: found.key, from: r.values[0], to: m.actual, ref: found.ref, template: found.template, owner: found.owner.why, sharedWith: found.shared, ...verified });
      }
    }
    const list = out.get(d.direction);
    if (!list) continue;
    const rank = editRanking(before(), answer.explanation, d);
    list.sort((a, b) => rank.compare(a, b) || a.closes - b.closes);
    const placed = rank.placed(list, answer.edits.get(d.direction) ?? []);
    if (placed.length) out.set(d.direction, placed);
    else out.delete(d.direction);
  }
  return out;
}

interface Found {
  readonly key: string;
  readonly ref: SourceRef;
  readonly template: SourceRef;
  /** The template line's text with its placeholder, and the pattern of its rendered lines. */
  readonly rendered: RegExp;
  readonly owner: TargetSpec;
  readonly helm: HelmSpec;
  readonly shared: readonly string[];
}

/** Where `value` of label `key` in `policy`'s selector at template line `at` comes from, when from a values file. */
function fromValues(policy: string, at: SourceRef, key: string, value: string, text: (path: string) => string | undefined, targets: readonly TargetSpec[]): Found | undefined {
  const chart = /^(.*)\/templates\//.exec(at.file)?.[1];
  const source = text(at.file);
  if (chart === undefined || source === undefined) return undefined;
  const lines = textLines(source);
  const label = escapeRegExp(key);
  const placeholder = new RegExp(`^(\\s*["']?${label}["']?\\s*:\\s*)["']?\\{\\{-?\\s*\\.Values\\.([A-Za-z0-9_.]+)\\s*(?:\\|\\s*quote\\s*)?-?\\}\\}["']?\\s*$`);
  let path: string | undefined;
  let line = 0;
  for (let i = at.line - 1; i < Math.min(lines.length, at.line + LINES_BELOW); i++) {
    const m = placeholder.exec(lines[i]);
    if (m) {
      path = m[2];
      line = i + 1;
      break;
    }
  }
  if (path === undefined) return undefined;
  // The environment: the one target rendering this chart into the policy's namespace.
  const namespace = policy.slice(0, policy.indexOf('/'));
  const renders = targets.flatMap((t) => t.helm.filter((h) => h.chart === chart).map((h) => ({ t, h })));
  const own = renders.filter(({ t, h }) => (h.namespace ?? t.namespace) === namespace);
  if (own.length !== 1) return undefined;
  const { t: owner, h: helm } = own[0];
  // Inline values and parameters come after every values file: one naming the key decides it, and it is no values file line.
  if ((helm.parameters ?? []).some((p) => p.name === path) || (helm.values !== undefined && helm.values.includes(path.split('.').pop()!))) return undefined;
  const set = [`${chart}/values.yaml`, ...helm.valuesFiles].map((file) => ({ file, at: valueLine(text(file), path!) })).filter((v) => v.at !== undefined).pop();
  if (!set || set.at!.value !== value) return undefined;
  const shared = [...new Set(renders.filter((r) => r.t !== owner).map((r) => r.t.name))].sort();
  const rendered = new RegExp(`^(\\s*["']?${label}["']?\\s*:\\s*["']?)${escapeRegExp(value)}(["']?\\s*)$`);
  return { key: path, ref: { file: set.file, line: set.at!.line }, template: { file: at.file, line }, rendered, owner, helm, shared };
}

/** The scalar at dotted `path` of a values file and its line; undefined when the file or the key is missing. */
function valueLine(source: string | undefined, path: string): { value: string; line: number } | undefined {
  if (source === undefined) return undefined;
  const counter = new LineCounter();
  let node: unknown;
  try {
    node = parseDocument(source, { lineCounter: counter, uniqueKeys: false, strict: false }).contents;
  } catch {
    return undefined;
  }
  for (const step of path.split('.')) {
    if (!isMap(node)) return undefined;
    const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === step);
    if (!pair) return undefined;
    node = pair.value;
  }
  if (!isScalar(node) || node.range === undefined || node.range === null) return undefined;
  return { value: String(node.value), line: counter.linePos(node.range[0]).line };
}

/** The edit applied to the environment's rendered stream (each line the template line rendered with the value), the asked traffic explained again. */
function verify(files: readonly ManifestFile[], before: () => Connectivity, found: Found, to: string, args: ExplainArgs): Pick<ValueEdit, 'allows' | 'alsoOpens' | 'closes' | 'alsoOpensPorts'> | undefined {
  const stream = `helm:${found.helm.chart}`;
  let edited = 0;
  const next = files.map((f) => {
    if (f.path !== stream || !f.sourceLines || (found.helm.namespace !== undefined && f.defaultNamespace !== found.helm.namespace)) return f;
    const lines = f.text.split('\n');
    const changed = lines.map((l, i) => (f.sourceLines![i]?.file === found.template.file && found.rendered.test(l) ? (edited++, l.replace(found.rendered, `$1${to}$2`)) : l));
    return { ...f, text: changed.join('\n') };
  });
  if (edited === 0) return undefined;
  const again = explainFiles(next, args);
  if (!again.ok || again.value.answer.kind !== 'explained') return undefined;
  const allows = again.value.answer.explanation.verdict !== 'denied';
  if (!allows) return undefined;
  const after = computeConnectivity(loadManifests(next).cluster);
  const diff = diffConnectivity(before(), after);
  const opened = diff.pairs.filter((p) => p.opened);
  const extra = askedPairExtraPorts(after, opened, again.value.answer.explanation);
  return { allows, alsoOpens: Math.max(0, opened.length - 1), closes: diff.pairs.filter((p) => p.closed).length, ...(extra.isEmpty() ? {} : { alsoOpensPorts: extra }) };
}

