/**
 * Findings on the Admin and Baseline tiers' rules (new-user trial 35): an AdminNetworkPolicy Allow from
 * `namespaces: {}` and a Calico GlobalNetworkPolicy of order 100 allowing everything are PERMISSIVE_RULE, as
 * the same peer in a NetworkPolicy is (they got none: the finding read NetworkPolicy-tier rules only);
 * CROSS_NAMESPACE_PATH names such an Allow as the rule that opens the paths (it said the GlobalNetworkPolicy's
 * paths opened as "Calico NetworkPolicy … and Calico GlobalNetworkPolicy … no longer isolate the
 * destinations", which still isolate them), and the paths a removed AdminNetworkPolicy Deny opens are one
 * finding naming that Deny (they were one finding per pair, naming nothing). Fixture: test/fixtures/tier-allow-findings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { DEFAULT_FINDINGS_CONFIG } from '../../src/findings/index.js';

const dir = join('test', 'fixtures', 'tier-allow-findings');
const side = (name: string) => ['apps.yaml', 'platform.yaml'].map((path) => ({ path, text: readFileSync(join(dir, name, path), 'utf8') }));
const report = analyzeDiff(side('base'), side('head'), { findings: DEFAULT_FINDINGS_CONFIG });
const of = (code: string) => report.findings.filter((f) => f.code === code);

describe('PERMISSIVE_RULE on Admin- and Baseline-tier Allow rules', () => {
  it('an AdminNetworkPolicy Allow from every namespace, at its peer, new in the diff', () => {
    const found = of('PERMISSIVE_RULE').filter((f) => f.subject === 'AdminNetworkPolicy/scanner');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ new: true, severity: 'warning', object: 'ingress:every-namespace:{}', ref: { file: 'platform.yaml', line: 15 } });
    expect(found[0].message).toBe(
      'AdminNetworkPolicy scanner ingress rule 1 "from-anywhere" admits every pod of every namespace (an empty namespace selector), including ones created later. It is an Admin-tier Allow: final before every NetworkPolicy, which cannot narrow it.',
    );
  });

  it('a Calico GlobalNetworkPolicy ordered before the NetworkPolicies that names no source: allow-all, in Calico words', () => {
    const found = of('PERMISSIVE_RULE').filter((f) => f.subject.includes('a-public'));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ new: true, object: 'ingress:allow-all', ref: { file: 'platform.yaml', line: 53 } });
    expect(found[0].message).toContain('Calico GlobalNetworkPolicy a-public ingress rule 1 names no peer in `source`');
  });

  it('neither a narrow Allow nor a Deny of every namespace (the Baseline default, the removed Deny) is one', () => {
    expect(of('PERMISSIVE_RULE').map((f) => f.subject).sort()).toEqual(['AdminNetworkPolicy/scanner', 'CalicoGlobalNetworkPolicy/a-public']);
  });
});

describe('CROSS_NAMESPACE_PATH with tier rules', () => {
  const cross = () => of('CROSS_NAMESPACE_PATH');

  it('an Admin-tier Allow opens the paths "through this rule", at its line', () => {
    const f = cross().find((x) => x.subject === 'AdminNetworkPolicy/scanner')!;
    expect(f).toMatchObject({ object: 'ingress:rule 1', ref: { file: 'platform.yaml', line: 12 } });
    expect(f.message).toContain('The change opens 4 paths from 3 namespaces into b through this rule');
  });

  it('the Calico GlobalNetworkPolicy opens them through its rule: the NetworkPolicy still isolating them is not said to lapse', () => {
    const f = cross().find((x) => x.subject.includes('a-public'))!;
    expect(f.message).toContain('into a through this rule');
    expect(cross().map((x) => x.message).join('\n')).not.toContain('no longer isolate');
  });

  it("a removed AdminNetworkPolicy Deny: one finding for its paths, naming the Deny", () => {
    const f = cross().filter((x) => x.destinations?.includes('d/sink[Deployment]'));
    expect(f).toHaveLength(1);
    expect(f[0].message).toBe(
      'The change opens 2 paths from namespace c into d as AdminNetworkPolicy c-not-to-d egress rule 1 "deny-d" no longer denies them (any port): from c (2 workloads: job[Deployment] and tool[Deployment]) to d/sink[Deployment].',
    );
    expect(f[0].subject).toBe('AdminNetworkPolicy/c-not-to-d');
  });
});
