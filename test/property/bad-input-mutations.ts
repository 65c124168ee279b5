/**
 * Mutations of a repository's files for the bad-input property (bad-input.test.ts): text-level (lines
 * deleted, junk inserted, re-indented, truncated, swapped, odd characters) and YAML-level (a key deleted or
 * misspelt, a value replaced by junk, wrapped, a list emptied or doubled), with Kustomize's fields
 * (`resources`, `patches`, `components` …) given missing files, cycles, URLs and bad patch targets; a
 * file rewritten as a JSON stream whatever its name (kubectl reads a text starting with `{` as JSON: some
 * with a trailing comma, some behind a comment), or with `\r\n` or lone `\r` line ends.
 * Every choice is an integer the arbitrary draws, taken modulo what the file offers, so fast-check
 * shrinks a failing case to fewer and simpler mutations.
 */
import fc from 'fast-check';
import { dirname, posix } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';

export interface Mutation {
  readonly file: number;
  readonly op: number;
  readonly at: number;
  readonly other: number;
  readonly junk: number;
}

export const OPS = [
  'delete-line',
  'insert-junk-line',
  'reindent-line',
  'append-junk',
  'truncate-lines',
  'swap-lines',
  'duplicate-line',
  'truncate-chars',
  'odd-character',
  'yaml-delete-key',
  'yaml-replace-value',
  'yaml-rename-key',
  'yaml-wrap-value',
  'yaml-list-edit',
  'kustomize-field',
  'as-json',
  'line-ends',
] as const;
export type Op = (typeof OPS)[number];

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  file: fc.nat(1000),
  op: fc.nat(OPS.length - 1),
  at: fc.nat(10000),
  other: fc.nat(10000),
  junk: fc.nat(10000),
});

/** Junk lines and tokens (the throwaway fuzzer's list, and more). */
const JUNK_TEXT = [
  ': [', '{{ .Values.x }}', '*nope', '&a', '!!binary AAA', '- - -', '\t', '"', "'", '---', '--- x', '...', 'port: 99999999999999999999',
  'port: -1', 'endPort: 1', 'protocol: ICMP', 'matchExpressions: [{key: a, operator: Bogus}]', 'matchLabels: {a: [b]}', 'namespaceSelector: null',
  'podSelector: 5', 'ipBlock: {cidr: 999.1.1.1/40}', 'ipBlock: {cidr: 10.0.0.0/8, except: [11.0.0.0/8]}', 'kind: NetworkPolicy', 'apiVersion: v9',
  'metadata: ~', 'name: ""', '<<: *x', '? complex', 'x: !!js/function "f(){}"', '\ufeff', '\u0000', 'ports: [{port: http, endPort: 90}]',
  'policyTypes: [Sideways]', 'labels: {"": x}', `labels: {a: ${'b'.repeat(300)}}`, 'resources: [nope.yaml]', 'patches: [{path: x.yaml}]',
  'namePrefix: [a]', 'components: [../../nope]', 'replacements: [{source: {kind: X}}]', 'configMapGenerator: [{name: a, files: [/etc/passwd]}]',
  'resources: [../../../../..]', 'helmCharts: [{name: x}]', 'resources: [https://example.invalid/x]', '- op: remove\n  path: /spec/ingress/5',
  'patches: [{patch: "- op: add\\n  path: /x", target: {kind: NetworkPolicy}}]', 'namespace: ""', 'labels: [{pairs: {a: b}, includeSelectors: true}]',
  'nameSuffix: -${X}', '}', ']', ',', '{', '[', '"a": 1,', 'toPorts: [{ports: [{port: "80-90"}]}]', 'toEntities: [everything]',
  'endpointSelector: {matchLabels: {k8s:io.kubernetes.pod.namespace: [x]}}', 'fromCIDRSet: [{cidr: 10.0.0.0/8, except: [x]}]', 'action: Maybe',
  'priority: -5', 'priority: 1.5', 'subject: {pods: {}}', 'networks: [::/200]', 'path: ../../..', 'sourceRef: {kind: Nope}', 'targetNamespace: [x]',
  'valuesFiles: [nope.yaml]', 'roots: []', 'targets: 5', 'findings: {disable: [NOPE]}',
];

