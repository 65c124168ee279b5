/**
 * Controller objects that are templates, test fixtures or samples are not deployments
 * (src/targets/not-deployments.ts): a Go-template Flux Kustomization kept as a CLI's test fixture, or a
 * tool's sample ApplicationSet under `examples/`, must not become the repository's targets, hiding the real
 * kustomization; a notice names it (file:line). Flux `${VAR}` in the manifests a Kustomization renders
 * stays legitimate.
 */
import { diffSides } from '../helpers/folder-diff.js';
import { mayHoldObject } from '../../src/cli/manifest-presence.js';
import { discoverTargets } from '../../src/targets/discover.js';
import { RepoFiles } from '../../src/targets/repo-files.js';

const repo = (files: Record<string, string>) => new RepoFiles(Object.entries(files).map(([path, text]) => ({ path, text })));

/** A Flux Kustomization of a CLI's Go-template fixture: its namespace is unrendered, its source is nowhere here. */
const FIXTURE = `# rendered by the CLI's tests before use
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: sample
  namespace: {{ .namespace }}
spec:
  interval: 5m
  sourceRef: {kind: GitRepository, name: sample}
  path: ./
`;

const POLICY = (extra: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: admit-probes}
spec:
  podSelector: {matchLabels: {app: agent}}
  policyTypes: [Ingress]
  ingress:
  - from: [{namespaceSelector: {}}]
${extra}`;

const DEPLOY_KUSTOMIZATION = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: agents
resources: [policy.yaml]
`;

