/**
 * Kyverno ClusterPolicy `generate` rules that make a NetworkPolicy in every Namespace they match: the
 * commonest way a platform gives each namespace its default deny ("add-networkpolicy"). The rule's
 * `generate.data` is a networking.k8s.io/v1 NetworkPolicy written inside the ClusterPolicy, its
 * `generate.namespace` the triggering Namespace's name (`{{request.object.metadata.name}}`), so the
 * generated object is one cluster-scoped part (model.ts `ScopedPolicy`, as a CiliumClusterwideNetworkPolicy's
 * allow rules are): in each namespace whose labels the rule's `match` / `exclude` pick, with its rules'
 * lines in the ClusterPolicy's file.
 *
 * Semantics (kyverno.io, *Generate Rules*: data source; *Selecting Resources*: `match` / `exclude` with
 * `any` (OR) or `all` (AND) of resource filters, or the older bare `resources`; for a Namespace,
 * `namespaces` compares the Namespace's own name): a filter on kinds (every one `Namespace`), `names` /
 * `name` and `namespaces` (exact names, or `*`), `selector` (the Namespace's labels) and `operations`
 * (creation among them) is read; `exclude` entries of names, or of one label each; `preconditions` on the
 * Namespace's labels, name and the operation (an opt-in label). Anything else — `clone`, `cloneList`,
 * `foreach`, variables inside `data`, other `preconditions`, `context`, requester
 * filters (`subjects`, `roles`, `clusterRoles`), `annotations`, wildcards in names, several `any`
 * filters — leaves the rule unmodelled (unmodelled-kinds.ts says it, as before).
 *
 * Read as if `synchronize: true` and `generateExisting: true`: every matching namespace holds the rule's
 * current object. With either off, namespaces that existed before the policy, or the objects generated
 * before an edit, keep what they had (docs/input.md says so).
 */
import type { LabelSelector, NetworkPolicy, Requirement } from '../../engine/model.js';
import { NAMESPACE_NAME_LABEL } from '../../engine/model.js';
import { EVERYTHING } from '../../engine/selectors.js';
import type { DocContext, Json } from '../context.js';
import { isObject } from '../context.js';
import type { ClusterwideAllow } from './cilium-policy.js';
import { readNetworkPolicy } from './network-policy.js';
import { objectGenerate, plainSelector } from './kyverno-object-generate.js';

/** A rule read as a generated NetworkPolicy: its name, `data` (holding `spec`), and the Namespaces it is made in. */
export interface NamespaceGenerate {
  readonly name: string;
  readonly data: Json;
  readonly namespaces: LabelSelector;
}

/** `{{request.object.metadata.name}}`, spaces inside the braces allowed: the triggering Namespace. */
const TRIGGER_NAME = /^\{\{\s*request\.object\.metadata\.name\s*\}\}$/;
const NETWORK_POLICY_VERSION = 'networking.k8s.io/v1';

/**
 * The rule as a NetworkPolicy generated per matching Namespace, or undefined when it is not one this reads
 * (another kind, a clone, variables, filters not on the Namespace's name and labels). Pure: no diagnostics.
 */
export function namespaceGenerate(rule: unknown): NamespaceGenerate | undefined {
  if (!isObject(rule) || !isObject(rule.generate)) return undefined;
  if (rule.context !== undefined) return undefined;
  const conditions = rule.preconditions === undefined ? NO_CONDITIONS : preconditionSelector(rule.preconditions);
  if (!conditions) return undefined;
  const gen = rule.generate;
  if (gen.kind !== 'NetworkPolicy' || (gen.apiVersion !== undefined && gen.apiVersion !== NETWORK_POLICY_VERSION)) return undefined;
  if (gen.clone !== undefined || gen.cloneList !== undefined || gen.foreach !== undefined) return undefined;
  if (typeof gen.namespace !== 'string' || !TRIGGER_NAME.test(gen.namespace)) return undefined;
  if (typeof gen.name !== 'string' || gen.name === '' || gen.name.includes('{{')) return undefined;
  if (!isObject(gen.data) || !isObject(gen.data.spec) || holdsVariable(gen.data)) return undefined;
  const matched = matchSelector(rule.match);
  if (!matched) return undefined;
  const excluded = rule.exclude === undefined ? [] : excludeRequirements(rule.exclude);
  if (!excluded) return undefined;
  const matchLabels: Record<string, string> = { ...matched.matchLabels };
  const expressions = [...matched.expressions, ...excluded, ...conditions.expressions];
  for (const [k, v] of Object.entries(conditions.matchLabels)) {
    // Two values for one label: no namespace meets both.
    if (matchLabels[k] !== undefined && matchLabels[k] !== v) expressions.push({ key: k, op: 'In', values: [] });
    matchLabels[k] = v;
  }
  return { name: gen.name, data: gen.data, namespaces: { matchLabels, expressions } };
}

