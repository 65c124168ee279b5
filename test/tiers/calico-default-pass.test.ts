/**
 * A Pass in Calico's default tier skips the rest of that tier, the Kubernetes NetworkPolicies and the tier's
 * end-of-tier deny included, to the tiers after it, then the profiles (allow) (Calico Tier, "How policy is
 * evaluated"). The model used to hand it to the NetworkPolicy tier, where the passing policy's own default-tier
 * isolation denied it: a policy denying one address and passing the rest read as denying everything.
 */
import { main } from '../../src/cli/main.js';
import { tempFolderSync } from '../helpers/git.js';
import { DNS_ONLY, TEAM_A_API, denyMetadataPassRest } from '../helpers/team-a-egress.js';

const NAMESPACE_AND_API = TEAM_A_API;
const DENY_METADATA_PASS_REST = denyMetadataPassRest();

const folder = (files: Record<string, string>) => tempFolderSync(files, 'reachdiff-calico-pass-');

const withPass = folder({ 'ns.yaml': NAMESPACE_AND_API, 'calico.yaml': DENY_METADATA_PASS_REST });
const withPassAndNetworkPolicy = folder({ 'ns.yaml': NAMESPACE_AND_API, 'calico.yaml': DENY_METADATA_PASS_REST, 'np.yaml': DNS_ONLY });
const withoutCalico = folder({ 'ns.yaml': NAMESPACE_AND_API });

describe('a Pass in the default tier', () => {
  it('allows what it passes when nothing after the default tier decides it, naming the Pass', async () => {
    const out = await main(['explain', withPass, '--from', 'team-a/api', '--to', '8.8.8.8', '--port', '443/TCP']);
    expect(out.stdout).toContain('ALLOWED');
    expect(out.stdout).toContain('Calico GlobalNetworkPolicy deny-metadata egress rule 2 (calico.yaml:13) passes it on, past the NetworkPolicies of its tier,');
    expect(out.exitCode).toBe(0);
  });

  it('still denies what its Deny rule matches first', async () => {
    const out = await main(['explain', withPass, '--from', 'team-a/api', '--to', '169.254.169.254', '--port', '80/TCP']);
    expect(out.stdout).toContain('DENIED');
    expect(out.stdout).toContain('deny-metadata egress rule 1');
  });

  it('skips the NetworkPolicies: what it passes is allowed though a NetworkPolicy allows only DNS', async () => {
    const out = await main(['explain', withPassAndNetworkPolicy, '--from', 'team-a/api', '--to', '8.8.8.8', '--port', '443/TCP']);
    expect(out.stdout).toContain('ALLOWED');
    const list = await main(['list', withPassAndNetworkPolicy]);
    expect(list.stdout).toContain('team-a/api[Deployment] => 0.0.0.0/0 (except 169.254.169.254/32), ::/0 : All Connections');
  });

  it('removing the policy opens the one address it denied, nothing else', async () => {
    const out = await main(['diff', withPass, withoutCalico, '--format', 'json', '--fail-on', 'never']);
    const json = JSON.parse(out.stdout) as { pairs: { dst: { id: string }; opened: unknown; closed: unknown }[] };
    const opened = json.pairs.filter((p) => p.opened !== null);
    expect(opened.length).toBeGreaterThan(0);
    for (const p of opened) expect(p.dst.id).toBe('169.254.169.254-169.254.169.254');
    expect(json.pairs.filter((p) => p.closed !== null)).toEqual([]);
  });

  it('a NetworkPolicy added under it closes nothing: the Pass took the traffic past it', async () => {
    const out = await main(['diff', withPass, withPassAndNetworkPolicy]);
    expect(out.stdout).toContain('No change in allowed connectivity');
    expect(out.exitCode).toBe(0);
  });

  it('reads without the warning that called the default tier Pass approximate', async () => {
    const out = await main(['list', withPass]);
    expect(out.stderr).not.toContain('a Pass in the default tier');
  });
});
