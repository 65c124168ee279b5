/**
 * Kyverno ClusterPolicy `generate` rules that make a NetworkPolicy per object of another kind: one per
 * Dragonfly, per CloudNativePG Cluster, per custom resource of the rule's `match` (real-eval 26: talos-homelab's
 * `allow-monitoring-to-{{request.object.metadata.name}}` per `dragonflydb.io/v1alpha1/Dragonfly`). The rule's
 * `generate.data` is a networking.k8s.io/v1 NetworkPolicy whose strings may name the triggering object's
 * `{{request.object.metadata.name}}` and `{{request.object.metadata.namespace}}` (spaces inside the braces
 * allowed), as `generate.name` and `generate.namespace` may; Kyverno substitutes them per object. The
 * generated policies are made once every document of the build is read (load.ts mergeDocuments), one per
 * object of the build the rule matches (`generatedPolicies`), with their rules' lines in the ClusterPolicy.
 *
 * Semantics (kyverno.io, *Generate Rules*: data source, variables of the admission request; *Selecting
 * Resources*: `match` / `exclude` of `any` (OR) or `all` (AND) resource filters, or the older bare `resources`;
 * kinds as `Kind`, `Version/Kind` or `Group/Version/Kind`, the version may be `*`; `names` and `namespaces`
 * with the wildcards `*` and `?`; `selector` on the object's labels): a filter of `kinds` (each of a kind the
 * model does not read, so its objects are kept by identity: kinds/kyverno-generate.ts reads Namespaces),
 * `names` / `name`, `namespaces`, `selector` and `operations` (creation among them) is read. Anything else —
 * other variables, `preconditions`, `context`, `clone`, `foreach`, requester filters, `annotations`,
 * `namespaceSelector`, wildcards in kinds — leaves the rule unmodelled (unmodelled-kinds.ts says it, with
 * the ClusterPolicy's file and line). Read as if `synchronize` and `generateExisting` are on (docs/input.md).
 * Objects only the cluster holds (a Dragonfly of another repository) are not known: no policy is made for them.
 */
import type { Labels, LabelSelector, NetworkPolicy, SourceRef } from '../../engine/model.js';
import { matches } from '../../engine/selectors.js';
import type { DocContext, Json } from '../context.js';
import { isObject } from '../context.js';
import { modelReadsKind } from '../model-kinds.js';
import { readNetworkPolicy } from './network-policy.js';

/** An object of a kind the model does not read, by identity: what a per-object generate rule may be triggered by. */
export interface ObjectIdentity {
  readonly apiVersion: string;
  readonly kind: string;
  /** Where the build applies it (`''` for none known). */
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly ref: SourceRef;
}

/** A rule read as a NetworkPolicy generated per matching object. */
export interface ObjectGenerate {
  /** `ClusterPolicy.kyverno.io//name/rules[i]`. */
  readonly key: string;
  /** The ClusterPolicy's object key: last copies shadow earlier ones by it. */
  readonly object: string;
  readonly matches: (o: ObjectIdentity) => boolean;
  /** The kinds its `match` names (`Dragonfly`). */
  readonly kinds: ReadonlySet<string>;
  /** The rule's line in the ClusterPolicy, and how a message names it (`Kyverno ClusterPolicy cache-scrape rules[0]`). */
  readonly ref: SourceRef;
  readonly label: string;
  /** The policy generated for `o` (which `matches`), or undefined when its name or namespace comes out empty. */
  readonly build: (o: ObjectIdentity) => NetworkPolicy | undefined;
}

interface KindPattern {
  readonly group?: string;
  readonly version?: string;
  readonly kind: string;
}

interface ResourceFilter {
  readonly kinds?: readonly KindPattern[];
  readonly names?: readonly RegExp[];
  readonly namespaces?: readonly RegExp[];
  readonly selector?: LabelSelector;
}

interface FilterBlock {
  readonly all: boolean;
  readonly list: readonly ResourceFilter[];
}

/** What `objectGenerate` reads of a rule. */
export interface ObjectRule {
  readonly match: FilterBlock;
  readonly exclude?: FilterBlock;
  readonly name: string;
  readonly namespace: string;
  readonly data: Json;
}

