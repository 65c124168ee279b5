/**
 * A quiet change whose other end denies it only as the model reads a Calico rule's `nets` (addresses outside the
 * cluster, never pods): Calico matches pod IPs by `nets`, so where the nets may hold pod IPs "no change" is not
 * proven, as for a NetworkPolicy's ipBlock (quiet-ipblock-pods.test.ts). db's NetworkPolicy gains app's pods; app's
 * egress is decided by Calico policies only: an Allow to `nets`, then the tier's (or the default tier's) deny.
 */
import { diffSides } from '../helpers/folder-diff.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { targetsCheckRun } from '../../src/report/targets-check-run.js';

const deployment = (ns: string, name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: ${name}}]}\n`;
const namespace = (n: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}}\n`;
const APP_PEER = '        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: app}}\n';
const dbPolicy = (withApp: boolean) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: pg, namespace: db}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - podSelector: {}\n${withApp ? APP_PEER : ''}      ports: [{port: 5432}]\n`;
const TIER = 'apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: security}\nspec: {order: 100}\n';
/** A GlobalNetworkPolicy of tier security: egress of namespace app allowed to `nets` (then the tier's end denies the rest). */
const tierNets = (nets: string) =>
  `${TIER}---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: security.app-out}\nspec:\n  tier: security\n  order: 10\n  selector: projectcalico.org/namespace == 'app'\n  types: [Egress]\n  egress:\n    - action: Allow\n      destination:\n        nets: [${nets}]\n`;
/** The same, with an earlier policy of the tier denying app/web's egress to db's pods: the nets rule is never reached for them. */
const DENY_FIRST =
  '---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: security.no-db}\nspec:\n  tier: security\n  order: 5\n  selector: projectcalico.org/namespace == \'app\'\n  types: [Egress]\n  egress:\n    - action: Deny\n      destination:\n        namespaceSelector: projectcalico.org/name == \'db\'\n';
/** A default-tier Calico NetworkPolicy after order 1000 whose Allow to `nets` follows a Deny (so it keeps its place). */
const lateNets = (nets: string) =>
  `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: out, namespace: app}\nspec:\n  order: 2000\n  selector: all()\n  types: [Egress]\n  egress:\n    - action: Deny\n      destination:\n        selector: app == 'nothing'\n    - action: Allow\n      destination:\n        nets: [${nets}]\n`;
const side = (withApp: boolean, calico: string) => ({
  'ns.yaml': `${namespace('db')}---\n${namespace('app')}`,
  'apps.yaml': `${deployment('db', 'pg')}---\n${deployment('app', 'web')}`,
  'np-db.yaml': dbPolicy(withApp),
  'calico.yaml': calico,
});
const sidesOf = (calico: string) => diffSides({ base: side(false, calico), head: side(true, calico) });
const asList = (files: Record<string, string>) => Object.entries(files).map(([path, text]) => ({ path, text }));
const CHECK = { failOn: ['opened', 'errors'], otherChanges: 'neutral', text: '', rollbackButton: false } as const;

interface Json {
  quietChanges: { peers: { side: string; why?: { kind: string; ipBlocks?: { policy: string; cidr: string; field?: string; ref: { file: string; line: number } }[] } }[] }[];
}

describe('a quiet change whose other end denies it only as Calico nets are read', () => {
  it('a Calico tier allows app/web egress to nets 10.0.0.0/8, then denies: ⚠️ with the nets and their policy, the check neutral', async () => {
    const calico = tierNets('10.0.0.0/8');
    const sides = sidesOf(calico);
    const text = await sides.report();
    // No HALF_OPEN_INGRESS: app's egress may allow db's pods through the nets, so "allows none of it" is not a fact.
    expect(text.split('\n')[0]).toBe('No change in allowed connectivity; not proven where Calico nets may hold pod IPs (see the changed policies).');
    expect(text).not.toContain('HALF_OPEN_INGRESS');
    // The tier's end denies it: cited as the tier's end at the policy that selects the pods, not as a rule of it.
    expect(text).toContain('the egress of app/web[Deployment] denies it (denied by the end of Calico tier security (order 100), for the pods Calico GlobalNetworkPolicy security.app-out selects (calico.yaml:6))');
    expect(text).not.toContain('security.app-out egress rule 1');
    expect(text).toContain('nets 10.0.0.0/8 of Calico GlobalNetworkPolicy security.app-out (calico.yaml:17) may hold pod IPs: Calico matches pods by address: it admits it, so in the cluster this may open a path');
    expect((await sides.report('md')).split('\n')[0]).toMatch(/^### ⚠️ /);
    const json = JSON.parse(await sides.report('json')) as Json;
    const blocks = json.quietChanges.flatMap((c) => c.peers.flatMap((p) => p.why?.ipBlocks ?? []));
    expect(blocks.map((b) => `${b.field} ${b.policy} ${b.cidr} ${b.ref.file}:${b.ref.line}`)).toEqual(['nets Calico GlobalNetworkPolicy security.app-out 10.0.0.0/8 calico.yaml:17']);
    const check = targetsCheckRun(await analyzeTargets(asList(side(false, calico)), asList(side(true, calico))), CHECK);
    expect(check.conclusion).toBe('neutral');
    expect(check.summary).toContain("a changed rule's peers reach it only by nets 10.0.0.0/8 (Calico GlobalNetworkPolicy security.app-out at calico.yaml:17), which may hold pod IPs");
  });

  it('a default-tier Calico NetworkPolicy after order 1000 whose nets Allow follows a Deny: ⚠️', async () => {
    const text = await sidesOf(lateNets('10.0.0.0/8')).report();
    expect(text.split('\n')[0]).toBe('No change in allowed connectivity; not proven where Calico nets may hold pod IPs (see the changed policies).');
    expect(text).not.toContain('HALF_OPEN_INGRESS');
    expect(text).toContain('nets 10.0.0.0/8 of Calico NetworkPolicy app/out (calico.yaml:14) may hold pod IPs');
  });

  it('an earlier policy of the tier denies app/web db first: the nets rule is never reached, proven (✅)', async () => {
    const text = await sidesOf(tierNets('10.0.0.0/8') + DENY_FIRST).report();
    // The half-open finding stands too: the Deny decides before the nets, as the quiet change reads it.
    expect(text.split('\n')[0]).toBe('No change in allowed connectivity; 1 new finding.');
    expect(text).toContain('[HALF_OPEN_INGRESS]');
    expect(text).not.toContain('may hold pod IPs');
  });

  it("a notSelector leaving db's pods out by identity: its addresses admit none of them, proven (✅)", async () => {
    const notSelector = tierNets('10.0.0.0/8').replace('        nets: [10.0.0.0/8]\n', "        notSelector: projectcalico.org/namespace == 'db'\n");
    const text = await sidesOf(notSelector).report();
    expect(text.split('\n')[0]).toBe('No change in allowed connectivity; 1 new finding.');
    expect(text).not.toContain('may hold pod IPs');
  });

  it('a configured pod network the nets do not overlap: proven (✅)', async () => {
    const out = await sidesOf(tierNets('192.168.0.0/16')).run('--fail-on', 'never', '--pod-cidr', '10.42.0.0/16');
    expect(out.stdout.split('\n')[0]).toBe('No change in allowed connectivity; 1 new finding.');
    expect(out.stdout).not.toContain('may hold pod IPs');
    expect(out.stdout).not.toContain('read as holding no pod');
  });
});

/**
 * With no pod network configured, pods are assumed to have addresses in the private ranges, the shared address
 * space (100.64.0.0/10) or unique local IPv6 addresses (engine/pod-addresses.ts ASSUMED_POD_RANGES).
 */
describe('the ranges pods are assumed to have when no pod network is configured', () => {
  it('nets in the shared address space 100.64.0.0/10 (pods behind carrier-grade NAT ranges): ⚠️ not proven', async () => {
    const text = await sidesOf(tierNets('100.64.0.0/16')).report();
    expect(text.split('\n')[0]).toBe('No change in allowed connectivity; not proven where Calico nets may hold pod IPs (see the changed policies).');
    expect(text).toContain('nets 100.64.0.0/16 of Calico GlobalNetworkPolicy security.app-out (calico.yaml:17) may hold pod IPs');
  });

  it('public nets: proven, but the line says they were read as holding no pod and names the setting that decides it', async () => {
    const sides = sidesOf(tierNets('203.0.113.0/24'));
    const text = await sides.report();
    expect(text.split('\n')[0]).toBe('No change in allowed connectivity; 1 new finding.');
    expect(text).toContain(
      'nets 203.0.113.0/24 of Calico GlobalNetworkPolicy security.app-out (calico.yaml:17) is read as holding no pod: no pod network is configured, so pods are assumed to have addresses in 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10, fc00::/7; if they do not, set `podCIDRs` in .github/reachdiff.yml (or `--pod-cidr`)',
    );
    // Said, not marked ⚠️ (the heading's ⚠️ is the finding's), and "no change" stays proven.
    const md = await sides.report('md');
    expect(md).toContain('  - nets 203.0.113.0/24 of Calico GlobalNetworkPolicy security.app-out');
    expect(md).not.toContain('⚠️ nets');
    expect(md).not.toContain('not proven');
    // The pod network configured, holding those addresses: not proven; not holding them: nothing said.
    const configured = await sides.run('--fail-on', 'never', '--pod-cidr', '203.0.113.0/24');
    expect(configured.stdout).toContain('nets 203.0.113.0/24 of Calico GlobalNetworkPolicy security.app-out (calico.yaml:17) may hold pod IPs');
    const elsewhere = await sides.run('--fail-on', 'never', '--pod-cidr', '10.42.0.0/16');
    expect(elsewhere.stdout).not.toContain('203.0.113.0/24 of');
  });
});
