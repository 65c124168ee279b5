/**
 * A quiet change whose other side "already allowed" the peer only as the model reads a Calico Deny's `nets` (addresses
 * outside the cluster, never pods): Calico matches pod IPs by `nets`, so that Deny may have denied it there, and what
 * the model allows the plugin need not allow. db's ingress meets Calico tier security first: a Deny from `nets
 * 10.0.0.0/8`, then a Pass to the NetworkPolicies, whose db/pg admits every namespace on TCP 5432. Head adds a policy
 * admitting app's pods: before the Deny (a policy of the tier of smaller order), "no change" is not proven; as a
 * NetworkPolicy rule (after the Deny, as base's allow), Calico denies the pods in the nets on both sides alike.
 * Also: a policy added to a Calico tier brings its tier's end-of-tier deny, told as the tier's end, not as a rule
 * the policy has; the policies after it in the tier, untouched, are not "changed".
 */
import { diffSides } from '../helpers/folder-diff.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { targetsCheckRun } from '../../src/report/targets-check-run.js';

const deployment = (ns: string, name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: ${name}}]}\n`;
const namespace = (n: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${n}}\n`;
const DB_NP = (extra: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: pg, namespace: db}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - namespaceSelector: {}\n      ports: [{port: 5432}]\n${extra}`;
const APP_RULE = '    - from:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: app}}\n      ports: [{port: 5432}]\n';
const calico = (nets: string) =>
  `apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: security}\nspec: {order: 100}\n---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: security.db-in}\nspec:\n  tier: security\n  order: 10\n  selector: projectcalico.org/namespace == 'db'\n  types: [Ingress]\n  ingress:\n    - action: Deny\n      source:\n        nets: [${nets}]\n    - action: Pass\n`;
/** A policy of the tier before security.db-in admitting app's pods on TCP 5432. */
const EARLY =
  "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: security.db-early}\nspec:\n  tier: security\n  order: 5\n  selector: projectcalico.org/namespace == 'db'\n  types: [Ingress]\n  ingress:\n    - action: Allow\n      protocol: TCP\n      source:\n        namespaceSelector: projectcalico.org/name == 'app'\n      destination:\n        ports: [5432]\n";
const side = (nets: string, more: Record<string, string> = {}, np = DB_NP('')) => ({
  'ns.yaml': `${namespace('db')}---\n${namespace('app')}`,
  'apps.yaml': `${deployment('db', 'pg')}---\n${deployment('app', 'web')}`,
  'np-db.yaml': np,
  'calico.yaml': calico(nets),
  ...more,
});
const asList = (files: Record<string, string>) => Object.entries(files).map(([path, text]) => ({ path, text }));
const CHECK = { failOn: ['opened', 'errors'], otherChanges: 'neutral', text: '', rollbackButton: false } as const;

interface Json {
  quietChanges: { policy: string; peers: { endOfTier?: string; rule: number; why?: { kind: string; ipBlocks?: { policy: string; cidr: string; field?: string; ref: { file: string; line: number } }[] } }[] }[];
}

describe('a quiet change whose other side allowed it only past a Calico Deny to nets', () => {
  it('head admits app before the Deny; base allowed it past the Deny as the model reads nets: ⚠️ not proven, the check neutral', async () => {
    const [base, head] = [side('10.0.0.0/8'), side('10.0.0.0/8', { 'early.yaml': EARLY })];
    const sides = diffSides({ base, head });
    const text = await sides.report();
    expect(text.split('\n')[0]).toBe('No change in allowed connectivity; not proven where Calico nets may hold pod IPs (see the changed policies).');
    expect(text).toContain('ingress rule 1 now admits app/[all pods] on TCP 5432 (early.yaml:13): no path opens: base already allowed it (NetworkPolicy db/pg ingress rule 1 (base:np-db.yaml:8))');
    expect(text).toContain('nets 10.0.0.0/8 of Calico GlobalNetworkPolicy security.db-in (base:calico.yaml:17) may hold pod IPs: Calico matches pods by address: it may deny it in base, so in the cluster this may open a path');
    const md = await sides.report('md');
    expect(md).toContain('  - ⚠️ nets 10.0.0.0/8 of Calico GlobalNetworkPolicy security.db-in');
    const json = JSON.parse(await sides.report('json')) as Json;
    const already = json.quietChanges.flatMap((c) => c.peers.flatMap((p) => (p.why?.kind === 'already' ? [p.why] : [])));
    expect(already.flatMap((w) => w.ipBlocks ?? []).map((b) => `${b.field} ${b.policy} ${b.cidr} ${b.ref.file}:${b.ref.line}`)).toEqual(['nets Calico GlobalNetworkPolicy security.db-in 10.0.0.0/8 calico.yaml:17']);
    const check = targetsCheckRun(await analyzeTargets(asList(base), asList(head)), CHECK);
    expect(check.conclusion).toBe('neutral');
    expect(check.summary).toContain("a changed rule's peers were allowed past the Deny of nets 10.0.0.0/8 (Calico GlobalNetworkPolicy security.db-in at base:calico.yaml:17) only as if no pod had those addresses, which pods may have");
  });

  it('head admits app by a NetworkPolicy rule, after the Deny as base allowed it: Calico denies alike on both sides, proven (✅)', async () => {
    const text = await diffSides({ base: side('10.0.0.0/8'), head: side('10.0.0.0/8', {}, DB_NP(APP_RULE)) }).report();
    expect(text.split('\n')[0]).toBe('No change in allowed connectivity.');
    expect(text).toContain('base already allowed it (NetworkPolicy db/pg ingress rule 1 (base:np-db.yaml:8))');
    expect(text).not.toContain('may hold pod IPs');
  });

  it('nets no pod may have (a configured pod network elsewhere): proven (✅)', async () => {
    const out = await diffSides({ base: side('192.168.0.0/16'), head: side('192.168.0.0/16', { 'early.yaml': EARLY }) }).run('--fail-on', 'never', '--pod-cidr', '10.42.0.0/16');
    expect(out.stdout.split('\n')[0]).toBe('No change in allowed connectivity.');
    expect(out.stdout).not.toContain('may hold pod IPs');
  });
});

describe("a Calico policy added to a tier: the tier's end is told as such", () => {
  it("its end-of-tier deny reads as the tier's end, not its ingress rule 1; the policy is named once; security.db-in, untouched, is not changed", async () => {
    const sides = diffSides({ base: side('10.0.0.0/8'), head: side('10.0.0.0/8', { 'early.yaml': EARLY }) });
    const text = await sides.report();
    expect(text).toContain('Changed, no path changes (1 policy):\n  Calico GlobalNetworkPolicy security.db-early added (early.yaml:1)\n');
    expect(text).toContain('ingress at the end of Calico tier security (order 100) now denies 0.0.0.0/0, ::/0 on any port (early.yaml:1)');
    expect(text).not.toContain('ingress rule 1 now denies');
    const json = JSON.parse(await sides.report('json')) as Json;
    expect(json.quietChanges.map((c) => c.policy)).toEqual(['Calico GlobalNetworkPolicy security.db-early']);
    expect(json.quietChanges[0].peers.map((p) => p.endOfTier)).toEqual([undefined, 'Calico tier security (order 100)']);
  });

  it("paths its tier's end closes: the headline cites the policy's line, not as a rule (was '1 rule, calico.yaml:6')", async () => {
    // Head adds a policy of tier security selecting app's pods, allowing their egress to nets only: the tier's end denies the rest.
    const appOut =
      "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: security}\nspec: {order: 100}\n---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: security.app-out}\nspec:\n  tier: security\n  order: 10\n  selector: projectcalico.org/namespace == 'app'\n  types: [Egress]\n  egress:\n    - action: Allow\n      destination:\n        nets: [10.0.0.0/8]\n";
    const base: Record<string, string> = { ...side('10.0.0.0/8') };
    delete base['calico.yaml'];
    const text = await diffSides({ base, head: { ...base, 'calico.yaml': appOut } }).report();
    expect(text.split('\n')[2]).toMatch(/^Closes .* \(calico\.yaml:6\); closes app\/web => db\/pg on TCP 5432 \(calico\.yaml:6\)\.$/);
    expect(text).not.toContain('1 rule, calico.yaml:6');
    expect(text).toContain('why: denied at the end of Calico tier security (order 100): Calico GlobalNetworkPolicy security.app-out selects the pod and no rule of the tier decided it (calico.yaml:6)');
  });
});