/** Stand-ins for the two variables while `data` is read (valid as names, label keys and values). */
const NAME_TOKEN = 'x-kyverno-object-name-x';
const NAMESPACE_TOKEN = 'x-kyverno-object-namespace-x';
const VARIABLE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const TOKENS: Readonly<Record<string, string>> = { 'request.object.metadata.name': NAME_TOKEN, 'request.object.metadata.namespace': NAMESPACE_TOKEN };
const NETWORK_POLICY_VERSION = 'networking.k8s.io/v1';

/** The rule as a NetworkPolicy generated per matching object, or undefined when it is not one this reads. Pure. */
export function objectGenerate(rule: unknown): ObjectRule | undefined {
  if (!isObject(rule) || !isObject(rule.generate)) return undefined;
  if (Object.keys(rule).some((k) => !RULE_FIELDS.has(k))) return undefined;
  const gen = rule.generate;
  if (gen.kind !== 'NetworkPolicy' || (gen.apiVersion !== undefined && gen.apiVersion !== NETWORK_POLICY_VERSION)) return undefined;
  if (gen.clone !== undefined || gen.cloneList !== undefined || gen.foreach !== undefined) return undefined;
  if (typeof gen.name !== 'string' || typeof gen.namespace !== 'string' || !isObject(gen.data) || !isObject(gen.data.spec)) return undefined;
  if (!onlyKnownVariables(gen.name) || !onlyKnownVariables(gen.namespace) || !onlyKnownVariables(gen.data)) return undefined;
  const match = filterBlock(rule.match, true);
  if (!match) return undefined;
  const exclude = rule.exclude === undefined ? undefined : filterBlock(rule.exclude, false);
  if (rule.exclude !== undefined && !exclude) return undefined;
  return { match, ...(exclude ? { exclude } : {}), name: gen.name, namespace: gen.namespace, data: gen.data };
}

/** A rule's fields besides its filters and `generate` that change nothing here; any other (`preconditions`, `context`) leaves it unread. */
const RULE_FIELDS = new Set(['name', 'match', 'exclude', 'generate', 'skipBackgroundRequests']);

/** Each ClusterPolicy rule `objectGenerate` reads, `data` validated as the API server would (errors at its lines). */
export function readObjectGenerates(ctx: DocContext, obj: Json, policyName: string, objectKey: string): ObjectGenerate[] {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const rules = Array.isArray(spec.rules) ? spec.rules : [];
  const out: ObjectGenerate[] = [];
  rules.forEach((rule, i) => {
    const read = objectGenerate(rule);
    if (!read) return;
    const name = withTokens(read.name) as string;
    const where = `NetworkPolicy ${read.name} that Kyverno ClusterPolicy ${policyName} generates per matching object (rules[${i}].generate.data)`;
    const policy = readNetworkPolicy(ctx, withTokens(read.data, ctx) as Json, '', name, where);
    if (!policy) return;
    const namespace = withTokens(read.namespace) as string;
    const build = (o: ObjectIdentity): NetworkPolicy | undefined => {
      const ns = fill(namespace, o);
      const n = fill(name, o);
      if (ns === '' || n === '') return undefined;
      return { ...(substituted(policy, o) as NetworkPolicy), id: `${ns}/${n}`, namespace: ns, name: n };
    };
    const kinds = new Set(read.match.list.flatMap((f) => (f.kinds ?? []).map((k) => k.kind)));
    const label = `Kyverno ClusterPolicy ${policyName} rules[${i}]`;
    out.push({ key: `${objectKey}/rules[${i}]`, object: objectKey, matches: (o) => blockMatches(read.match, o) && !(read.exclude && blockMatches(read.exclude, o)), kinds, build, ref: ctx.ref(rule), label });
  });
  return out;
}

/**
 * The NetworkPolicies the rules generate for the build's objects, in order (a policy id made twice keeps its
 * first), and the rules no object of the build matches: what they make for objects the cluster holds from
 * elsewhere is not known, which the loader says at the rule's line.
 */
export function generatedPolicies(rules: readonly ObjectGenerate[], objects: readonly ObjectIdentity[]): { readonly policies: NetworkPolicy[]; readonly unmatched: ObjectGenerate[] } {
  const out = new Map<string, NetworkPolicy>();
  const unmatched: ObjectGenerate[] = [];
  for (const r of rules) {
    let matched = false;
    for (const o of objects) {
      if (!r.matches(o)) continue;
      matched = true;
      const p = r.build(o);
      if (p && !out.has(p.id)) out.set(p.id, p);
    }
    if (!matched) unmatched.push(r);
  }
  return { policies: [...out.values()], unmatched };
}

