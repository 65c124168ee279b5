/**
 * targets/changed-objects.ts names each plain file's objects from the loader's read of its text when the
 * process holds one (manifests/load.ts `namedDocumentsOf`), instead of parsing the file again: the answer must
 * be the one a cold process parses, and a read of another text at the same path must never name a file's objects.
 */
import { changedObjects } from '../../src/targets/changed-objects.js';
import { clearLoadedFiles, loadManifests, namedDocumentsOf } from '../../src/manifests/load.js';
import { namedDocuments } from '../../src/manifests/named-documents.js';
import { parseDocuments } from '../../src/manifests/yaml-documents.js';

const policy = (name: string, app: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: sys}\nspec:\n  podSelector: {matchLabels: {app: ${app}}}\n  policyTypes: [Ingress]\n`;
const helm = (name: string) => `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: ${name}, namespace: ''}\nspec: {chart: {spec: {chart: ${name}}}}\n`;
// Objects the loader does not model or reads otherwise: no apiVersion, an empty namespace, a List, a document that fails to parse.
const odd = `kind: Widget\nmetadata: {name: w, namespace: other}\n---\napiVersion: v1\nkind: List\nmetadata: {name: l}\nitems: []\n---\nkind: [unclosed\n---\n${helm('h2')}`;
const files = (o: Record<string, string>) => Object.entries(o).map(([path, text]) => ({ path, text, defaultNamespace: 'dflt' }));
const keys = (r: ReturnType<typeof changedObjects>) => ({ removed: r[0].removed.map((o) => `${o.kind}/${o.namespace ?? ''}/${o.name}`).sort(), held: r.map((x) => x.held.map((o) => `${o.kind}/${o.namespace ?? ''}/${o.name}`).sort()) });

describe("changed objects named from the loader's reads", () => {
  afterEach(() => clearLoadedFiles());

  it('names what a parse names, objects the loader does not model included', () => {
    for (const text of [odd, helm('h'), policy('p', 'x'), '', 'not: [yaml']) {
      const cold = namedDocuments(parseDocuments(text, 'kubectl', false));
      loadManifests(files({ 'a.yaml': text }));
      expect(namedDocumentsOf({ text })).toEqual(cold);
      clearLoadedFiles();
    }
  });

  it('gives a warm process the answer of a cold one', () => {
    const base = files({ 'a.yaml': `${policy('p', 'x')}---\n${helm('h')}---\n${odd}`, 'b.yaml': policy('q', 'y'), 'c.yaml': `${helm('x')}` });
    const head = files({ 'b.yaml': policy('q', 'y'), 'c.yaml': `${helm('x')}`, 'd.yaml': odd });
    const models = [{ base, head }, { base: files({ 'e.yaml': helm('e') }), head: files({ 'e.yaml': `${helm('e')}---\nkind: Svc\nmetadata: {name: x-holder, labels: {app: x}}\n` }) }];
    const cold = keys(changedObjects(models));
    expect(cold.removed).toContain('NetworkPolicy/sys/p');
    loadManifests(base);
    loadManifests(head);
    loadManifests(models[1].head);
    expect(keys(changedObjects(models))).toEqual(cold);
  });

  it('a read of another text at the same path names nothing of this one', () => {
    // The first push removes gone-pol and reads a.yaml (its text names gone-pol); the next push's a.yaml
    // defines a Widget instead of p: p is removed too, as a cold process says.
    const a1 = `# was gone-pol's\n${policy('p', 'x')}`;
    const a2 = `# was gone-pol's\nkind: Widget\nmetadata: {name: p, namespace: sys}\n`;
    const base = files({ 'a.yaml': a1, 'gone.yaml': policy('gone-pol', 'pp') });
    const first = files({ 'a.yaml': a1 });
    const next = files({ 'a.yaml': a2 });
    loadManifests(base);
    loadManifests(first);
    expect(keys(changedObjects([{ base, head: first }])).removed).toEqual(['NetworkPolicy/sys/gone-pol']);
    loadManifests(next);
    const warm = keys(changedObjects([{ base, head: next }]));
    clearLoadedFiles();
    expect(warm).toEqual(keys(changedObjects([{ base, head: next }])));
    expect(warm.removed).toEqual(['NetworkPolicy/sys/gone-pol', 'NetworkPolicy/sys/p']);
    expect(namedDocumentsOf(next[0])).toEqual([{ kind: 'Widget', name: 'p', namespace: 'sys' }]);
  });
});
