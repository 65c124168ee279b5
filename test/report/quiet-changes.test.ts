/**
 * A changed policy whose change shows in no path is named, with what its changed rule now admits and why no
 * path changed; when the peer's namespace is deployed from another repository, "no change" is not proven:
 * Markdown ⚠️, the check run `neutral`, the CLI's exit code unchanged (new-user trial 41, finding 3:
 * Tsuguya/home 0c93d9e added the trading collector to the filer's ingress; the trading pods' egress is
 * isolated here by a CiliumClusterwideNetworkPolicy, the trading namespace comes from another repository,
 * and the report read "✅ No change" without naming the changed policy).
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
const PEER = '        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: trading}}\n          podSelector: {matchLabels: {trading: collector}}\n';
const filerPolicy = (peers: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: filer, namespace: seaweedfs}\nspec:\n  podSelector: {matchLabels: {app: filer}}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - podSelector: {matchLabels: {app: web}}\n${peers}      ports: [{protocol: TCP, port: 8333}]\n`;
const DNS_ONLY = 'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: allow-dns}\nspec:\n  endpointSelector: {}\n  egress:\n    - toEndpoints: [{matchLabels: {k8s-app: kube-dns, io.kubernetes.pod.namespace: kube-system}}]\n      toPorts: [{ports: [{port: "53", protocol: UDP}]}]\n';
const tree = (peers: string, extra: Files = {}): Files => ({
  'apps/filer.yaml': app('filer', URL, 'manifests/filer', 'seaweedfs'),
  'apps/infra.yaml': app('infra', URL, 'manifests/infra', 'kube-system'),
  'manifests/filer/deploy.yaml': FILER,
  'manifests/filer/netpol.yaml': filerPolicy(peers),
  'manifests/infra/ccnp-dns.yaml': DNS_ONLY,
  ...extra,
});
const TRADING = { 'apps/trading.yaml': app('trading', 'https://github.com/example/trading.git', 'manifests', 'trading') };
const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
const run = (base: Files, head: Files) => analyzeTargets(asList(base), asList(head), { discover: { repoUrls: [URL] } });

describe('a changed policy that changes no path is named, with why (new-user trial 41, finding 3)', () => {
  it('its peer in a namespace another repository deploys: named with the denying policy, not proven (⚠️, neutral, a JSON field)', async () => {
    const r = await run(tree('', TRADING), tree(PEER, TRADING));
    expect(r.counts.opened + r.counts.closed).toBe(0);
    const text = targetsText(r);
    expect(text.split('\n')[0]).toMatch(/^No change in allowed connectivity; Application filer is synced by hand: this change deploys there when someone syncs it, not on merge \(see the notes\); not proven for trading: a namespace deployed from another repository/);
    expect(text).toContain('Changed, no path changes (1 policy):');
    expect(text).toMatch(/ingress rule 1 now admits trading\/\[pod with \{trading=collector\}\] on TCP 8333 \(manifests\/filer\/netpol\.yaml:\d+\): no path opens: the egress of trading\/\[pod with \{trading=collector\}\] denies it \(isolated by CiliumClusterwideNetworkPolicy allow-dns \(in trading\) \(manifests\/infra\/ccnp-dns\.yaml:1\)/);
    expect(text).toMatch(/namespace trading is deployed from another repository \(Application trading: .*apps\/trading\.yaml:1\)/);
    const md = renderTargetsMarkdown(r);
    expect(md.split('\n')[0]).toMatch(/^### ⚠️ reachdiff: /);
    expect(md).toContain('- ⚠️ namespace trading is deployed from another repository');
    expect(targetsCheckRun(r, { failOn: ['opened', 'errors'], otherChanges: 'neutral', text: '', rollbackButton: false }).conclusion).toBe('neutral');
    const json = JSON.parse(targetsJson(r)) as { quietChanges?: { policy: string; peers: { peer: string; why?: { kind: string }; elsewhere?: { namespace: string } }[] }[] };
    expect(json.quietChanges?.map((c) => [c.policy, c.peers.map((p) => [p.peer, p.why?.kind, p.elsewhere?.namespace])])).toEqual([['seaweedfs/filer', [['trading/[pod with {trading=collector}]', 'other-end', 'trading']]]]);
  });

  it('no other repository: proven (success), but the changed policy is still named with why', async () => {
    const r = await run(tree(''), tree(PEER));
    const text = targetsText(r);
    expect(text.split('\n')[0]).toMatch(/^No change in allowed connectivity[.;]/);
    expect(text.split('\n')[0]).not.toContain('not proven');
    expect(text).toContain('ingress rule 1 now admits trading/[pod with {trading=collector}] on TCP 8333');
    expect(text).not.toContain('another repository');
    expect(renderTargetsMarkdown(r)).not.toContain('not proven');
    expect(targetsCheckRun(r, { failOn: ['opened', 'errors'], otherChanges: 'neutral', text: '', rollbackButton: false }).conclusion).toBe('success');
  });

  it('over several targets: a target without a section of its own still names its quiet change, under the headline', async () => {
    const kust = (r: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [${r}]\n`;
    const files = (peers: string): Files => ({ 'a/kustomization.yaml': kust('deploy.yaml, netpol.yaml'), 'a/deploy.yaml': FILER, 'a/netpol.yaml': filerPolicy(peers), 'b/kustomization.yaml': kust('web.yaml'), 'b/web.yaml': FILER.replace(/filer/g, 'web') });
    const wide = '        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: trading}}\n';
    const r = await analyzeTargets(asList(files(wide)), asList(files(wide + PEER)));
    expect(r.targets.length).toBeGreaterThan(1);
    const text = targetsText(r);
    expect(text).toMatch(/^Changed, no path changes \(1 policy\):\n {2}seaweedfs\/filer changed \(a\/netpol\.yaml:1\)\n {4}ingress rule 1 now admits trading\/\[pod with \{trading=collector\}\] on TCP 8333/m);
    expect(renderTargetsMarkdown(r)).toContain('**Changed, no path changes (1 policy):**');
  });

  it('a peer base already admitted by another rule: "base already allowed it", with that rule, and no ⚠️ even from another repository', async () => {
    const wide = '        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: trading}}\n';
    const open = { 'manifests/infra/ccnp-dns.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: none, namespace: kube-system}\n' };
    const r = await run(tree(wide, { ...TRADING, ...open }), tree(wide + PEER, { ...TRADING, ...open }));
    const text = targetsText(r);
    expect(text.split('\n')[0]).toMatch(/^No change in allowed connectivity[.;]/);
    expect(text.split('\n')[0]).not.toContain('not proven');
    expect(text).toMatch(/now admits trading\/\[pod with \{trading=collector\}\] on TCP 8333 \(manifests\/filer\/netpol\.yaml:\d+\): no path opens: base already allowed it \(NetworkPolicy seaweedfs\/filer ingress rule 1 \(base:manifests\/filer\/netpol\.yaml:\d+\)\)/);
  });

  it('a namespace renamed under an untouched clusterwide policy: the policy is not named as changed; an edit to it still is', async () => {
    // The CiliumClusterwideNetworkPolicy is copied into every namespace: a copy that came or went with its namespace is no change of it.
    const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;
    const ccnp = (port: number) => `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: lan}\nspec:\n  endpointSelector: {}\n  egress:\n    - toEntities: [cluster]\n    - toCIDR: [10.0.0.5/32]\n      toPorts: [{ports: [{port: "${port}", protocol: TCP}]}]\n`;
    const files = (tool: string, port: number): Files => ({ 'seaweedfs/deploy.yaml': FILER, 'tools/ns.yaml': ns(tool), 'infra/ccnp.yaml': ccnp(port) });
    const renamed = targetsText(await analyzeTargets(asList(files('old-tool', 443)), asList(files('new-tool', 443))));
    expect(renamed).not.toContain('Changed, no path changes');
    expect(renamed).not.toContain('lan changed');
    // The same rename with a rule added that the cluster entity already covers: the policy changed, no path did.
    const edited = (tool: string, rule: string): Files => ({ ...files(tool, 443), 'infra/ccnp.yaml': ccnp(443).replace('    - toEntities: [cluster]\n', `    - toEntities: [cluster]\n${rule}`) });
    const both = targetsText(await analyzeTargets(asList(edited('old-tool', '')), asList(edited('new-tool', '    - toEndpoints: [{matchLabels: {app: filer}}]\n'))));
    expect(both).toContain('CiliumClusterwideNetworkPolicy lan changed');
  });
});

describe('a quiet rule that names its port (new-user trial 45, finding 2: `port: pg` was said to admit "All Connections")', () => {
  const DB = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: postgres, namespace: db}\nspec:\n  selector: {matchLabels: {app: postgres}}\n  template:\n    metadata: {labels: {app: postgres}}\n    spec: {containers: [{name: c, image: pg, ports: [{name: pg, containerPort: 5432}]}]}\n';
  const ORDERS = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: orders, namespace: api}\nspec:\n  selector: {matchLabels: {app: orders}}\n  template:\n    metadata: {labels: {app: orders}}\n    spec: {containers: [{name: c, image: orders}]}\n';
  const rule = (selector: string, ports: string) => `    - from:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: api}}\n          podSelector: ${selector}\n      ports: ${ports}\n`;
  const policy = (rules: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: postgres, namespace: db}\nspec:\n  podSelector: {matchLabels: {app: postgres}}\n  policyTypes: [Ingress]\n  ingress:\n${rules}`;
  const side = (rules: string): Files => ({ 'db.yaml': DB, 'orders.yaml': ORDERS, 'netpol.yaml': policy(rules) });
  const LABELS = '{matchLabels: {app: orders}}';
  const EXPRESSIONS = '{matchExpressions: [{key: app, operator: In, values: [orders]}]}';

  it.each([
    ['a named port', '[{port: pg}]', 'TCP pg'],
    ['a number and a named port', '[{port: 6432}, {port: pg}]', 'TCP 6432, TCP pg'],
    ['a number', '[{port: 5432}]', 'TCP 5432'],
  ])('%s: the line says the ports as written, and why no path changed (the name resolved on the workload)', async (_what, ports, said) => {
    // A second rule admitting what the first already does.
    const r = await analyzeTargets(asList(side(rule(LABELS, ports))), asList(side(rule(LABELS, ports) + rule(EXPRESSIONS, ports))));
    expect(r.counts.opened + r.counts.closed).toBe(0);
    const text = targetsText(r);
    const esc = said.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(text).toMatch(new RegExp(`ingress rule 2 now admits api/\\[pod with \\{app In \\(orders\\)\\}\\] on ${esc} \\(netpol\\.yaml:\\d+\\): no path opens: base already allowed it \\(NetworkPolicy db/postgres ingress rule 1`));
    expect(text).not.toContain('All Connections');
    const json = JSON.parse(targetsJson(r)) as { quietChanges?: { peers: { ports: string; why?: { kind: string } }[] }[] };
    expect(json.quietChanges?.[0]?.peers.map((p) => [p.ports, p.why?.kind])).toEqual([[said, 'already']]);
  });

  it('a selector rewritten to select the same pods (matchLabels as matchExpressions) is no new peer: the policy is named, no "now admits" line', async () => {
    const r = await analyzeTargets(asList(side(rule(LABELS, '[{port: pg}]'))), asList(side(rule(EXPRESSIONS, '[{port: pg}]'))));
    expect(r.counts.opened + r.counts.closed).toBe(0);
    const text = targetsText(r);
    expect(text).toMatch(/db\/postgres changed \(netpol\.yaml:1\): rules netpol\.yaml:\d+/);
    expect(text).not.toMatch(/now admits|no longer admits/);
  });
});