/** The warning for a rule no object of the build matches. */
export function unmatchedMessage(r: ObjectGenerate): string {
  const kinds = [...r.kinds].sort();
  const what = kinds.length === 1 ? kinds[0] : `${kinds.slice(0, -1).join(', ')} or ${kinds[kinds.length - 1]}`;
  return `${r.label} generates a NetworkPolicy per ${what} it matches, and the manifests hold none: a ${what} the cluster holds from elsewhere gets a policy this analysis does not know`;
}

function onlyKnownVariables(v: unknown): boolean {
  if (typeof v === 'string') return [...v.matchAll(VARIABLE)].every((m) => TOKENS[m[1]] !== undefined) && !v.replace(VARIABLE, '').includes('{{');
  if (Array.isArray(v)) return v.every(onlyKnownVariables);
  if (isObject(v)) return Object.entries(v).every(([k, x]) => onlyKnownVariables(k) && onlyKnownVariables(x));
  return true;
}

/** `v` with each variable replaced by its stand-in; copies stand where their originals were written (ctx.alias). */
function withTokens(v: unknown, ctx?: DocContext): unknown {
  if (typeof v === 'string') return v.replace(VARIABLE, (_, expr: string) => TOKENS[expr] ?? '');
  if (Array.isArray(v)) {
    const copy = v.map((x) => withTokens(x, ctx));
    ctx?.alias(copy, v);
    return copy;
  }
  if (isObject(v)) {
    const copy = Object.fromEntries(Object.entries(v).map(([k, x]) => [withTokens(k) as string, withTokens(x, ctx)]));
    ctx?.alias(copy, v);
    return copy;
  }
  return v;
}

function fill(s: string, o: ObjectIdentity): string {
  return s.replaceAll(NAME_TOKEN, o.name).replaceAll(NAMESPACE_TOKEN, o.namespace);
}

/** `v` (a read policy's plain values) with the stand-ins filled for `o`; class instances (address sets) are kept. */
function substituted(v: unknown, o: ObjectIdentity): unknown {
  if (typeof v === 'string') return v.includes('x-kyverno-object-') ? fill(v, o) : v;
  if (Array.isArray(v)) return v.map((x) => substituted(x, o));
  if (v !== null && typeof v === 'object') {
    const proto: unknown = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    const out: Record<string, unknown> = proto === null ? (Object.create(null) as Record<string, unknown>) : {};
    for (const [k, x] of Object.entries(v)) out[fill(k, o)] = substituted(x, o);
    return out;
  }
  return v;
}

/** A `match` or `exclude` block: `any` / `all` lists, or a bare `resources`; undefined when a filter is not read. */
function filterBlock(block: unknown, isMatch: boolean): FilterBlock | undefined {
  if (!isObject(block)) return undefined;
  const keys = Object.keys(block);
  let list: unknown[];
  let all: boolean;
  if (keys.length === 1 && (keys[0] === 'any' || keys[0] === 'all') && Array.isArray(block[keys[0]])) {
    list = block[keys[0]] as unknown[];
    all = keys[0] === 'all';
  } else if (keys.length === 1 && keys[0] === 'resources') {
    list = [block];
    all = true;
  } else return undefined;
  if (list.length === 0) return undefined;
  const filters: ResourceFilter[] = [];
  for (const f of list) {
    if (!isObject(f) || Object.keys(f).some((k) => k !== 'resources') || !isObject(f.resources)) return undefined;
    const read = resourceFilter(f.resources, isMatch);
    if (!read) return undefined;
    filters.push(read);
  }
  return { all, list: filters };
}

const READ_RESOURCE_FIELDS = new Set(['kinds', 'names', 'name', 'namespaces', 'selector', 'operations']);