const NO_CONDITIONS: LabelSelector = EVERYTHING;

/**
 * `preconditions` (a list, or `all` / `any` of one) as a selector over the Namespace's labels, when each condition
 * reads the triggering Namespace's labels, name or the admission operation: `{{ request.object.metadata.labels.K }}`
 * (JMESPath, `K` plain or quoted, `|| "default"` for a Namespace without it; without a default such a Namespace
 * fails the substitution and gets nothing), `{{ request.object.metadata.name }}`, `{{ request.operation … }}` (creation
 * must pass), with `Equals`, `NotEquals`, `In` / `AnyIn`, `NotIn` / `AnyNotIn` (kyverno.io, *Preconditions*). Undefined otherwise.
 */
function preconditionSelector(raw: unknown): LabelSelector | undefined {
  let list: unknown[];
  if (Array.isArray(raw)) list = raw;
  else if (isObject(raw) && Object.keys(raw).every((k) => k === 'all' || k === 'any')) {
    const all = raw.all === undefined ? [] : raw.all;
    const any = raw.any === undefined ? [] : raw.any;
    // Several `any` conditions are a union, which one selector cannot say.
    if (!Array.isArray(all) || !Array.isArray(any) || any.length > 1) return undefined;
    list = [...all, ...any];
  } else return undefined;
  const matchLabels: Record<string, string> = {};
  const expressions: Requirement[] = [];
  for (const c of list) {
    const read = conditionRequirements(c);
    if (!read) return undefined;
    for (const r of read) {
      if (r.op === 'In' && r.values.length === 1 && matchLabels[r.key] === undefined) matchLabels[r.key] = r.values[0];
      else expressions.push(r);
    }
  }
  return { matchLabels, expressions };
}

/** `{{ request.object.metadata.labels.K || 'D' }}`: K (plain or quoted) and the default D, if any. */
const LABEL_KEY = /^\{\{\s*request\.object\.metadata\.labels\.(?:"([^"]+)"|([A-Za-z0-9_]+))\s*(?:\|\|\s*(?:'([^']*)'|"([^"]*)"|`([^`]*)`))?\s*\}\}$/;
const NAME_KEY = /^\{\{\s*request\.object\.metadata\.name\s*\}\}$/;
const OPERATION_KEY = /^\{\{\s*request\.operation\s*(?:\|\|\s*(?:'[^']*'|"[^"]*"|`[^`]*`))?\s*\}\}$/;

/** One condition as requirements on the Namespace's labels ([] for one every creation meets); undefined when not so expressible. */
function conditionRequirements(c: unknown): Requirement[] | undefined {
  if (!isObject(c) || typeof c.key !== 'string' || typeof c.operator !== 'string') return undefined;
  const values = typeof c.value === 'string' ? [c.value] : Array.isArray(c.value) && c.value.every((v): v is string => typeof v === 'string') ? c.value : undefined;
  if (!values) return undefined;
  const op = c.operator;
  const positive = op === 'Equals' || op === 'In' || op === 'AnyIn';
  const negative = op === 'NotEquals' || op === 'NotIn' || op === 'AnyNotIn';
  if (!positive && !negative) return undefined;
  if ((op === 'Equals' || op === 'NotEquals') && values.length !== 1) return undefined;
  if (OPERATION_KEY.test(c.key)) return positive === values.includes('CREATE') ? [] : undefined;
  if (NAME_KEY.test(c.key)) return [{ key: NAMESPACE_NAME_LABEL, op: positive ? 'In' : 'NotIn', values: [...new Set(values)].sort() }];
  const label = LABEL_KEY.exec(c.key);
  if (!label) return undefined;
  const key = label[1] ?? label[2];
  const fallback = label[3] ?? label[4] ?? label[5];
  const sorted = [...new Set(values)].sort();
  // A Namespace without the label reads the default; without a default it gets nothing.
  const absentPasses = fallback === undefined ? false : positive === sorted.includes(fallback);
  if (positive) return absentPasses ? undefined : [{ key, op: 'In', values: sorted }];
  return absentPasses ? [{ key, op: 'NotIn', values: sorted }] : [{ key, op: 'Exists', values: [] }, { key, op: 'NotIn', values: sorted }];
}

