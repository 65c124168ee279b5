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