function resourceFilter(r: Json, isMatch: boolean): ResourceFilter | undefined {
  if (Object.keys(r).some((k) => !READ_RESOURCE_FIELDS.has(k))) return undefined;
  if (r.operations !== undefined && (!Array.isArray(r.operations) || !r.operations.includes('CREATE'))) return undefined;
  let kinds: KindPattern[] | undefined;
  if (r.kinds !== undefined || isMatch) {
    if (!Array.isArray(r.kinds) || r.kinds.length === 0) return undefined;
    kinds = [];
    for (const k of r.kinds) {
      const p = kindPattern(k);
      if (!p) return undefined;
      kinds.push(p);
    }
  }
  const names = globs([...(r.names === undefined ? [] : Array.isArray(r.names) ? r.names : [undefined]), ...(r.name === undefined ? [] : [r.name])]);
  const namespaces = r.namespaces === undefined ? [] : Array.isArray(r.namespaces) ? globs(r.namespaces) : undefined;
  if (!names || !namespaces) return undefined;
  const selector = r.selector === undefined ? undefined : plainSelector(r.selector);
  if (r.selector !== undefined && !selector) return undefined;
  return { ...(kinds ? { kinds } : {}), ...(names.length > 0 ? { names } : {}), ...(namespaces.length > 0 ? { namespaces } : {}), ...(selector ? { selector } : {}) };
}

/** `Kind`, `Version/Kind` or `Group/Version/Kind` (version `*`: any) of a kind the model does not read. */
function kindPattern(k: unknown): KindPattern | undefined {
  if (typeof k !== 'string' || k.includes('*') && !/^[^*/]+\/\*\/[^*/]+$/.test(k)) return undefined;
  const parts = k.split('/');
  if (parts.length > 3 || parts.some((p) => p === '')) return undefined;
  const kind = parts[parts.length - 1];
  // A subresource (`Pod/status`) or a lower-case name is no kind; Namespaces are read by kinds/kyverno-generate.ts, other read kinds are not kept by identity.
  if (!/^[A-Z][A-Za-z0-9]*$/.test(kind) || modelReadsKind(kind)) return undefined;
  if (parts.length === 3) return { group: parts[0], ...(parts[1] === '*' ? {} : { version: parts[1] }), kind };
  if (parts.length === 2) return { group: '', version: parts[0], kind };
  return { kind };
}

/** Names with Kyverno's wildcards (`*` any run, `?` one character) as patterns; undefined when one is not a non-empty string. */
function globs(list: readonly unknown[]): RegExp[] | undefined {
  if (!list.every((n): n is string => typeof n === 'string' && n !== '')) return undefined;
  return list.map((n) => new RegExp(`^${n.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`));
}

/** A label selector as a Kyverno rule writes it: string labels and well-formed expressions, else undefined (the rule stays unread). */
export function plainSelector(raw: unknown): LabelSelector | undefined {
  if (!isObject(raw) || Object.keys(raw).some((k) => k !== 'matchLabels' && k !== 'matchExpressions')) return undefined;
  const matchLabels: Record<string, string> = {};
  if (raw.matchLabels !== undefined) {
    if (!isObject(raw.matchLabels)) return undefined;
    for (const [k, v] of Object.entries(raw.matchLabels)) {
      if (typeof v !== 'string') return undefined;
      matchLabels[k] = v;
    }
  }
  const expressions: LabelSelector['expressions'][number][] = [];
  for (const e of Array.isArray(raw.matchExpressions) ? raw.matchExpressions : raw.matchExpressions === undefined ? [] : [undefined]) {
    if (!isObject(e) || typeof e.key !== 'string') return undefined;
    const values = e.values === undefined ? [] : e.values;
    if (!Array.isArray(values) || !values.every((v): v is string => typeof v === 'string')) return undefined;
    if (e.operator === 'In' || e.operator === 'NotIn') expressions.push({ key: e.key, op: e.operator, values });
    else if (e.operator === 'Exists' || e.operator === 'DoesNotExist') expressions.push({ key: e.key, op: e.operator, values: [] });
    else return undefined;
  }
  return { matchLabels, expressions };
}

function blockMatches(b: FilterBlock, o: ObjectIdentity): boolean {
  return b.all ? b.list.every((f) => filterMatches(f, o)) : b.list.some((f) => filterMatches(f, o));
}

function filterMatches(f: ResourceFilter, o: ObjectIdentity): boolean {
  if (f.kinds && !f.kinds.some((k) => kindMatches(k, o))) return false;
  if (f.names && !f.names.some((n) => n.test(o.name))) return false;
  if (f.namespaces && !f.namespaces.some((n) => n.test(o.namespace))) return false;
  return !f.selector || matches(f.selector, o.labels);
}

function kindMatches(k: KindPattern, o: ObjectIdentity): boolean {
  if (k.kind !== o.kind) return false;
  const slash = o.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : o.apiVersion.slice(0, slash);
  const version = o.apiVersion.slice(slash + 1);
  return (k.group === undefined || k.group === group) && (k.version === undefined || k.version === version);
}
