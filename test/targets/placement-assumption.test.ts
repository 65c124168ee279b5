/**
 * Namespace-less objects of unrelated folders placed together in `default` (real-eval 10, C-c; repro 04):
 * a workshop's lab adds a namespace-less egress default-deny (applied with `-n ui` in the lab), and another
 * lab's Pod lands in `default` with it: DNS_EGRESS_MISSING was an error (exit 1) for a change that only
 * closes. What rests on that placement is a notice naming it, and the verdict says which paths rest on it.
 * Objects of related folders (one holds the other) stay together as before.
 */
import { main } from '../../src/cli/main.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { targetsJsonObject } from '../../src/report/targets-json.js';
import { targetsText } from '../../src/report/targets-text.js';
import { unrelatedFolders } from '../../src/targets/placement-assumption.js';
import { tempFolder } from '../helpers/git.js';

type Files = Record<string, string>;
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: nginx\nspec:\n  containers:\n  - name: nginx\n    image: nginx\n';
const DENY = '# lab step: kubectl apply -n ui -f default-deny.yaml\nkind: NetworkPolicy\napiVersion: networking.k8s.io/v1\nmetadata:\n  name: default-deny\nspec:\n  podSelector: {}\n  policyTypes:\n  - Egress\n';

const asList = (files: Files) => Object.entries(files).map(([path, text]) => ({ path, text }));
const reportOf = (base: Files, head: Files) => analyzeTargets(asList(base), asList(head));
/** The first line, without the count of findings base had too. */
const first = (text: string) => text.split('\n')[0].replace(/; (\d+) findings \(1 new\)/, '; 1 new finding');

describe('a lab policy and another lab’s pod placed together in default (repro 04)', () => {
  const base: Files = { 'modules/security/anonymous/pod.yaml': POD };
  const head: Files = { ...base, 'modules/networking/policies/default-deny.yaml': DENY };

  it('the DNS finding is a notice naming the placement; the verdict says the paths rest on it; exit 0', async () => {
    const report = await reportOf(base, head);
    const [dns] = report.combined.findings.filter((f) => f.code === 'DNS_EGRESS_MISSING');
    expect(dns.severity).toBe('notice');
    expect(dns.message).toContain('This rests on placing the objects of modules/security/anonymous/ and modules/networking/policies/ together in `default`');
    expect(first(targetsText(report))).toBe(
      '3 paths closed; all 3 rest on placing the objects of modules/networking/policies/ and modules/security/anonymous/ together in `default` (applied apart, they do not change); 1 new finding.',
    );
    const json = targetsJsonObject(report) as { assumedPlacement?: unknown; findings: { code: string; severity: string; assumedPlacement?: unknown }[] };
    expect(json.assumedPlacement).toEqual({ folders: ['modules/networking/policies/', 'modules/security/anonymous/'], opened: 0, closed: 3 });
    expect(json.findings.find((f) => f.code === 'DNS_EGRESS_MISSING')).toMatchObject({ severity: 'notice', assumedPlacement: ['modules/security/anonymous/', 'modules/networking/policies/'] });
    const [b, h] = await Promise.all([tempFolder(base), tempFolder(head)]);
    const out = await main(['diff', b, h]);
    expect(out.exitCode).toBe(0);
  });

  it('a pod that names default itself, with the namespace-less policy of another folder: still an assumption (eks-workshop-v2 6e867f45)', async () => {
    const named = { 'modules/security/anonymous/pod.yaml': POD.replace('  name: nginx\n', '  name: nginx\n  namespace: default\n') };
    const report = await reportOf(named, { ...named, 'modules/networking/policies/default-deny.yaml': DENY });
    expect(report.combined.findings.find((f) => f.code === 'DNS_EGRESS_MISSING')?.severity).toBe('notice');
  });
});

describe('objects of related folders stay one app', () => {
  it('a policy in a folder below the pod’s: the DNS finding stays an error, no placement clause, exit 1', async () => {
    const base: Files = { 'deploy/pod.yaml': POD };
    const head: Files = { ...base, 'deploy/policies/default-deny.yaml': DENY };
    const report = await reportOf(base, head);
    expect(report.combined.findings.find((f) => f.code === 'DNS_EGRESS_MISSING')?.severity).toBe('error');
    expect(report.combined.assumedPlacement).toBeUndefined();
    expect(first(targetsText(report))).toBe('3 paths closed; 1 new finding (1 error).');
    const [b, h] = await Promise.all([tempFolder(base), tempFolder(head)]);
    expect((await main(['diff', b, h])).exitCode).toBe(1);
  });

  it('both naming default: no assumption', async () => {
    const ns = (t: string, name: string) => t.replace(`  name: ${name}\n`, `  name: ${name}\n  namespace: default\n`);
    const base: Files = { 'a/pod.yaml': ns(POD, 'nginx') };
    const head: Files = { ...base, 'b/default-deny.yaml': ns(DENY, 'default-deny') };
    const report = await reportOf(base, head);
    expect(report.combined.findings.find((f) => f.code === 'DNS_EGRESS_MISSING')?.severity).toBe('error');
  });

  it('folders one kustomization builds (a base and a component, an overlay\'s ../../base and ../../policies) are one output, applied to one namespace: no assumption (new-user 45, microservices-demo)', async () => {
    const component = 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - default-deny.yaml\n';
    const base: Files = { 'kustomize/base/pod.yaml': POD, 'kustomize/base/kustomization.yaml': 'resources:\n  - pod.yaml\n', 'kustomize/components/policies/default-deny.yaml': DENY, 'kustomize/components/policies/kustomization.yaml': component, 'kustomize/kustomization.yaml': 'resources:\n  - base\n' };
    const head: Files = { ...base, 'kustomize/kustomization.yaml': 'resources:\n  - base\ncomponents:\n  - components/policies\n' };
    const report = await reportOf(base, head);
    expect(report.combined.findings.find((f) => f.code === 'DNS_EGRESS_MISSING')?.severity).toBe('error');
    expect(report.combined.assumedPlacement).toBeUndefined();
    expect(first(targetsText(report))).toBe('3 paths closed; 1 new finding (1 error).');
    const overlay: Files = { 'base/pod.yaml': POD, 'base/kustomization.yaml': 'resources:\n  - pod.yaml\n', 'policies/kustomization.yaml': 'resources:\n  - default-deny.yaml\n', 'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\n' };
    const withPolicies = { ...overlay, 'policies/default-deny.yaml': DENY, 'overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\n  - ../../policies\n' };
    const built = await reportOf({ ...overlay, 'policies/default-deny.yaml': DENY }, withPolicies);
    expect(built.combined.assumedPlacement).toBeUndefined();
    expect(built.combined.findings.find((f) => f.code === 'DNS_EGRESS_MISSING')?.severity).toBe('error');
  });

  it('unrelatedFolders: neither holds the other', () => {
    expect(unrelatedFolders('a/b', 'a/c')).toBe(true);
    expect(unrelatedFolders('a', 'a/c')).toBe(false);
    expect(unrelatedFolders('', 'x')).toBe(false);
    expect(unrelatedFolders('ab', 'a')).toBe(true);
  });
});