/** Junk values for YAML-level replacement; strings naming the seed's own folders are added per file (cycles, odd includes). */
const JUNK_VALUES: unknown[] = [
  null, '', 0, -1, 1e20, 65536, 70000, 'http', true, [], {}, [null], { a: ['b'] }, 'x'.repeat(300), '999.1.1.1/40', '10.0.0.0/33', '::/129',
  '../../nope', '/etc/passwd', 'https://example.invalid/x', '.', '..', '../../../../..', 'kustomization.yaml', '${X}', '{{ .Values.x }}',
  { kind: 'X' }, [{ path: 'nope.yaml' }], [{ op: 'remove', path: '/spec/ingress/5' }], 'Bogus', [[[[[]]]]], { '': 'x' }, 'UDP', 'SCTP', 'ICMP',
  [{ patch: '- op: add\n  path: /x', target: { kind: 'NetworkPolicy' } }], [{ patch: 'kind: NetworkPolicy\nmetadata: {name: x}', target: { name: '[' } }],
  [{ path: 'nope.yaml', target: { labelSelector: '!!!' } }], ['.'], [{ key: 'a', operator: 'In' }], [{ key: 'a', operator: 'Exists', values: ['x'] }],
  { matchLabels: { a: 'b' }, matchExpressions: 'x' }, [{ port: 'http', endPort: 90 }], [{ cidr: '0.0.0.0/0', except: ['0.0.0.0/0'] }], -0.5, 'kube-system',
];

/** The Kustomize fields a `kustomize-field` mutation sets. */
const KUSTOMIZE_FIELDS = [
  'resources', 'patches', 'components', 'bases', 'namePrefix', 'nameSuffix', 'namespace', 'configMapGenerator', 'secretGenerator', 'replacements',
  'helmCharts', 'labels', 'commonLabels', 'commonAnnotations', 'patchesStrategicMerge', 'patchesJson6902', 'crds', 'generators', 'transformers',
  'images', 'replicas', 'kind', 'apiVersion', 'buildMetadata', 'openapi',
];

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length];

/**
 * `files` (path → text) after `mutations`, each on the file of index `file` among `mutable` (sorted paths):
 * the paths those mutations touched, and the files. `folders`: the repository's folders, whose relative
 * paths are junk values too (a kustomization naming its own folder or a parent makes a cycle).
 */
export function mutate(files: Readonly<Record<string, string>>, mutable: readonly string[], folders: readonly string[], mutations: readonly Mutation[]): { files: Record<string, string>; touched: string[] } {
  const out: Record<string, string> = { ...files };
  const touched: string[] = [];
  for (const m of mutations) {
    const path = pick(mutable, m.file);
    const relative = folders.map((f) => posix.relative(dirname(path), f) || '.');
    out[path] = mutateText(out[path], path, m, relative);
    if (!touched.includes(path)) touched.push(path);
  }
  return { files: out, touched };
}

function mutateText(text: string, path: string, m: Mutation, folders: readonly string[]): string {
  const op = OPS[m.op % OPS.length];
  if (op === 'as-json') return asJson(text, m) ?? lineMutation(text, 'append-junk', m);
  if (op === 'line-ends') return text.replace(/\r?\n/g, pick(['\r', '\r\n'], m.other));
  if (op.startsWith('yaml-') || op === 'kustomize-field') return yamlMutation(text, path, op, m, folders) ?? lineMutation(text, 'append-junk', m);
  return lineMutation(text, op, m);
}

function lineMutation(text: string, op: Op, m: Mutation): string {
  const lines = text.split('\n');
  const i = m.at % lines.length;
  const junk = pick(JUNK_TEXT, m.junk);
  switch (op) {
    case 'delete-line': lines.splice(i, 1); break;
    case 'insert-junk-line': lines.splice(i, 0, junk); break;
    case 'reindent-line': lines[i] = ' '.repeat(m.other % 7) + lines[i].trimStart(); break;
    case 'truncate-lines': return lines.slice(0, i).join('\n');
    case 'swap-lines': { const j = m.other % lines.length; [lines[i], lines[j]] = [lines[j], lines[i]]; break; }
    case 'duplicate-line': lines.splice(i, 0, lines[i]); break;
    case 'truncate-chars': return text.slice(0, m.at % (text.length + 1));
    case 'odd-character': { const k = m.at % (text.length + 1); return text.slice(0, k) + pick(['\t', '\ufeff', '\u0000', '\r', '"', "'", '#', ',', '\u00a0', '\\'], m.junk) + text.slice(k); }
    default: lines[i] = `${lines[i]} ${junk}`;
  }
  return lines.join('\n');
}

