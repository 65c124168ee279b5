/**
 * A changed Terraform, Jsonnet or CUE file that writes network policies (targets/policy-sources.ts) is said
 * not analysed at the line that writes the policy, never a plain "No change": before, a Terraform
 * `yamlencode` patch adding two ports to Flux's allow-scraping NetworkPolicy read "No change in allowed
 * connectivity", exit 0 (real-eval 32: sulibot/home-ops f21005ba). A changed file of those languages that
 * names no policy stays silent. Hand-written fixtures; the App's files come from a fake GitHub (nock).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import type { TargetsReport } from '../../src/targets/analyze-targets.js';
import { targetsText } from '../../src/report/targets-text.js';
import { targetsJson } from '../../src/report/targets-json.js';
import { policyLines } from '../../src/targets/policy-sources.js';
import { main } from '../../src/cli/main.js';
import { git, tempFolderSync } from '../helpers/git.js';
import { commit } from '../github/support/git-fixture.js';
import { FakeGitHub, pullRequestPayload } from '../github/support/fake-github.js';
import { deliver, serverPerTest } from '../github/support/harness.js';

type Files = Record<string, string>;
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const outside = (r: TargetsReport) => r.notices.filter((n) => n.code === 'OUTSIDE_TARGETS');

const app = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: i}]}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';

/** A FluxInstance whose Kustomization patches Flux's allow-scraping NetworkPolicy (`ports` its port list). */
const flux = (ports: readonly number[]) => `resource "helm_release" "flux_operator" {
  name  = "flux-operator"
  chart = "flux-operator"
}

resource "kubernetes_manifest" "flux_instance" {
  manifest = {
    apiVersion = "fluxcd.controlplane.io/v1"
    kind       = "FluxInstance"
    spec = {
      kustomize = {
        patches = [
          {
            # Let the kubelet reach the health ports
            target = {
              kind = "NetworkPolicy"
              name = "allow-scraping"
            }
            patch = yamlencode([
              {
                op    = "add"
                path  = "/spec/ingress/0/ports"
                value = [${ports.map((p) => `{ port = ${p}, protocol = "TCP" }`).join(', ')}]
              }
            ])
          }
        ]
      }
    }
  }
}
`;
const variables = (d: string) => `variable "cluster_name" {\n  type    = string\n  default = "${d}"\n}\n`;
const base: Files = { 'deploy/app.yaml': app, 'terraform/flux/main.tf': flux([8080]), 'terraform/flux/variables.tf': variables('a') };
const message = /^Not analysed: a Terraform file writing network policies changed in terraform\/flux\/main\.tf \(kind NetworkPolicy at line 16\): reachdiff reads Kubernetes objects from YAML and JSON files only/;

