/**
 * A moved kustomization folder is one target (`src/team-a (was config/team-a)`), not a removed target
 * whose paths close beside an added one whose paths open (a real repository's pure rename failed the check).
 */
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const team = (dir: string, extra: Record<string, string> = {}) => ({
  [`${dir}/kustomization.yaml`]: 'namespace: team-a\nresources:\n- namespace.yaml\n- deny-all.yaml\n- web.yaml\n',
  [`${dir}/namespace.yaml`]: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: team-a\n',
  [`${dir}/deny-all.yaml`]: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-all\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n',
  [`${dir}/web.yaml`]: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: x}]}\n',
  ...extra,
});

interface Json {
  targets: { name: string; pairs: { opened: unknown; closed: unknown }[] }[];
}

it('a moved folder with the same files is one target, and nothing changes', async () => {
  const out = await main(['diff', await tempFolder(team('config/team-a')), await tempFolder(team('src/team-a')), '--format', 'json']);
  expect(out.exitCode).toBe(0);
  const json = JSON.parse(out.stdout) as Json;
  expect(json.targets.map((t) => t.name)).toEqual(['src/team-a (was config/team-a)']);
  expect(json.targets[0].pairs).toEqual([]);
});

it('a moved folder whose policy also changed reports that change under the one target', async () => {
  const allow = { 'src/team-a/deny-all.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-all\nspec:\n  podSelector: {}\n  ingress: [{}]\n' };
  const out = await main(['diff', await tempFolder(team('config/team-a')), await tempFolder(team('src/team-a', allow))]);
  expect(out.stdout.split('\n')[0]).toBe('3 paths opened; 1 new finding.');
  expect(out.stdout).not.toContain('closed');
});

it('an unrelated new folder is not taken for a moved one', async () => {
  const other = {
    'apps/other/kustomization.yaml': 'namespace: other\nresources:\n- policy.yaml\n',
    'apps/other/policy.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  podSelector: {}\n',
  };
  const out = await main(['diff', await tempFolder(team('config/team-a')), await tempFolder(other), '--format', 'json']);
  expect((JSON.parse(out.stdout) as Json).targets.map((t) => t.name).sort()).toEqual(['apps/other', 'config/team-a']);
});

/** `team` for another namespace, its files under `dir`. */
const teamIn = (dir: string, ns: string) =>
  Object.fromEntries(Object.entries(team(dir)).map(([p, t]) => [p, t.replace(/team-a/g, ns)]));

it('several deployments folded into one kustomization are one target, and nothing changes', async () => {
  const base = { ...teamIn('team-a', 'team-a'), ...teamIn('team-b', 'team-b') };
  const head = { ...teamIn('teams/team-a', 'team-a'), ...teamIn('teams/team-b', 'team-b'), 'teams/kustomization.yaml': 'resources:\n- team-a\n- team-b\n' };
  const out = await main(['diff', await tempFolder(base), await tempFolder(head), '--format', 'json']);
  expect(out.exitCode).toBe(0);
  const json = JSON.parse(out.stdout) as Json;
  expect(json.targets.map((t) => t.name)).toEqual(['teams (was team-a + team-b)']);
  expect(json.targets[0].pairs).toEqual([]);
  // The split back is the same move, one to many.
  const back = JSON.parse((await main(['diff', await tempFolder(head), await tempFolder(base), '--format', 'json'])).stdout) as Json;
  expect(back.targets.map((t) => t.name)).toEqual(['team-a + team-b (was teams)']);
  expect(back.targets[0].pairs).toEqual([]);
});

it('a fold that also changes a policy reports that change once, under the one target', async () => {
  const base = { ...teamIn('team-a', 'team-a'), ...teamIn('team-b', 'team-b') };
  const allow = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny-all\nspec:\n  podSelector: {}\n  ingress: [{}]\n';
  const head = { ...teamIn('teams/team-a', 'team-a'), ...teamIn('teams/team-b', 'team-b'), 'teams/team-b/deny-all.yaml': allow, 'teams/kustomization.yaml': 'resources:\n- team-a\n- team-b\n' };
  const json = JSON.parse((await main(['diff', await tempFolder(base), await tempFolder(head), '--format', 'json'])).stdout) as Json;
  expect(json.targets.map((t) => t.name)).toEqual(['teams (was team-a + team-b)']);
  const changed = json.targets[0].pairs;
  expect(changed.length).toBeGreaterThan(0);
  expect(changed.every((p) => p.opened && !p.closed)).toBe(true);
});