/**
 * The file's documents as a JSON stream, one value after another (kubectl decodes each; Kustomize reads the
 * first): as written, with a trailing comma kubectl refuses at a drawn value, or behind a comment line
 * (then YAML again). `undefined` when the file does not parse.
 */
function asJson(text: string, m: Mutation): string | undefined {
  const parsed = parseAllDocuments(text);
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.some((d) => d.errors.length > 0)) return undefined;
  const values = parsed.map((d) => JSON.stringify(d.toJS({ maxAliasCount: -1 }) ?? null, null, m.at % 2 === 0 ? 2 : undefined));
  const broken = m.other % 3 === 1 ? m.junk % values.length : -1;
  const stream = values.map((v, i) => (i === broken ? v.replace(/\}$/, ',}') : v)).join('\n') + '\n';
  return m.other % 3 === 2 ? `# rewritten as JSON\n${stream}` : stream;
}

type Json = unknown;
type Container = Record<string, Json> | Json[];

/** A YAML-level mutation, or `undefined` when the file does not parse (the caller mutates its text instead). */
function yamlMutation(text: string, path: string, op: Op, m: Mutation, folders: readonly string[]): string | undefined {
  const parsed = parseAllDocuments(text);
  if (!Array.isArray(parsed) || parsed.length === 0 || parsed.some((d) => d.errors.length > 0)) return undefined;
  const docs = parsed.map((d) => d.toJS({ maxAliasCount: -1 }) as Json);
  const d = m.at % docs.length;
  const junkValues = [...JUNK_VALUES, ...folders, ...folders.map((f) => [f]), ...folders.map((f) => `./${f}`)];
  const junk = pick(junkValues, m.junk);
  if (op === 'kustomize-field') {
    if (!isMap(docs[d])) return undefined;
    (docs[d] as Record<string, Json>)[pick(KUSTOMIZE_FIELDS, m.other)] = junk;
  } else {
    const slots = containers(docs[d]);
    if (slots.length === 0) return undefined;
    const [holder, key] = pick(slots, m.other);
    editSlot(holder, key, op, junk);
  }
  if (/\.json$/i.test(path) && docs.length === 1) return `${JSON.stringify(docs[0], null, 2)}\n`;
  return docs.map((doc) => stringify(doc, { aliasDuplicateObjects: false })).join('---\n');
}

function editSlot(holder: Container, key: string | number, op: Op, junk: Json): void {
  const value = (holder as Record<string | number, Json>)[key];
  switch (op) {
    case 'yaml-delete-key':
      if (Array.isArray(holder)) holder.splice(key as number, 1);
      else delete holder[key as string];
      break;
    case 'yaml-rename-key':
      if (!Array.isArray(holder)) {
        delete holder[key as string];
        holder[typo(String(key))] = value;
      } else (holder as Json[])[key as number] = junk;
      break;
    case 'yaml-wrap-value':
      (holder as Record<string | number, Json>)[key] = Array.isArray(value) ? { items: value } : [value];
      break;
    case 'yaml-list-edit':
      (holder as Record<string | number, Json>)[key] = Array.isArray(value) ? (value.length === 0 ? [junk] : [...value, ...value]) : [];
      break;
    default:
      (holder as Record<string | number, Json>)[key] = junk;
  }
}

/** Misspelt: a letter dropped or a case changed, as hands do. */
function typo(key: string): string {
  if (key.length > 3) return key.slice(0, 1) + key.slice(2);
  return key.toUpperCase() === key ? key.toLowerCase() : key.toUpperCase();
}

const isMap = (v: Json): v is Record<string, Json> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every (container, key) slot of a document, depth first. */
function containers(root: Json): [Container, string | number][] {
  const out: [Container, string | number][] = [];
  const visit = (v: Json, depth: number): void => {
    if (depth > 40) return;
    if (Array.isArray(v)) v.forEach((x, i) => { out.push([v, i]); visit(x, depth + 1); });
    else if (isMap(v)) for (const [k, x] of Object.entries(v)) { out.push([v, k]); visit(x, depth + 1); }
  };
  visit(root, 0);
  return out;
}
