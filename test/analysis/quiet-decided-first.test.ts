/**
 * A policy that starts (or stops) isolating pods changes no path when an Admin-tier rule decides all of those pods'
 * traffic in that direction before the NetworkPolicy tier: a Calico default-tier Pass of everything (past the
 * NetworkPolicies), an AdminNetworkPolicy denying every pod and address. The quiet-change line names that rule,
 * not the policies that isolated the pods before (which the traffic never reached).
 */
import { main } from '../../src/cli/main.js';
import { tempFolderSync } from '../helpers/git.js';
import { DNS_ONLY, TEAM_A_API, denyMetadataPassRest } from '../helpers/team-a-egress.js';

const NAMESPACE_AND_API = TEAM_A_API;
const calicoPass = denyMetadataPassRest;

const EGRESS_LOCKDOWN = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: lockdown
spec:
  priority: 5
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: team-a}}}
  egress:
    - name: nothing-leaves
      action: Deny
      to: [{namespaces: {}}, {networks: [0.0.0.0/0, "::/0"]}]
`;

const folder = (files: Record<string, string>) => tempFolderSync(files, 'reachdiff-quiet-first-');

interface QuietJson {
  quietChanges: { policy: string; isolation?: { side: string; direction: string; why?: { kind: string; side?: string; tier?: string; policies?: { policy: string; ref: { file: string; line: number }; action?: string }[] } }[] }[];
}

async function quietJson(base: string, head: string): Promise<QuietJson> {
  const out = await main(['diff', base, head, '--format', 'json', '--fail-on', 'never']);
  return JSON.parse(out.stdout) as QuietJson;
}

describe('isolation decided first by an Admin-tier rule', () => {
  const withPass = folder({ 'ns.yaml': NAMESPACE_AND_API, 'calico.yaml': calicoPass('') });
  const withPassAndPolicy = folder({ 'ns.yaml': NAMESPACE_AND_API, 'calico.yaml': calicoPass(''), 'np.yaml': DNS_ONLY });

  it('a NetworkPolicy added under a Calico default-tier Pass of everything: the Pass is why no path closes', async () => {
    const text = await main(['diff', withPass, withPassAndPolicy]);
    expect(text.stdout).toContain('No change in allowed connectivity');
    expect(text.stdout).toContain(
      'now isolates team-a/[all pods] for egress: no path closes: their egress reaches no NetworkPolicy: Calico GlobalNetworkPolicy deny-metadata egress rule 2 (calico.yaml:13) passes all that is left past them',
    );
    expect(text.stdout).not.toContain('were already isolated');
    const md = await main(['diff', withPass, withPassAndPolicy, '--format', 'md']);
    expect(md.stdout).toContain('passes all that is left past them');
    const json = await quietJson(withPass, withPassAndPolicy);
    expect(json.quietChanges[0].isolation).toEqual([
      {
        side: 'head',
        direction: 'egress',
        subject: 'team-a/[all pods]',
        ref: { file: 'np.yaml', line: 1 },
        why: { kind: 'decided-first', side: 'head', direction: 'egress', tier: 'Admin', policies: [{ policy: 'Calico GlobalNetworkPolicy deny-metadata egress rule 2', ref: { file: 'calico.yaml', line: 13 }, action: 'Pass' }] },
      },
    ]);
  });

  it('the same policy removed: no path opens, the Pass having decided base’s egress', async () => {
    const text = await main(['diff', withPassAndPolicy, withPass]);
    expect(text.stdout).toContain('no longer isolates team-a/[all pods] for egress: no path opens: their egress reached no NetworkPolicy: Calico GlobalNetworkPolicy deny-metadata egress rule 2 (base:calico.yaml:13) passes all that is left past them');
  });

  it('an AdminNetworkPolicy denying every pod and address: it is why, with its Deny', async () => {
    const base = folder({ 'ns.yaml': NAMESPACE_AND_API, 'anp.yaml': EGRESS_LOCKDOWN });
    const head = folder({ 'ns.yaml': NAMESPACE_AND_API, 'anp.yaml': EGRESS_LOCKDOWN, 'np.yaml': DNS_ONLY });
    const text = await main(['diff', base, head]);
    expect(text.stdout).toContain('No change in allowed connectivity');
    expect(text.stdout).toContain('no path closes: their egress reaches no NetworkPolicy: AdminNetworkPolicy lockdown egress rule 1 "nothing-leaves" (anp.yaml:9) denies all that is left');
  });

  it('a Pass that leaves the addresses to the NetworkPolicy tier does not decide all: the isolating policy stays the why', async () => {
    const podsOnly = '\n      destination:\n        selector: all()';
    const base = folder({ 'ns.yaml': NAMESPACE_AND_API, 'calico.yaml': calicoPass(podsOnly) });
    const head = folder({ 'ns.yaml': NAMESPACE_AND_API, 'calico.yaml': calicoPass(podsOnly), 'np.yaml': DNS_ONLY.replace('    - ports: [{port: 53, protocol: UDP}]\n', '').replace('  egress:\n', '') });
    const text = await main(['diff', base, head]);
    expect(text.stdout).toContain('No change in allowed connectivity');
    expect(text.stdout).toContain('its pods were already isolated for egress by Calico GlobalNetworkPolicy deny-metadata');
    expect(text.stdout).not.toContain('reaches no NetworkPolicy');
  });

  it('a Pass of a tier before the default one hands the traffic on to the NetworkPolicies: not the why', async () => {
    const denyAll = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: default-deny
spec:
  order: 2000
  selector: all()
  types: [Egress]
`;
    const tier = `apiVersion: projectcalico.org/v3
kind: Tier
metadata:
  name: security
spec:
  order: 100
`;
    const inSecurity = calicoPass('', '\n  tier: security').replace('name: deny-metadata', 'name: security.deny-metadata');
    const noEgress = DNS_ONLY.replace('    - ports: [{port: 53, protocol: UDP}]\n', '').replace('  egress:\n', '');
    const base = folder({ 'ns.yaml': NAMESPACE_AND_API, 'tier.yaml': tier, 'calico.yaml': inSecurity, 'deny.yaml': denyAll });
    const head = folder({ 'ns.yaml': NAMESPACE_AND_API, 'tier.yaml': tier, 'calico.yaml': inSecurity, 'deny.yaml': denyAll, 'np.yaml': noEgress });
    const text = await main(['diff', base, head]);
    expect(text.stdout).toContain('No change in allowed connectivity');
    expect(text.stdout).toContain('its pods were already isolated for egress by Calico GlobalNetworkPolicy default-deny');
    expect(text.stdout).not.toContain('reaches no NetworkPolicy');
  });
});