/**
 * A Kyverno ClusterPolicy's generate rules `namespaceGenerate` reads, each a cluster-scoped part (kinds/cilium-policy.ts
 * `ClusterwideAllow`, key `ClusterPolicy.kyverno.io//name/rules[i]`) whose copy in namespace `ns` is the NetworkPolicy
 * `ns/<generate.name>`. `data` is validated as the API server validates a NetworkPolicy (errors at its lines; an
 * invalid one is not applied, as Kyverno's create would fail).
 */
export function readKyvernoGenerates(ctx: DocContext, obj: Json, name: string): ClusterwideAllow[] {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const rules = Array.isArray(spec.rules) ? spec.rules : [];
  const out: ClusterwideAllow[] = [];
  rules.forEach((rule, i) => {
    const gen = namespaceGenerate(rule);
    if (!gen) return;
    const where = `NetworkPolicy ${gen.name} that Kyverno ClusterPolicy ${name} generates (rules[${i}].generate.data)`;
    const read = readNetworkPolicy(ctx, gen.data, '', gen.name, where);
    if (!read) return;
    const build = (namespace: string): NetworkPolicy => ({ ...read, id: `${namespace}/${gen.name}`, namespace });
    out.push({ key: `${kyvernoObjectKey(name)}/rules[${i}]`, object: kyvernoObjectKey(name), namespaces: gen.namespaces, build });
  });
  return out;
}

/** Whether `obj` is a Kyverno ClusterPolicy with a rule `namespaceGenerate` or `objectGenerate` (kyverno-object-generate.ts) reads (a file holding one holds policies). */
export function modelledKyvernoGenerator(obj: Json): boolean {
  if (obj.kind !== 'ClusterPolicy' || typeof obj.apiVersion !== 'string' || !obj.apiVersion.startsWith('kyverno.io/')) return false;
  const spec = isObject(obj.spec) ? obj.spec : {};
  return Array.isArray(spec.rules) && spec.rules.some((r) => namespaceGenerate(r) !== undefined || objectGenerate(r) !== undefined);
}

/** The ClusterPolicy's key among a document's objects, as its unmodelled reading keys it (unmodelled-read.ts). */
export function kyvernoObjectKey(name: string): string {
  return `ClusterPolicy.kyverno.io//${name}`;
}

function holdsVariable(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('{{');
  if (Array.isArray(v)) return v.some(holdsVariable);
  if (isObject(v)) return Object.entries(v).some(([k, x]) => k.includes('{{') || holdsVariable(x));
  return false;
}

/** The filters of a `match` or `exclude` block: `any` / `all` lists, or a bare `resources` (Kyverno's older form). */
function filters(block: unknown): { readonly list: Json[]; readonly all: boolean } | undefined {
  if (!isObject(block)) return undefined;
  const keys = Object.keys(block);
  if (keys.length === 1 && (keys[0] === 'any' || keys[0] === 'all') && Array.isArray(block[keys[0]])) {
    const list = block[keys[0]] as unknown[];
    return list.every(isObject) ? { list: list as Json[], all: keys[0] === 'all' } : undefined;
  }
  if (keys.length === 1 && keys[0] === 'resources') return { list: [block], all: true };
  return undefined;
}

/** Fields of a resource filter read here; any other (annotations, namespaceSelector, a requester filter) leaves the rule unread. */
const READ_RESOURCE_FIELDS = new Set(['kinds', 'names', 'name', 'namespaces', 'selector', 'operations']);

