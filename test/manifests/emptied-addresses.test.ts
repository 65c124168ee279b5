/**
 * An address a Flux `${VAR}` leaves empty (its value in an encrypted Secret the repository cannot read) is
 * unknown, not invalid: its peer matches nothing, with a warning at its line, and the rest of the policy is
 * analysed — before, the empty CIDR failed validation and the whole policy with it ("Not analysed").
 */
import { main } from '../../src/cli/main.js';
import { loadManifests } from '../../src/manifests/load.js';
import { tempFolderSync } from '../helpers/git.js';

const SYNC = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec: {url: "ssh://git@github.com/acme/gitops"}\n';
const KS = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  path: ./apps\n  sourceRef: {kind: GitRepository, name: flux-system}\n  postBuild:\n    substituteFrom: [{kind: Secret, name: cluster-secrets}]\n';
const SOPS = 'apiVersion: v1\nkind: Secret\nmetadata: {name: cluster-secrets, namespace: flux-system}\nstringData:\n  NODE_CIDR: ENC[AES256_GCM,data:abc]\nsops:\n  mac: ENC[AES256_GCM,data:x]\n';
const pod = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 5432}]}]}\n`;
const policy = (extra: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - ipBlock:\n            cidr: \${NODE_CIDR}\n      ports: [{port: 5432}]\n${extra}`;
const WEB = '    - from: [{podSelector: {matchLabels: {app: web}}}]\n      ports: [{port: 5432}]\n';

interface Report {
  pairs: { src: { id: string }; dst: { id: string }; opened?: unknown }[];
  warnings: { code: string; file: string; line: number; message: string; severity: string; side?: string }[];
  unmodelled?: unknown;
}

async function diff(files: (head: boolean) => Record<string, string>, ks = KS): Promise<{ report: Report; code: number }> {
  const side = (head: boolean) => tempFolderSync({ 'clusters/prod/sync.yaml': SYNC, 'clusters/prod/apps.yaml': ks, 'clusters/prod/secrets.yaml': SOPS, 'apps/web.yaml': pod('web'), 'apps/db.yaml': pod('db'), ...files(head) }, 'reachdiff-emptied-');
  const out = await main(['diff', side(false), side(true), '--format', 'json']);
  return { report: JSON.parse(out.stdout) as Report, code: out.exitCode };
}

const opened = (r: Report) => r.pairs.filter((p) => p.opened).map((p) => `${p.src.id} => ${p.dst.id}`);

describe('addresses a Flux variable without a value leaves empty', () => {
  it('a plain file: the rule the change adds is analysed, the emptied ipBlock warned at its line and matching nothing', async () => {
    const { report, code } = await diff((head) => ({ 'apps/np.yaml': policy(head ? WEB : '') }));
    expect(opened(report)).toEqual(['shop/web[Deployment] => shop/db[Deployment]']);
    expect(code).toBe(1);
    expect(report.warnings.filter((w) => w.severity === 'error')).toEqual([]);
    const emptied = report.warnings.filter((w) => w.code === 'UNSUPPORTED_PEER' && w.side === undefined);
    expect(emptied.map((w) => [w.file, w.line])).toEqual([['apps/np.yaml', 10]]);
    expect(emptied[0].message).toMatch(/ipBlock\.cidr: \$\{NODE_CIDR\} has no value here .*; this peer is not analysed \(it matches nothing here\)/);
  });

  it('with no values object it cannot read, Flux really empties the variable: the API server rejects the policy, as before', async () => {
    const variants: Record<string, string>[] = [{}, { 'apps/kustomization.yaml': 'resources: [web.yaml, db.yaml, np.yaml]\n' }];
    for (const kustomization of variants) {
      const { report } = await diff((head) => ({ ...kustomization, 'apps/np.yaml': policy(head ? WEB : '') }), KS.replace('[{kind: Secret, name: cluster-secrets}]', '[]'));
      expect(report.warnings.filter((w) => w.code === 'UNSUPPORTED_PEER')).toEqual([]);
      expect(report.warnings.filter((w) => w.severity === 'error' && w.side === undefined).map((w) => w.code)).toContain('INVALID_CIDR');
    }
  });

  it('a file a Kustomize build reads: the same, substituted object by object after the build', async () => {
    const kustomization = 'resources: [web.yaml, db.yaml, np.yaml]\n';
    const { report, code } = await diff((head) => ({ 'apps/kustomization.yaml': kustomization, 'apps/np.yaml': policy(head ? WEB : '') }));
    expect(opened(report)).toEqual(['shop/web[Deployment] => shop/db[Deployment]']);
    expect(code).toBe(1);
    expect(report.warnings.filter((w) => w.severity === 'error')).toEqual([]);
    expect(report.warnings.filter((w) => w.code === 'UNSUPPORTED_PEER' && w.side === undefined).map((w) => w.message)).toEqual([expect.stringMatching(/\$\{NODE_CIDR\} has no value here/)]);
  });

  it('an emptied except is not applied; an empty CIDR written so (no variable) is still the error the API server gives', async () => {
    const withExcept = (head: boolean) => ({
      'apps/np.yaml': `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - ipBlock:\n            cidr: 10.0.0.0/8\n            except: ["\${NODE_CIDR}"]\n${head ? '      ports: [{port: 443}]\n' : ''}`,
    });
    const { report } = await diff(withExcept);
    expect(report.warnings.filter((w) => w.severity === 'error')).toEqual([]);
    expect(report.warnings.filter((w) => w.code === 'UNSUPPORTED_PEER' && w.side === undefined).map((w) => [w.line, w.message.replace(/ \(Flux.*\)/, '')])).toEqual([[11, expect.stringMatching(/except\[0\]: \$\{NODE_CIDR\} has no value here, leaving ""; this except is not applied$/)]]);
    // Written empty, no variable: rejected, as before.
    const files = [{ path: 'np.yaml', text: withExcept(false)['apps/np.yaml'].replace('"${NODE_CIDR}"', '""') }];
    expect(loadManifests(files).diagnostics.map((d) => d.code)).toContain('INVALID_CIDR');
  });

  it('Cilium, AdminNetworkPolicy and Calico address lists: the emptied item is left out, the others read', () => {
    const emptied = new Map([[9, ['NODE_CIDR']]]);
    const cilium = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: c, namespace: shop}\nspec:\n  endpointSelector: {}\n  egress:\n    - toCIDR:\n        - 10.0.0.0/8\n        - ""\n';
    const anp = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: a}\nspec:\n  priority: 10\n  subject: {namespaces: {}}\n  egress:\n    - {name: r, action: Allow, to: [{networks: [10.0.0.0/8,\n        ""]}]}\n';
    const calico = 'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: k, namespace: shop}\nspec:\n  selector: all()\n  types: [Egress]\n  egress:\n    - action: Allow\n      destination: {nets: [10.0.0.0/8, ""]}\n';
    for (const text of [cilium, anp, calico]) {
      const plain = loadManifests([{ path: 'p.yaml', text }]);
      expect(plain.diagnostics.filter((d) => d.severity === 'error').length).toBeGreaterThan(0);
      const read = loadManifests([{ path: 'p.yaml', text, emptied }]);
      expect(read.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(read.diagnostics.filter((d) => d.code === 'UNSUPPORTED_PEER').map((d) => d.ref.line)).toEqual([9]);
      expect(read.cluster.policies.length + (read.cluster.clusterPolicies?.length ?? 0)).toBe(1);
    }
  });
});
