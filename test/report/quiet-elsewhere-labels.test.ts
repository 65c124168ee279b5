/**
 * A quiet change's peer that picks namespaces by label counts as one naming the namespace does, where another
 * repository deploys a namespace its selector picks: ⚠️, the check run neutral, "no change" not proven (ux42's
 * leftover 3: only a peer naming `trading` was matched; `[namespace with {team=trading}]` read ✅).
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { renderTargetsMarkdown } from '../../src/report/targets-markdown.js';
import { targetsText } from '../../src/report/targets-text.js';
import { targetsCheckRun } from '../../src/report/targets-check-run.js';
import { targetsJson } from '../../src/report/targets-json.js';

type Files = Record<string, string>;
const URL = 'https://github.com/example/home';
const app = (name: string, repo: string, path: string, namespace: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: ${name}, namespace: argocd}\nspec:\n  project: default\n  source: {repoURL: "${repo}", path: ${path}}\n  destination: {server: "https://kubernetes.default.svc", namespace: ${namespace}}\n`;
const FILER = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: filer, namespace: seaweedfs}\nspec:\n  selector: {matchLabels: {app: filer}}\n  template:\n    metadata: {labels: {app: filer}}\n    spec: {containers: [{name: c, image: filer}]}\n';
const filerPolicy = (peers: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: filer, namespace: seaweedfs}\nspec:\n  podSelector: {matchLabels: {app: filer}}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - podSelector: {matchLabels: {app: web}}\n${peers}      ports: [{protocol: TCP, port: 8333}]\n`;
const DNS_ONLY = 'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: allow-dns}\nspec:\n  endpointSelector: {}\n  egress:\n    - toEndpoints: [{matchLabels: {k8s-app: kube-dns, io.kubernetes.pod.namespace: kube-system}}]\n      toPorts: [{ports: [{port: "53", protocol: UDP}]}]\n';
const TRADING_NS = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: trading\n  labels: {team: trading}\n';
const tree = (peers: string): Files => ({
  'apps/filer.yaml': app('filer', URL, 'manifests/filer', 'seaweedfs'),
  'apps/infra.yaml': app('infra', URL, 'manifests/infra', 'kube-system'),
  'apps/trading.yaml': app('trading', 'https://github.com/example/trading.git', 'manifests', 'trading'),
  'manifests/filer/deploy.yaml': FILER,
  'manifests/filer/netpol.yaml': filerPolicy(peers),
  'manifests/infra/ccnp-dns.yaml': DNS_ONLY,
  'manifests/infra/ns-trading.yaml': TRADING_NS,
});
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
const run = (base: Files, head: Files) => analyzeTargets(asList(base), asList(head), { discover: { repoUrls: [URL] } });
const byLabels = (ns: string) => `        - namespaceSelector: {${ns}}\n          podSelector: {matchLabels: {trading: collector}}\n`;
const OPTIONS = { failOn: ['opened', 'errors'], otherChanges: 'neutral', text: '', rollbackButton: false } as const;

describe('a quiet peer picking namespaces by label, one of which another repository deploys (ux42 left 3)', () => {
  it('matchLabels of the declared Namespace: ⚠️, neutral, not proven, and the selector in the JSON', async () => {
    const r = await run(tree(''), tree(byLabels('matchLabels: {team: trading}')));
    expect(r.counts.opened + r.counts.closed).toBe(0);
    const text = targetsText(r);
    expect(text.split('\n')[0]).toMatch(/^No change in allowed connectivity; Application filer is synced by hand: this change deploys there when someone syncs it, not on merge \(see the notes\); not proven for /);
    expect(text).toMatch(/now admits \[namespace with \{team=trading\}\]\/\[pod with \{trading=collector\}\] on TCP 8333/);
    expect(text).toMatch(/namespace trading, which its namespace selector picks, is deployed from another repository \(Application trading: .*apps\/trading\.yaml:1\)/);
    expect(renderTargetsMarkdown(r)).toContain('- ⚠️ namespace trading, which its namespace selector picks, is deployed from another repository');
    expect(targetsCheckRun(r, OPTIONS).conclusion).toBe('neutral');
    const json = JSON.parse(targetsJson(r)) as { quietChanges?: { peers: { namespaceSelector?: unknown; elsewhere?: { namespace: string } }[] }[] };
    expect(json.quietChanges?.[0].peers.map((p) => [p.namespaceSelector, p.elsewhere?.namespace])).toEqual([[{ matchLabels: { team: 'trading' } }, 'trading']]);
  });

  it('matchExpressions that pick no namespace deployed elsewhere: no mark, proven', async () => {
    const r = await run(tree(''), tree(byLabels('matchExpressions: [{key: team, operator: In, values: [crypto]}]')));
    expect(targetsText(r)).not.toContain('is deployed from another repository');
    expect(targetsText(r).split('\n')[0]).not.toContain('not proven');
    const json = JSON.parse(targetsJson(r)) as { quietChanges?: { peers: { namespaceSelector?: unknown; elsewhere?: unknown }[] }[] };
    expect(json.quietChanges?.[0].peers.map((p) => [p.namespaceSelector, p.elsewhere])).toEqual([[{ matchExpressions: [{ key: 'team', operator: 'In', values: ['crypto'] }] }, undefined]]);
  });

  it('matchExpressions on the name label: marked as by name', async () => {
    const r = await run(tree(''), tree(byLabels('matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [trading, crypto]}]')));
    expect(targetsText(r)).toContain('namespace trading, which its namespace selector picks, is deployed from another repository');
    expect(targetsCheckRun(r, OPTIONS).conclusion).toBe('neutral');
  });
});

describe('a quiet peer in the namespace of a Flux Kustomization told with others of its kind of source', () => {
  // Modelled on clusters whose apps of other repositories' GitRepositories are one EXTERNAL_SOURCE note: the
  // namespace of the second one is another repository's all the same.
  const foreign = (name: string, namespace: string) =>
    `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  url: https://github.com/other/${name}\n  ref: {branch: main}\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: ${name}, namespace: flux-system}\nspec:\n  path: ./deploy\n  targetNamespace: ${namespace}\n  sourceRef: {kind: GitRepository, name: ${name}}\n`;
  const side = (peers: string): Files => ({
    'clusters/a/media.yaml': foreign('media', 'media'),
    'clusters/b/trading.yaml': foreign('trading', 'trading'),
    'manifests/filer/deploy.yaml': FILER,
    'manifests/filer/netpol.yaml': filerPolicy(peers),
    'manifests/infra/ns-trading.yaml': TRADING_NS,
    'manifests/infra/ccnp-dns.yaml': DNS_ONLY,
  });
  it('the second Kustomization\'s namespace is marked as deployed from another repository', async () => {
    const r = await run(side(''), side(byLabels('matchLabels: {kubernetes.io/metadata.name: trading}')));
    expect(r.notices.filter((n) => n.code === 'EXTERNAL_SOURCE').map((n) => n.ref?.file)).toEqual(['clusters/a/media.yaml']);
    expect(targetsText(r)).toMatch(/not proven for trading: a namespace deployed from another repository/);
    expect(targetsText(r)).toMatch(/namespace trading is deployed from another repository \(Flux Kustomization trading: .*clusters\/b\/trading\.yaml:8\)/);
  });
});