describe('a changed file that writes network policies in another language', () => {
  it('a Terraform yamlencode patch of a NetworkPolicy: not analysed at the line naming the kind, never "No change"', async () => {
    const report = await analyzeTargets(list(base), list({ ...base, 'terraform/flux/main.tf': flux([8080, 9090, 9440]) }));
    expect(outside(report)).toEqual([{ code: 'OUTSIDE_TARGETS', message: expect.stringMatching(message), ref: { file: 'terraform/flux/main.tf', line: 16 } }]);
    const text = targetsText(report);
    expect(text).toMatch(/^No change found in what was analysed; not analysed: a Terraform file writing network policies changed in terraform\/flux\/main\.tf:16 /);
    expect(text).not.toMatch(/No change in allowed connectivity/);
    // Never parsed as a manifest.
    expect([...report.combined.warnings.base, ...report.combined.warnings.head].filter((d) => d.ref.file.startsWith('terraform/'))).toEqual([]);
  });

  it('a changed Terraform file that names no policy, and a comment that does: silent', async () => {
    const report = await analyzeTargets(list(base), list({ ...base, 'terraform/flux/variables.tf': `# NetworkPolicy ports are set in main.tf\n${variables('b')}` }));
    expect(outside(report)).toEqual([]);
    expect(targetsText(report)).toMatch(/^No change in allowed connectivity/);
  });

  it('a kubernetes_network_policy resource removed, a Jsonnet and a CUE policy edited: each said at its line', async () => {
    const tf = 'resource "kubernetes_network_policy_v1" "deny" {\n  metadata {\n    name = "deny"\n  }\n}\n';
    const jsonnet = (p: number) => `local k = import 'k.libsonnet';\n{\n  policy: k.networking.v1.networkPolicy.new('web') + { spec+: { ingress: [{ ports: [{ port: ${p} }] }] } },\n}\n`;
    const cue = (p: number) => `package shop\n\npolicy: {\n\tapiVersion: "cilium.io/v2"\n\tkind:       "CiliumNetworkPolicy"\n\tspec: ingress: [{toPorts: [{ports: [{port: "${p}"}]}]}]\n}\n`;
    const before: Files = { 'deploy/app.yaml': app, 'infra/policy.tf': tf, 'jsonnet/web.jsonnet': jsonnet(80), 'cue/policy.cue': cue(80) };
    const after: Files = { 'deploy/app.yaml': app, 'jsonnet/web.jsonnet': jsonnet(8080), 'cue/policy.cue': cue(8080) };
    const report = await analyzeTargets(list(before), list(after));
    expect(outside(report).map((n) => [n.ref, n.side, n.message.split(':')[1]])).toEqual([
      [{ file: 'cue/policy.cue', line: 5 }, undefined, ' a CUE file writing network policies changed in cue/policy.cue (kind CiliumNetworkPolicy at line 5)'],
      [{ file: 'infra/policy.tf', line: 1 }, 'base', ' a Terraform file writing network policies changed in infra/policy.tf (resource kubernetes_network_policy_v1 at line 1, the file removed)'],
      [{ file: 'jsonnet/web.jsonnet', line: 3 }, undefined, ' a Jsonnet file writing network policies changed in jsonnet/web.jsonnet (networkPolicy.new at line 3)'],
    ]);
    // The removed file's line is base's, written as base positions are everywhere else (new-user 46b #1).
    const only = await analyzeTargets(list({ 'deploy/app.yaml': app, 'infra/policy.tf': tf }), list({ 'deploy/app.yaml': app }));
    expect(targetsText(only)).toMatch(/^No change found in what was analysed; not analysed: a Terraform file writing network policies changed in base:infra\/policy\.tf:1 \(/);
    expect(JSON.parse(targetsJson(only)).notices).toEqual([expect.objectContaining({ code: 'OUTSIDE_TARGETS', file: 'infra/policy.tf', line: 1, side: 'base' })]);
  });

  it('a Jsonnet file importing a YAML policy, and a KCL policy instance: each said at its line, never "No change" (real repositories 43)', async () => {
    // MacroPower/homelab 4d08ba79: the policy's YAML deleted with its importstr line; 9d4b42c4: a KCL app's policies.
    const allow = 'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: default-allow}\nspec:\n  endpointSelector: {}\n  egress: [{toEntities: [all]}]\n';
    const lib = (withPolicy: boolean) => `[]\n+ std.parseYaml(importstr 'bgp.yaml')\n${withPolicy ? "+ std.parseYaml(importstr 'default-allow.yaml')\n" : ''}`;
    const bgp = 'apiVersion: cilium.io/v2alpha1\nkind: CiliumBGPPeeringPolicy\nmetadata: {name: bgp}\n';
    const before: Files = { 'deploy/app.yaml': app, 'cilium/policies/main.libsonnet': lib(true), 'cilium/policies/default-allow.yaml': allow, 'cilium/policies/bgp.yaml': bgp };
    const after: Files = { 'deploy/app.yaml': app, 'cilium/policies/main.libsonnet': lib(false), 'cilium/policies/bgp.yaml': bgp };
    const report = await analyzeTargets(list(before), list(after));
    expect(outside(report).map((n) => [n.ref, n.side, n.message.split(': ')[1]])).toEqual([
      [{ file: 'cilium/policies/main.libsonnet', line: 3 }, 'base', "a Jsonnet file writing network policies changed in cilium/policies/main.libsonnet (importstr 'default-allow.yaml', a file holding kind CiliumClusterwideNetworkPolicy, at line 3, its policies removed)"],
    ]);
    expect(targetsText(report)).not.toMatch(/No change in allowed connectivity/);
    // An import of a file without policies (bgp.yaml) is no policy line; a KCL schema instance is, its `schema` statement and imports are not.
    const kcl = (port: number) => `import konfig.models.frontend.networkpolicy\n\nschema NetworkPolicy:\n    name: str\n\ndnsIngress = networkpolicy.NetworkPolicy {\n    name = "dns"\n    port = ${port}\n}\n`;
    const k = await analyzeTargets(list({ 'deploy/app.yaml': app, 'apps/dns/main.k': kcl(53) }), list({ 'deploy/app.yaml': app, 'apps/dns/main.k': kcl(5353) }));
    expect(outside(k).map((n) => [n.ref, n.message.split(': ')[1]])).toEqual([
      [{ file: 'apps/dns/main.k', line: 6 }, 'a KCL file writing network policies changed in apps/dns/main.k (networkpolicy.NetworkPolicy at line 6)'],
    ]);
  });

  it('reads policy lines by text: kinds and resources, not other kinds nor comments', () => {
    expect(policyLines('kind = "Deployment"\n// kind: "NetworkPolicy"\nkind: \'GlobalNetworkPolicy\'\n"kind": "NetworkPolicySet"\n')).toEqual([{ line: 3, what: 'kind GlobalNetworkPolicy' }]);
  });

  it('of two git revisions, and not outside --path', async () => {
    const repo = tempFolderSync(base);
    git(repo, 'init', '-q');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'base');
    writeFileSync(join(repo, 'terraform/flux/main.tf'), flux([8080, 9090]));
    git(repo, 'commit', '-q', '-am', 'head');
    const out = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo]);
    expect(out.stdout).toMatch(/not analysed: a Terraform file writing network policies changed in terraform\/flux\/main\.tf:16 /);
    expect(out.stdout).not.toMatch(/No change in allowed connectivity/);
    expect(out.exitCode).toBe(0);
    const json = JSON.parse((await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo, '--format', 'json'])).stdout);
    expect(json.summary.notAnalysedInputs).toBe(1);
    expect(JSON.stringify(json)).toMatch(/a Terraform file writing network policies changed in terraform\/flux\/main\.tf/);
    const narrowed = await main(['diff', 'HEAD~1', 'HEAD', '--repo', repo, '--path', 'deploy/**']);
    expect(narrowed.stdout).not.toMatch(/Terraform/);
  });
});

describe('the App', () => {
  const server = serverPerTest();

  it('reads a changed Terraform file from the GitHub tree and says it not analysed: a neutral check', async () => {
    const files = (f: Files) => new Map(Object.entries(f));
    const before = commit('tf-base', files(base));
    const after = commit('tf-head', files({ ...base, 'terraform/flux/main.tf': flux([8080, 9090]) }));
    const gh = new FakeGitHub(before, after).start().analyse().listComments().createComment().updateCheckRun();
    await deliver(server.url, 'pull_request', pullRequestPayload('opened', { sha: gh.baseTip }, after));
    expect(gh.api.pendingMocks()).toEqual([]);
    const [completed] = gh.bodies('PATCH', '/check-runs/101');
    expect(completed.conclusion).toBe('neutral');
    const comment = gh.bodies('POST', '/comments')[0].body as string;
    expect(comment).toMatch(/a Terraform file writing network policies changed in terraform\/flux\/main\.tf/);
    expect(comment).toContain('main.tf:16');
  });
});