/** The Namespaces a `match` block picks, as one selector over their labels; undefined when not so expressible. */
function matchSelector(block: unknown): LabelSelector | undefined {
  const f = filters(block);
  // Several `any` filters are a union, which one selector cannot say.
  if (!f || f.list.length === 0 || (!f.all && f.list.length > 1)) return undefined;
  const matchLabels: Record<string, string> = {};
  const expressions: Requirement[] = [];
  for (const filter of f.list) {
    if (Object.keys(filter).some((k) => k !== 'resources') || !isObject(filter.resources)) return undefined;
    const r = filter.resources;
    if (Object.keys(r).some((k) => !READ_RESOURCE_FIELDS.has(k))) return undefined;
    if (!Array.isArray(r.kinds) || r.kinds.length === 0 || !r.kinds.every(isNamespaceKind)) return undefined;
    if (Array.isArray(r.operations) && !r.operations.includes('CREATE')) return undefined;
    for (const field of ['names', 'name', 'namespaces'] as const) {
      const names = field === 'name' ? (r.name === undefined ? undefined : [r.name]) : r[field];
      if (names === undefined) continue;
      if (!Array.isArray(names) || !names.every((n): n is string => typeof n === 'string' && n !== '')) return undefined;
      if (names.includes('*')) continue;
      if (names.some((n) => n.includes('*') || n.includes('?'))) return undefined;
      expressions.push({ key: NAMESPACE_NAME_LABEL, op: 'In', values: [...new Set(names)].sort() });
    }
    if (r.selector !== undefined) {
      const s = plainSelector(r.selector);
      if (!s) return undefined;
      for (const [k, v] of Object.entries(s.matchLabels)) {
        if (matchLabels[k] !== undefined && matchLabels[k] !== v) expressions.push({ key: k, op: 'In', values: [] });
        matchLabels[k] = v;
      }
      expressions.push(...s.expressions);
    }
  }
  return Object.keys(matchLabels).length === 0 && expressions.length === 0 ? EVERYTHING : { matchLabels, expressions };
}

/** What an `exclude` block leaves out, as requirements every generated namespace meets; undefined when not so expressible. */
function excludeRequirements(block: unknown): Requirement[] | undefined {
  const f = filters(block);
  if (!f) return undefined;
  // `all` of several filters excludes only namespaces meeting every one: a disjunction of negations.
  if (f.all && f.list.length > 1) return undefined;
  const out: Requirement[] = [];
  for (const filter of f.list) {
    if (Object.keys(filter).some((k) => k !== 'resources') || !isObject(filter.resources)) return undefined;
    const r = filter.resources;
    if (Object.keys(r).some((k) => !READ_RESOURCE_FIELDS.has(k) || k === 'operations')) return undefined;
    if (r.kinds !== undefined && (!Array.isArray(r.kinds) || !r.kinds.every(isNamespaceKind))) return undefined;
    const parts: Requirement[] = [];
    for (const field of ['names', 'name', 'namespaces'] as const) {
      const names = field === 'name' ? (r.name === undefined ? undefined : [r.name]) : r[field];
      if (names === undefined) continue;
      if (!Array.isArray(names) || !names.every((n): n is string => typeof n === 'string' && n !== '' && !n.includes('*') && !n.includes('?'))) return undefined;
      parts.push({ key: NAMESPACE_NAME_LABEL, op: 'NotIn', values: [...new Set(names)].sort() });
    }
    if (r.selector !== undefined) {
      // Not having one label is a NotIn; not having two at once is no single selector.
      const s = plainSelector(r.selector);
      const pairs = s ? Object.entries(s.matchLabels) : [];
      if (!s || s.expressions.length > 0 || pairs.length !== 1) return undefined;
      parts.push({ key: pairs[0][0], op: 'NotIn', values: [pairs[0][1]] });
    }
    // A filter of names and a label excludes namespaces meeting both: again a disjunction.
    if (parts.length !== 1) return undefined;
    out.push(parts[0]);
  }
  return out;
}

function isNamespaceKind(k: unknown): boolean {
  return typeof k === 'string' && (k === 'Namespace' || k.endsWith('/Namespace'));
}

