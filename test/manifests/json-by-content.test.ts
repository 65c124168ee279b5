/**
 * A file is JSON or YAML by its text, as kubectl decides (apimachinery YAMLOrJSONDecoder): one whose first
 * character that is not white space is `{` is a stream of strict JSON values, whatever its name (`.yaml`,
 * `.yml`); any other text is YAML documents, a `.json` file too. Checked with kubectl 1.32 (`kubectl label
 * --local -f`): a `.yaml` file `{…,}` is refused ("invalid character '}' looking for beginning of object
 * key string"), two JSON objects in a `.yml` file are both applied, a `.json` file of YAML documents is
 * applied, a comment first makes it YAML. reachdiff took only `.json` files for JSON (the three read
 * wrong). Kustomize reads every file as YAML (`kubectl kustomize` 5.5: a trailing comma is built, and of
 * a JSON stream the first value only): the build follows it, with a warning at the line where kubectl would
 * read the file otherwise.
 */
import { renderKustomization } from '../../src/kustomize/index.js';
import { loadManifests } from '../../src/manifests/load.js';
import type { LoadResult } from '../../src/manifests/load.js';

const load = (path: string, text: string): LoadResult => loadManifests([{ path, text }]);
const diag = (r: { diagnostics: readonly { code: string; severity: string; ref: { file: string; line: number } }[] }) => r.diagnostics.map((d) => [d.code, d.severity, d.ref.file, d.ref.line]);
const policies = (r: LoadResult) => r.cluster.policies.map((p) => p.name);
const policy = (name: string, comma = '') => `{"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",\n "metadata": {"name": "${name}", "namespace": "shop"${comma}},\n "spec": {"podSelector": {}}}\n`;

describe('as kubectl apply -f reads a file', () => {
  it('a .yaml file starting with "{" is strict JSON: a trailing comma is an error at its line, the policy not read', () => {
    const r = load('deny.yaml', `\n  ${policy('deny', ',')}`);
    expect(policies(r)).toEqual([]);
    expect(diag(r)).toEqual([['YAML_SYNTAX', 'error', 'deny.yaml', 3]]);
    expect(r.diagnostics[0].message).toMatch(/trailing comma/);
  });

  it('a .yml file of two JSON objects: both read, each at its line', () => {
    const r = load('both.yml', policy('a') + policy('b'));
    expect(policies(r)).toEqual(['a', 'b']);
    expect(r.cluster.policies.map((p) => p.ref.line)).toEqual([1, 4]);
    expect(r.diagnostics).toEqual([]);
  });

  it('a JSON stream with an error in its second object: the first is read, the error at its line', () => {
    const r = load('both.yaml', policy('a') + policy('b', ','));
    expect(policies(r)).toEqual(['a']);
    expect(diag(r)).toEqual([['YAML_SYNTAX', 'error', 'both.yaml', 5]]);
  });

  it('a .json file of YAML documents is YAML; a comment before "{" makes a file YAML (its trailing comma accepted)', () => {
    const ns = (n: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${n}\n`;
    const r = load('ns.json', `${ns('shop')}---\n${ns('web')}`);
    expect(r.cluster.namespaces.map((n) => n.name)).toEqual(['shop', 'web']);
    expect(r.diagnostics).toEqual([]);
    const c = load('deny.yaml', `# the default deny\n${policy('deny', ',')}`);
    expect(policies(c)).toEqual(['deny']);
    expect(c.diagnostics).toEqual([]);
  });
});

describe('as Kustomize reads a resource', () => {
  const build = (files: Record<string, string>) => renderKustomization(new Map(Object.entries({ 'kustomization.yaml': `resources:\n${Object.keys(files).map((f) => `- ${f}\n`).join('')}`, ...files })), '');
  const names = (r: ReturnType<typeof build>) => r.objects.map((o) => (o.value.metadata as { name: string }).name);

  it('a JSON stream: the first object built, a warning at the second (kubectl would apply it)', () => {
    const r = build({ 'stream.yml': policy('a') + policy('b') });
    expect(names(r)).toEqual(['a']);
    expect(diag(r)).toEqual([['YAML_SYNTAX', 'warning', 'stream.yml', 4]]);
    expect(r.diagnostics[0].message).toBe('stream.yml: Kustomize reads only the first JSON value of this file and drops the rest (lines 4-6), which `kubectl apply -f` would apply: put each object in a file of its own');
  });

  it('a trailing comma: built, with a warning at its line that kubectl refuses the file', () => {
    const r = build({ 'deny.yaml': policy('deny', ',') });
    expect(names(r)).toEqual(['deny']);
    expect(diag(r)).toEqual([['YAML_SYNTAX', 'warning', 'deny.yaml', 2]]);
    expect(r.diagnostics[0].message).toMatch(/^deny\.yaml: Kustomize reads this file as YAML and builds it, but `kubectl apply -f` reads it as JSON \(it starts with "\{"\) and refuses it: a comma before "\}"/);
  });
});
