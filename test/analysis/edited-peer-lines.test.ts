/**
 * A peer (or port) added to or edited in a rule whose own line the change leaves alone is cited at that peer's
 * line, not at the rule's `- from:` (new-user 48, finding 1: a namespaceSelector peer added at lines 13–14 was
 * cited at line 10); a rule added keeps its own line. Fixtures written here.
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { sideTreesSync } from '../helpers/git.js';

const policy = (peers: string, ports = '        - port: 8080\n') =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-api\n  namespace: team-a\nspec:\n  podSelector:\n    matchLabels: {app: api}\n  ingress:\n    - from:\n${peers}      ports:\n${ports}`;
const WEB = '        - podSelector:\n            matchLabels: {app: web}\n';
const TEAM = (team: string) => `        - namespaceSelector:\n            matchLabels: {team: ${team}}\n`;

async function diff(base: string, head: string): Promise<string> {
  const root = sideTreesSync({ base: { 'np.yaml': base }, head: { 'np.yaml': head } }, 'reachdiff-peer-lines-');
  const out = await main(['diff', join(root, 'base'), join(root, 'head'), '--fail-on', 'never']);
  expect(out.stderr).toBe('');
  return out.stdout;
}

describe('a rule peer the change adds or edits', () => {
  it('a peer added: cited at its line (13), not the rule line (10)', async () => {
    const text = await diff(policy(WEB), policy(WEB + TEAM('b')));
    expect(text).toContain('(1 rule, np.yaml:13)');
    expect(text).not.toContain('np.yaml:10');
  });

  it("a peer's selector edited: cited at that peer; the base side of the closed paths at base's peer", async () => {
    const text = await diff(policy(WEB + TEAM('b')), policy(WEB + TEAM('c')));
    expect(text).toContain('(1 rule, np.yaml:13)');
    expect(text).toContain('base:np.yaml:13');
    expect(text).not.toMatch(/np\.yaml:10\b/);
  });

  it('a port edited: cited at the port line', async () => {
    const text = await diff(policy(WEB), policy(WEB, '        - port: 9090\n'));
    expect(text).toMatch(/np\.yaml:14\b/);
    expect(text).not.toMatch(/np\.yaml:10\b/);
  });

  it('a whole rule added keeps its own line', async () => {
    const text = await diff(policy(WEB), `${policy(WEB)}    - from:\n${TEAM('b')}`);
    expect(text).toContain('(1 rule, np.yaml:15)');
  });
});
