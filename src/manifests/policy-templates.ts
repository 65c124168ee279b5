/**
 * Objects that hold policies as templates for a controller to apply: redhat-cop's namespace-configuration-
 * operator (`NamespaceConfig.spec.templates[].objectTemplate`, a Go-templated manifest as text, one copy per
 * Namespace its selector matches), Open Cluster Management's `Policy` and `ConfigurationPolicy`
 * (`object-templates[].objectDefinition`), Crossplane's provider-kubernetes `Object`
 * (`spec.forProvider.manifest`), Capsule's `TenantResource` (`rawItems`), an OpenShift project-request
 * `Template` (`objects`). The policies they make exist only in the cluster, so the repository does not hold
 * them, and reachdiff does not model them: an object of this shape is an unmodelled policy (unmodelled-kinds.ts),
 * named in the verdict, so that a change to its templates is never "No change" without a word (real-eval 21:
 * gnunn-gitops/cluster-config bbd6c89 added two NetworkPolicy templates to a NamespaceConfig and read as a
 * Job's paths only).
 *
 * The shape is read, not a list of kinds: a mapping below the object's top level with an `apiVersion` and a
 * policy `kind`, or a text value holding both as YAML lines that reads as a manifest (`readsAsManifest`): prose
 * that shows a policy as an example (an AI agent's prompt, a description in Markdown) makes none. Real-eval 29:
 * mthorley/k8s-gitops a3dd788 installed kagent, whose `Agent` cilium-policy-agent has a system prompt teaching
 * CiliumNetworkPolicy in fenced YAML; it read as "results ignore 1 Agent holding policy templates", and every
 * unprotected workload's finding said "unless Agent … isolates it". Built-in kinds (groups without a dot, or of
 * `*.k8s.io`) hold no templates a controller applies (a ConfigMap's text is data, a Job runs what it runs,
 * a CRD's schema describes); Kyverno's policies have their own entry (a `generate` rule), and Argo CD's and
 * Flux's objects are sources whose content target discovery renders or names.
 */
import type { Json } from './context.js';
import { isObject } from './context.js';

/** Kinds whose objects decide traffic: a template of one makes such an object. */
export const DECIDING_POLICY_KINDS: ReadonlySet<string> = new Set(['NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy', 'CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy', 'GlobalNetworkPolicy', 'EgressFirewall', 'EgressNetworkPolicy']);

const KINDS = [...DECIDING_POLICY_KINDS].join('|');

/** A YAML line `kind: NetworkPolicy` at any indentation (in a list item too): a policy written as text, or nested. */
export const EMBEDDED_POLICY_LINE = new RegExp(`^[ \\t]*(?:-[ \\t]+)?kind:[ \\t]*["']?(?:${KINDS})["']?[ \\t]*(?:#.*)?$`, 'm');
const API_VERSION_LINE = /^[ \t]*(?:-[ \t]+)?apiVersion:[ \t]*\S/m;

/** Groups whose objects never count as holding policy templates (see the file comment). */
function excludedGroup(group: string): boolean {
  return !group.includes('.') || group.endsWith('.k8s.io') || group.endsWith('kyverno.io') || group.endsWith('argoproj.io') || group.endsWith('toolkit.fluxcd.io') || group === 'config.kubernetes.io';
}

/** Bounds on the walk: objects are small, but a generated one can be large and deep. */
const MAX_DEPTH = 16;
const MAX_NODES = 20_000;

/**
 * Whether an object (of `apiVersion`) holds a policy template below its top level: a mapping with a string
 * `apiVersion` and a policy `kind`, or a string with a `kind: <policy kind>` line and an `apiVersion:` line.
 */
export function holdsPolicyTemplates(obj: Json, apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  if (excludedGroup(group)) return false;
  let nodes = 0;
  const walk = (v: unknown, depth: number): boolean => {
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) return false;
    if (typeof v === 'string') return v.length > 16 && EMBEDDED_POLICY_LINE.test(v) && API_VERSION_LINE.test(v) && readsAsManifest(v);
    if (Array.isArray(v)) return v.some((x) => walk(x, depth + 1));
    if (!isObject(v)) return false;
    if (typeof v.kind === 'string' && DECIDING_POLICY_KINDS.has(v.kind) && typeof v.apiVersion === 'string') return true;
    return Object.values(v).some((x) => walk(x, depth + 1));
  };
  return Object.entries(obj).some(([key, v]) => key !== 'apiVersion' && key !== 'kind' && key !== 'metadata' && key !== 'status' && walk(v, 1));
}

/** A line that opens a mapping entry or a list item of one: `key:`, `"key":`, `- key:`. */
const KEY_LINE = /^[ \t]*(?:-[ \t]+)?(?:"[^"]*"|'[^']*'|[A-Za-z_$][\w.\/$-]*)[ \t]*:(?:[ \t]|$)/;
/** A line a template or a YAML stream may open with before its first key: blank, a comment, `---`, a Go template action alone. */
const LEAD_LINE = /^[ \t]*(?:#.*|---.*|\{\{.*\}\}[ \t]*)?$/;
/** A Markdown code fence: text that holds one shows YAML, it is no YAML. */
const FENCE_LINE = /^[ \t]*(?:```|~~~)/m;

/**
 * Whether text reads as a manifest a controller applies: no Markdown code fence, and its first line that is
 * not blank, a comment, `---` or a Go template action alone is a YAML key (`apiVersion: …`, `- kind: …`).
 * Prose opens with a sentence (`You are a CiliumNetworkPolicy agent …`).
 */
export function readsAsManifest(text: string): boolean {
  if (FENCE_LINE.test(text)) return false;
  for (const line of text.split('\n')) {
    if (LEAD_LINE.test(line)) continue;
    return KEY_LINE.test(line);
  }
  return false;
}
