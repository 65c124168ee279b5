/**
 * A rule an overlay's JSON 6902 patch made its own (the patch's `remove` marks the rule's map with its line)
 * and that the pull request edits in the base: the why, the headline's rule and the App's annotations cite the
 * base line the change edits, not the overlay's patch line in a file the pull request does not touch
 * (new-user 39 #10). A rule the patch itself edits is still cited at the patch.
 */
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import type { TargetsReport } from '../../src/targets/analyze-targets.js';
import { responsibleLines } from '../../src/report/check-run.js';
import { targetsText } from '../../src/report/targets-text.js';

type Files = Record<string, string>;
const list = (f: Files) => Object.entries(f).map(([path, text]) => ({ path, text }));
const deploy = (name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: i, ports: [{name: http, containerPort: 8080}]}]}\n`;
const policy = (peer: string, port: number) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: orders-from-worker
spec:
  podSelector:
    matchLabels: {app: orders}
  ingress:
    - from:
        - podSelector:
            matchLabels: {${peer}}
      ports:
        - port: ${port}
`;
const overlay = (op: string) => `namespace: orders-prod
resources:
  - ../../base
patches:
  - target:
      kind: NetworkPolicy
      name: orders-from-worker
    patch: |-
${op}`;
const REMOVE_PORTS = '      - op: remove\n        path: /spec/ingress/0/ports\n';
const REMOVE_FROM = '      - op: remove\n        path: /spec/ingress/0/from\n';

const repo = (peer: string, port: number, op: string): Files => ({
  'base/kustomization.yaml': 'resources:\n  - app.yaml\n  - netpol.yaml\n',
  'base/app.yaml': `${deploy('orders')}---\n${deploy('worker')}`,
  'base/netpol.yaml': policy(peer, port),
  'overlays/prod/kustomization.yaml': overlay(op),
  'overlays/staging/kustomization.yaml': 'namespace: orders-staging\nresources:\n  - ../../base\n',
});

/** Every file:line a rule reason of any reported pair cites, on both sides. */
function citedRules(report: TargetsReport): string[] {
  const refs = report.targets.flatMap((t) => t.report.pairs.flatMap((p) => [...p.whyOpened, ...p.whyClosed]))
    .flatMap((r) => (r.kind === 'allowed-by-rule' || r.kind === 'rule-differs' || r.kind === 'tier-rule' ? [`${r.side}:${r.ref.file}:${r.ref.line}`] : []));
  return [...new Set(refs)].sort();
}

const annotated = (report: TargetsReport) => [...new Set(report.targets.flatMap((t) => [...responsibleLines(t.report).keys()]))].sort();

