/**
 * New-user trial 41, finding 11: output that floods. `explain` lists the warnings of the files it cites (and
 * every error) and counts the rest, where it listed all 132 UNSUPPORTED_PEER warnings of the repository; the
 * notes of Argo CD Applications whose charts come from chart repositories are one note, as Flux
 * HelmReleases' are, where each printed its own line after every report. The JSON keeps every warning and notice.
 */
import { main } from '../../src/cli/main.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { targetsText } from '../../src/report/targets-text.js';
import { targetsJson } from '../../src/report/targets-json.js';
import { tempFolder } from '../helpers/git.js';

const deploy = (ns: string, app: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${app}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${app}}}\n  template:\n    metadata: {labels: {app: ${app}}}\n    spec: {containers: [{name: c, image: x}]}\n`;
const fqdn = (ns: string) => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: out, namespace: ${ns}}\nspec:\n  endpointSelector: {}\n  egress:\n    - toFQDNs: [{matchName: example.com}]\n`;
const ingress = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: api, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: api}}\n  ingress:\n    - from: [{podSelector: {matchLabels: {app: web}}}]\n';

describe('output that floods (new-user trial 41, finding 11)', () => {
  it('explain: the warnings of the files it cites; the others counted, all in the JSON', async () => {
    const root = await tempFolder({ 'shop.yaml': deploy('shop', 'web') + '---\n' + deploy('shop', 'api'), 'shop-policy.yaml': ingress, 'a.yaml': fqdn('a'), 'b.yaml': fqdn('b'), 'c.yaml': fqdn('c') });
    const out = await main(['explain', root, '--from', 'shop/web', '--to', 'shop/api']);
    expect(out.stdout).toContain('ALLOWED');
    expect(out.stdout).not.toContain('toFQDNs');
    expect(out.stdout).toContain('3 other warnings, about files this answer does not cite (all listed with --format json).');
    const json = JSON.parse((await main(['explain', root, '--from', 'shop/web', '--to', 'shop/api', '--format', 'json'])).stdout) as { warnings: { file: string }[] };
    expect(json.warnings.map((w) => w.file).sort()).toEqual(['a.yaml', 'b.yaml', 'c.yaml']);
    // A warning in a file the answer cites stays listed.
    const cited = await tempFolder({ 'shop.yaml': deploy('shop', 'web') + '---\n' + deploy('shop', 'api'), 'shop-policy.yaml': ingress + '---\n' + fqdn('shop') });
    const near = await main(['explain', cited, '--from', 'shop/web', '--to', 'shop/api']);
    expect(near.stdout).toMatch(/Warnings:\n {2}shop-policy\.yaml:\d+: warning: .*toFQDNs/);
    expect(near.stdout).not.toContain('other warning');
  });

  it('Argo CD Applications of charts from chart repositories: one note naming a few, each in the JSON', async () => {
    const URL = 'https://github.com/example/home';
    const app = (name: string) => `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: ${name}, namespace: argocd}\nspec:\n  source: {repoURL: "https://charts.example.org", chart: ${name}, targetRevision: 1.0.0}\n  destination: {server: "https://kubernetes.default.svc", namespace: ${name}}\n`;
    const own = `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: shop, namespace: argocd}\nspec:\n  source: {repoURL: "${URL}", path: manifests/shop}\n  destination: {server: "https://kubernetes.default.svc", namespace: shop}\n`;
    const files = (policy: string) => Object.entries({ 'apps/alloy.yaml': app('alloy'), 'apps/loki.yaml': app('loki'), 'apps/tempo.yaml': app('tempo'), 'apps/kyverno.yaml': app('kyverno'), 'apps/shop.yaml': own, 'manifests/shop/app.yaml': deploy('shop', 'api'), 'manifests/shop/policy.yaml': policy }).map(([path, text]) => ({ path, text }));
    const r = await analyzeTargets(files(ingress), files(ingress.replace('app: web', 'app: front')), { discover: { repoUrls: [URL] } });
    const text = targetsText(r);
    expect(text).toContain("note: 4 Argo CD Applications' charts are not in this repository (alloy, loki, tempo, kyverno; the JSON lists each chart with its line)");
    expect(text).not.toContain('Application alloy: chart');
    const json = JSON.parse(targetsJson(r)) as { notices: { code: string; message: string }[] };
    expect(json.notices.filter((n) => n.code === 'EXTERNAL_SOURCE')).toHaveLength(4);
  });
});
