/**
 * Alternative bundles are said once, on the Targets line, and the verdict of a change that changes nothing is
 * short (new-user trial 41, finding 9: re25-james 81771f0 read a 600-character verdict naming four targets and
 * three pairs of bundles, then the pairs again on the Targets line and in a note). A target that changes keeps
 * the pairs in the headline, where they say what its verdict means (deployment-model.test.ts).
 */
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const deployment = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: x}]}\n`;
const config = (v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: shop}\ndata: {level: "${v}"}\n`;
const tree = (v: string) => ({ 'install.yaml': deployment('api'), 'ha/install.yaml': deployment('api'), 'dev/install.yaml': deployment('api'), 'web.yaml': deployment('web') + '---\n' + config(v) });
const count = (text: string, part: string) => text.split(part).length - 1;

describe('alternative bundles, said once (new-user trial 41, finding 9)', () => {
  it('nothing changed: "No change in allowed connectivity (3 targets)."; the pairs once, on the Targets line, in text and Markdown', async () => {
    const [base, head] = [await tempFolder(tree('1')), await tempFolder(tree('2'))];
    const text = (await main(['diff', base, head])).stdout;
    expect(text.split('\n')[0]).toBe('No change in allowed connectivity (3 targets).');
    const targetsLine = text.split('\n').find((l) => l.startsWith('Targets: '))!;
    expect(count(targetsLine, 'both define Deployment shop/api')).toBeGreaterThan(0);
    expect(count(text, 'both define Deployment shop/api')).toBe(count(targetsLine, 'both define Deployment shop/api'));
    expect(text).toMatch(/^Targets: .*alternative bundles.* Analysed apart, never applied together in one namespace \(no path between them is reported\): .*both define Deployment shop\/api.*; if they are copies for different namespaces of one cluster, set namespaceFromPath\.$/m);
    expect(text).not.toMatch(/^note: .*both define/m);
    const md = (await main(['diff', base, head, '--format', 'md'])).stdout;
    expect(md.split('\n')[0]).toBe('### ✅ reachdiff: No change in allowed connectivity (3 targets).');
    expect(count(md, 'both define Deployment shop/api')).toBe(count(targetsLine, 'both define Deployment shop/api'));
    // The JSON keeps the notice as it was.
    const json = JSON.parse((await main(['diff', base, head, '--format', 'json'])).stdout) as { notices: { code: string; message: string }[] };
    expect(json.notices.find((n) => n.code === 'ALTERNATIVE_BUNDLES')?.message).toMatch(/set namespaceFromPath$/);
  });

  it('a bundle changed: the pairs in the headline, where they say what its verdict means, and not again below', async () => {
    const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  policyTypes: [Ingress]\n';
    const base = tree('1');
    const head = { ...base, 'ha/install.yaml': `${base['ha/install.yaml']}---\n${policy}` };
    const text = (await main(['diff', await tempFolder(base), await tempFolder(head), '--fail-on', 'never'])).stdout;
    const first = text.split('\n')[0];
    expect(first).toMatch(/ Analysed apart as alternative bundles: .*both define Deployment shop\/api/);
    expect(count(text, 'both define Deployment shop/api')).toBe(count(first, 'both define Deployment shop/api'));
    expect(text).toMatch(/^Targets: .* Analysed apart, never applied together in one namespace \(no path between them is reported\) as the verdict says; if they are copies for different namespaces of one cluster, set namespaceFromPath\.$/m);
  });
});
