/**
 * Whether a file's change can change what the analysis reads: a one-sided layout model whose changed files
 * hold only objects of kinds reachdiff never reads (a ConfigMap of Flux substitution variables beside plain
 * manifests, rafaribe/home-ops 35d9b8abd) deploys, for the analysis, what it deployed before (discovery-switch.ts).
 *
 * Read by a line scan of every `kind:` key, at any depth (an HPA's `scaleTargetRef.kind: Deployment`, a policy
 * template in a custom resource's spec count too): a file counts unless each value is a plain name of a kind
 * the analysis reads nothing of. The kinds it reads: the model's (manifests/model-kinds.ts `modelReadsKind`),
 * every policy kind it names as unmodelled (manifests/unmodelled-kinds.ts, policy-templates.ts), Calico's Tier,
 * Flux HelmReleases (their charts are said unrendered) and the controller objects that decide targets. A text
 * naming Cilium's enforcement settings or the `cilium-config` ConfigMap (cilium-enforcement.ts) counts too.
 */
import { modelReadsKind } from '../manifests/model-kinds.js';
import { DECIDING_POLICY_KINDS } from '../manifests/policy-templates.js';
import { UNMODELLED_POLICY_KINDS } from '../manifests/unmodelled-kinds.js';
import { lineAtOffset } from '../util/line-ends.js';

/** A `kind:` key (YAML, also as a list item, or a JSON line) and its value, quoted or not. */
const KIND_VALUE = /^\s*(?:-\s*)?(["']?)kind\1\s*:\s*(["']?)([^\s"'#,}]*)\2/gm;
const PLAIN_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
const OTHER_READ: ReadonlySet<string> = new Set(['HelmRelease', 'Tier', 'Kustomization', 'Application', 'ApplicationSet', ...DECIDING_POLICY_KINDS, ...UNMODELLED_POLICY_KINDS.map((k) => k.kind)]);
/** What cilium-enforcement.ts reads its settings from. */
const CILIUM_SETTINGS = /cilium-config|olicyEnforcementMode|olicyAuditMode|onDefaultDenyPolicies/;

/** The kinds of a text's objects, none of which the analysis reads, and the line (1-based) of the first `kind:` key; no line when none. */
export interface UnreadKinds {
  readonly kinds: readonly string[];
  readonly line?: number;
}

/**
 * The kinds of the objects `text` holds when the analysis reads none of them (`['ConfigMap']`, at the first one's
 * `kind:` line; no kinds for no text or no `kind:` key), or undefined when it may read one (a kind it reads, a value
 * not a plain name).
 */
export function unreadKinds(text: string | undefined): UnreadKinds | undefined {
  if (text === undefined) return { kinds: [] };
  if (CILIUM_SETTINGS.test(text)) return undefined;
  const kinds = new Set<string>();
  let first: number | undefined;
  for (const m of text.matchAll(KIND_VALUE)) {
    const kind = m[3];
    if (!PLAIN_NAME.test(kind) || modelReadsKind(kind) || OTHER_READ.has(kind)) return undefined;
    kinds.add(kind);
    // The key's own line: the pattern's leading blanks may take in empty lines before it.
    first ??= m.index + m[0].indexOf('kind');
  }
  return first === undefined ? { kinds: [...kinds] } : { kinds: [...kinds], line: lineAtOffset(text, first) };
}