describe('a base change of a rule an overlay JSON 6902 patch made its own', () => {
  it('a podSelector edited in the base: cited at its base line in every overlay, never at the untouched patch line', async () => {
    const report = await analyzeTargets(list(repo('app: worker', 8080, REMOVE_PORTS)), list(repo('role: worker', 8080, REMOVE_PORTS)));
    expect(report.counts.opened).toBeGreaterThan(0);
    // Both overlays cite the peer the change edits (10): staging, whose rule line (9) is unchanged, and prod, whose rule line is the patch's.
    expect(citedRules(report)).toEqual(['base:base/netpol.yaml:10', 'head:base/netpol.yaml:10']);
    expect(annotated(report)).toEqual(['base/netpol.yaml:10']);
    expect(targetsText(report)).not.toMatch(/overlays\/prod\/kustomization\.yaml:\d/);
  });

  it('a port edited in the base of a rule whose peers the patch removed: cited at the port line', async () => {
    const report = await analyzeTargets(list(repo('app: worker', 8080, REMOVE_FROM)), list(repo('app: worker', 9090, REMOVE_FROM)));
    expect(report.counts.opened + report.counts.closed).toBeGreaterThan(0);
    expect(citedRules(report).filter((r) => r.includes('overlays/prod'))).toEqual([]);
    expect(citedRules(report)).toContain('head:base/netpol.yaml:13');
  });

  it('an ipBlock edited in the base of an egress rule whose ports the patch removed: cited at the ipBlock (an address set is compared by its ranges)', async () => {
    const egress = (cidr: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: orders-from-worker
spec:
  podSelector:
    matchLabels: {app: orders}
  policyTypes: [Egress]
  egress:
    - to:
        - ipBlock:
            cidr: ${cidr}
      ports:
        - port: 443
`;
    const withPolicy = (cidr: string) => ({ ...repo('app: worker', 8080, '      - op: remove\n        path: /spec/egress/0/ports\n'), 'base/netpol.yaml': egress(cidr) });
    const report = await analyzeTargets(list(withPolicy('10.0.0.0/8')), list(withPolicy('10.0.0.0/16')));
    expect(report.counts.closed).toBeGreaterThan(0);
    expect(citedRules(report).filter((r) => r.includes('overlays/prod'))).toEqual([]);
    expect(citedRules(report)).toContain('base:base/netpol.yaml:11');
  });

  it('a rule left without peers by the base, without ports by the patch (allow-all, no part to cite): its PERMISSIVE_RULE and reasons at the base rule line', async () => {
    const allowAll = (withFrom: boolean) => ({ ...repo('app: worker', 8080, REMOVE_PORTS), 'base/netpol.yaml': withFrom ? policy('app: worker', 8080) : policy('app: worker', 8080).replace(/ {4}- from:\n {8}- podSelector:\n {12}matchLabels: \{app: worker\}\n {6}ports:/, '    - ports:') });
    const report = await analyzeTargets(list(allowAll(true)), list(allowAll(false)));
    expect(report.counts.opened).toBeGreaterThan(0);
    const permissive = report.combined.findings.filter((f) => f.code === 'PERMISSIVE_RULE' && f.new);
    // Staging's any-peer rule and prod's allow-all, both where the change removed the peers.
    expect(permissive.map((f) => `${f.ref.file}:${f.ref.line} ${f.object}`).sort()).toEqual(['base/netpol.yaml:9 ingress:allow-all', 'base/netpol.yaml:9 ingress:any-peer']);
    expect(citedRules(report).filter((r) => r.startsWith('head:'))).toEqual(['head:base/netpol.yaml:9']);
    expect(targetsText(report)).not.toMatch(/overlays\/prod\/kustomization\.yaml:\d/);
  });

  it('guard: a change the patch itself brings is still cited at the patch', async () => {
    const report = await analyzeTargets(list(repo('app: worker', 8080, REMOVE_PORTS)), list(repo('app: worker', 8080, REMOVE_FROM)));
    expect(citedRules(report).filter((r) => r.startsWith('head:'))).toEqual(['head:overlays/prod/kustomization.yaml:9']);
  });
});

describe('a Flux Kustomization inline patch the change adds', () => {
  const fluxKs = (patch: boolean) => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: orders, namespace: flux-system}
spec:
  interval: 10m
  sourceRef: {kind: GitRepository, name: flux-system}
  path: ./apps/orders
  prune: true
  targetNamespace: orders
${patch ? `  patches:
    - target: {kind: NetworkPolicy, name: orders-from-worker}
      patch: |
        - op: add
          path: /spec/ingress/0/from/-
          value:
            namespaceSelector: {}
` : ''}`;
  const fleet = (patch: boolean, kustomization: boolean): Files => ({
    'clusters/prod/orders.yaml': fluxKs(patch),
    'apps/orders/app.yaml': `${deploy('orders')}---\n${deploy('worker')}`,
    'apps/orders/netpol.yaml': policy('app: worker', 8080),
    ...(kustomization ? { 'apps/orders/kustomization.yaml': 'resources:\n  - app.yaml\n  - netpol.yaml\n' } : {}),
  });

  for (const kustomization of [false, true]) {
    it(`is cited at its lines in the Flux Kustomization, never at the untouched policy file (${kustomization ? 'a kustomization in the path' : 'a plain folder, which the patch makes Flux build as a kustomization'})`, async () => {
      const report = await analyzeTargets(list(fleet(false, kustomization)), list(fleet(true, kustomization)));
      expect(report.counts.opened).toBeGreaterThan(0);
      const head = citedRules(report).filter((r) => r.startsWith('head:'));
      expect(head.length).toBeGreaterThan(0);
      // The patch's `op` (line 13) to its value (line 17).
      for (const r of head) expect(r).toMatch(/^head:clusters\/prod\/orders\.yaml:1[3-7]$/);
      expect(annotated(report).filter((l) => l.startsWith('apps/'))).toEqual([]);
      // Base's rule is cited where base has it (`base:`); head's, the headline's included, at the operation's value (line 15), where the finding about the peer it adds stands.
      const text = targetsText(report);
      expect(text).not.toMatch(/[^:]apps\/orders\/netpol\.yaml:\d/);
      expect(text).toContain('(1 rule, clusters/prod/orders.yaml:15)');
    });
  }
});