it("the targets line names the targets head removes, not only head's", async () => {
  const base = { ...teamIn('team-a', 'team-a'), ...teamIn('team-b', 'team-b'), ...teamIn('team-c', 'team-c') };
  const head = teamIn('team-a', 'team-a');
  const out = await main(['diff', await tempFolder(base), await tempFolder(head), '--format', 'json']);
  const json = JSON.parse(out.stdout) as Json & { targetSelection: { how: string } };
  expect(json.targets.map((t) => t.name).sort()).toEqual(['team-a', 'team-b', 'team-c']);
  expect(json.targetSelection.how).toBe('Targets: 1 top-level kustomization (no targets configured, no Argo CD or Flux objects). Head removes 2 targets base had: team-b, team-c.');
  const text = await main(['diff', await tempFolder(base), await tempFolder(head)]);
  expect(text.stdout).toContain('Head removes 2 targets base had: team-b, team-c.');
  // Nothing removed: head's line as it was.
  const same = JSON.parse((await main(['diff', await tempFolder(head), await tempFolder(head), '--format', 'json'])).stdout) as { targetSelection: { how: string } };
  expect(same.targetSelection.how).not.toContain('removes');
});

/** A policy-only top-level kustomization beside an app (kubeflow/manifests b9dddd282 reduced). */
const policies = (dir: string) => ({
  [`${dir}/kustomization.yaml`]: 'resources:\n- deny.yaml\n',
  [`${dir}/deny.yaml`]: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: same-namespace-only\n  namespace: team-a\nspec:\n  podSelector: {}\n  ingress:\n  - from:\n    - podSelector: {}\n',
});

it('a target whose files moved into another target is folded into it, and nothing changes', async () => {
  const base = { ...teamIn('app', 'team-a'), ...policies('policies') };
  const head = { ...teamIn('app', 'team-a'), ...policies('app/policies'), 'app/kustomization.yaml': 'namespace: team-a\nresources:\n- namespace.yaml\n- deny-all.yaml\n- web.yaml\n- policies\n' };
  const out = await main(['diff', await tempFolder(base), await tempFolder(head), '--format', 'json']);
  expect(out.exitCode).toBe(0);
  const json = JSON.parse(out.stdout) as Json;
  expect(json.targets.map((t) => t.name)).toEqual(['app (was app + policies)']);
  expect(json.targets[0].pairs).toEqual([]);
  // Split out again: the other way round.
  const back = JSON.parse((await main(['diff', await tempFolder(head), await tempFolder(base), '--format', 'json'])).stdout) as Json;
  expect(back.targets.map((t) => t.name)).toEqual(['app + policies (was app)']);
  expect(back.targets[0].pairs).toEqual([]);
});

it('a target removed while another keeps its own files is not folded into it', async () => {
  const base = { ...teamIn('app', 'team-a'), ...policies('policies') };
  const out = await main(['diff', await tempFolder(base), await tempFolder(teamIn('app', 'team-a')), '--format', 'json']);
  const json = JSON.parse(out.stdout) as Json;
  expect(json.targets.map((t) => t.name).sort()).toEqual(['app', 'policies']);
});

it("a removed target's rollback restores it: its revert is rendered again, and closes what the removal opened", async () => {
  const base = { ...teamIn('app', 'team-a'), ...policies('policies') };
  const out = await main(['diff', await tempFolder(base), await tempFolder(teamIn('app', 'team-a')), '--format', 'json']);
  interface WithRollback {
    targets: { name: string; pairs: { opened: unknown }[]; rollback: { documents: { key: string }[]; remainingOpened: number; notes: string[] } }[];
  }
  const json = JSON.parse(out.stdout) as WithRollback;
  const removed = json.targets.find((t) => t.name === 'policies')!;
  expect(removed.pairs.some((p) => p.opened)).toBe(true);
  expect(removed.rollback.remainingOpened).toBe(0);
  expect(removed.rollback.documents.map((d) => d.key)).toContain('NetworkPolicy/team-a/same-namespace-only in policies/deny.yaml');
  expect(removed.rollback.notes.join(' ')).not.toContain('Even reverting');
});