describe('controller objects that are templates or test fixtures', () => {
  it('a Go-template Flux Kustomization under testdata/ is no target: the real kustomization is, in its namespace, with a notice', async () => {
    const common = { 'tools/cli/testdata/sync.yaml': FIXTURE, 'deploy/kustomization.yaml': DEPLOY_KUSTOMIZATION };
    const root = diffSides({ base: { ...common, 'deploy/policy.yaml': POLICY('') }, head: { ...common, 'deploy/policy.yaml': POLICY('    ports: [{port: 8443}]\n') } });
    const out = await root.run('--format', 'json');
    const json = JSON.parse(out.stdout) as { pairs: { dst: { id: string } }[]; targets: { name: string }[]; notices: { code: string; message: string; file?: string; line?: number }[] };
    expect(json.targets.map((t) => t.name)).toEqual(['deploy']);
    expect(json.pairs.map((p) => p.dst.id)).toEqual(['agents/[pod with {app=agent}]']);
    const notice = json.notices.find((n) => n.code === 'NOT_DEPLOYED');
    expect(notice).toEqual(expect.objectContaining({ file: 'tools/cli/testdata/sync.yaml', line: 2 }));
    expect(notice?.message).toMatch(/Flux Kustomization sample is not taken as a deployment: it is a template \(metadata\.namespace is an unquoted Go template/);
    expect(notice?.message).toMatch(/test-fixture folder tools\/cli\/testdata\//);
  });

  it('an unquoted {{ … }} reaches no raw Node warning through the manifest check', () => {
    const warnings: unknown[] = [];
    const emit = process.emitWarning;
    process.emitWarning = (w: string | Error) => void warnings.push(w);
    try {
      expect(mayHoldObject({ path: 'x/sync.yaml', text: FIXTURE })).toBe(true);
    } finally {
      process.emitWarning = emit;
    }
    expect(warnings).toEqual([]);
  });

  it('a template outside fixture folders: ${VAR} in spec.path or {{ }} in an Application destination is named and skipped', () => {
    const flux = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  sourceRef: {kind: GitRepository, name: flux-system}\n  path: ./apps/${CLUSTER}\n';
    const app = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: web}\nspec:\n  source: {repoURL: 'https://github.com/acme/gitops', path: apps/web}\n  destination: {server: 'https://kubernetes.default.svc', namespace: '{{ .Values.ns }}'}\n";
    const sel = discoverTargets(repo({ 'clusters/apps.yaml': flux, 'argo/web.yaml': app, 'apps/web/d.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n' }));
    expect(sel.targets.map((t) => t.name)).toEqual(['plain manifests']);
    expect(sel.notices.map((n) => [n.code, n.message, n.ref?.file])).toEqual([
      ['NOT_DEPLOYED', 'Flux Kustomization apps is not taken as a deployment: it is a template (spec.path is `./apps/${CLUSTER}`)', 'clusters/apps.yaml'],
      ['NOT_DEPLOYED', 'Argo CD Application web is not taken as a deployment: it is a template (spec.destination.namespace is `{{ .Values.ns }}`)', 'argo/web.yaml'],
    ]);
    // The skipped objects' files are not read as plain manifests either.
    expect(sel.targets[0].roots).toEqual(['apps/web/d.yaml']);
  });

  it('${VAR} in the manifests a Flux Kustomization renders, and an escaped $${VAR} in its own fields, keep it a target', () => {
    const flux = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  sourceRef: {kind: GitRepository, name: flux-system}\n  path: ./apps\n  postBuild:\n    substitute: {NS: shop, NOTE: "$${literal}"}\n';
    const sel = discoverTargets(repo({ 'clusters/prod/apps.yaml': flux, 'apps/d.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: ${NS}}\n' }));
    expect(sel.targets.map((t) => [t.name, t.roots[0], t.substitute?.NS])).toEqual([['apps', 'apps', 'shop']]);
    expect(sel.notices.filter((n) => n.code === 'NOT_DEPLOYED')).toEqual([]);
  });

  it('an Argo CD Application under test/fixtures/ is no deployment', () => {
    const app = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: web}\nspec:\n  source: {repoURL: 'https://github.com/acme/gitops', path: apps/web}\n  destination: {server: 'https://kubernetes.default.svc', namespace: web}\n";
    const files = { 'test/fixtures/app.yaml': app, 'apps/web/d.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n' };
    const sel = discoverTargets(repo(files));
    expect(sel.origin).toBe('plain');
    expect(sel.notices.map((n) => n.message)).toEqual(['Argo CD Application web is not taken as a deployment: it is under the test-fixture folder test/fixtures/']);
    // The same object elsewhere is a deployment.
    expect(discoverTargets(repo({ ...files, 'argo/app.yaml': app })).targets.map((t) => t.name)).toEqual(['web']);
  });

  /** An ApplicationSet of a tool's documentation samples, deploying a sample folder of the same tree to a made-up cluster. */
  const SAMPLE_SET = `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: guestbook, namespace: argocd}
spec:
  generators:
  - list:
      elements: [{cluster: dev, url: 'https://10.0.0.1'}]
  template:
    metadata: {name: '{{cluster}}-guestbook'}
    spec:
      project: default
      source: {repoURL: 'https://github.com/acme/tool.git', targetRevision: HEAD, path: tool/examples/guestbook}
      destination: {server: '{{url}}', namespace: guestbook}
`;
  const deployment = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n`;
  const redisPolicy = (egress: boolean) =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: redis}\nspec:\n  podSelector: {matchLabels: {app: redis}}\n  policyTypes: [Ingress${egress ? ', Egress' : ''}]\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: server}}}]\n    ports: [{port: 6379}]\n${egress ? '  egress:\n  - ports: [{protocol: UDP, port: 53}]\n' : ''}`;
  const TOOL = {
    'tool/examples/list-example.yaml': SAMPLE_SET,
    'tool/examples/guestbook/deploy.yaml': deployment('guestbook'),
    'manifests/install/kustomization.yaml': 'namespace: tool\nresources: [server.yaml, redis.yaml, redis-netpol.yaml]\n',
    'manifests/install/server.yaml': deployment('server'),
    'manifests/install/redis.yaml': deployment('redis'),
  };

  it('a sample ApplicationSet under examples/ is no target: the install kustomization is, and its opened egress fails the check (real-eval 13, argo-cd)', async () => {
    const root = diffSides({ base: { ...TOOL, 'manifests/install/redis-netpol.yaml': redisPolicy(true) }, head: { ...TOOL, 'manifests/install/redis-netpol.yaml': redisPolicy(false) } });
    const out = await root.run('--format', 'json');
    const json = JSON.parse(out.stdout) as { targets: { name: string; summary: { opened: number } }[]; notices: { code: string; message: string; file?: string; line?: number }[] };
    expect(json.targets.map((t) => [t.name, t.summary.opened > 0])).toEqual([['manifests/install', true], ['plain manifests', false]]);
    expect(out.exitCode).toBe(1);
    expect(json.notices.filter((n) => n.code === 'NOT_DEPLOYED').map((n) => [n.message, n.file, n.line])).toEqual([
      ['Argo CD ApplicationSet guestbook is not taken as a deployment: it is under the sample folder tool/examples/', 'tool/examples/list-example.yaml', 1],
    ]);
    // The sample folder it deploys is still read, as plain manifests.
    expect(discoverTargets(repo(TOOL)).targets.find((t) => t.name === 'plain manifests')?.roots).toEqual(['tool/examples/guestbook/deploy.yaml']);
  });

  it('an Application of a top-level test/ suite is a test fixture, as the layout reads that tree; a glob naming the folder brings either back', () => {
    const app = "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: plugin}\nspec:\n  source: {repoURL: 'https://github.com/acme/tool.git', path: test/cmp/app}\n  destination: {server: 'https://kubernetes.default.svc', namespace: plugin}\n";
    const files = { ...TOOL, 'test/cmp/app.yaml': app, 'test/cmp/app/deploy.yaml': deployment('plugin'), 'manifests/install/redis-netpol.yaml': redisPolicy(true) };
    const sel = discoverTargets(repo(files));
    expect(sel.origin).toBe('kustomization');
    expect(sel.notices.filter((n) => n.code === 'NOT_DEPLOYED').map((n) => n.message)).toEqual([
      'Argo CD ApplicationSet guestbook is not taken as a deployment: it is under the sample folder tool/examples/',
      'Argo CD Application plugin is not taken as a deployment: it is under the test-fixture folder test/',
    ]);
    expect(discoverTargets(repo(files), { selectGlobs: ['**/*.yaml', 'test/**'] }).targets.map((t) => t.name)).toEqual(['plugin']);
    expect(discoverTargets(repo(files), { selectGlobs: ['**/*.yaml', 'tool/examples/**'] }).targets.map((t) => t.name)).toEqual(['dev-guestbook']);
  });

  it('a cluster folder named example (singular) is deployed: only examples/ and samples/ hold samples', () => {
    const flux = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  sourceRef: {kind: GitRepository, name: flux-system}\n  path: ./apps\n';
    const sel = discoverTargets(repo({ 'clusters/example/apps.yaml': flux, 'apps/d.yaml': deployment('web') }));
    expect(sel.targets.map((t) => t.name)).toEqual(['apps']);
    expect(sel.notices.filter((n) => n.code === 'NOT_DEPLOYED')).toEqual([]);
  });
});
