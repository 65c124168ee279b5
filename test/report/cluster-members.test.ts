/**
 * The section of a cluster model that merges several targets names them after its own name, a few and a
 * count past MEMBERS_NAMED (report/target-members.ts): a Flux repository whose cluster holds 140
 * Kustomizations wrote all 140 names on one heading line, in the text and in the PR comment (new-user
 * trial 39, tyriis 5e4ccde99).
 */
import { diffSides } from '../helpers/folder-diff.js';
import { appDeployment } from '../helpers/deployment-yaml.js';

const deployment = (name: string) => appDeployment(name, 'shop', ', ports: [{containerPort: 8080}]');

const policy = (from: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: app0, namespace: shop}
spec:
  podSelector: {matchLabels: {app: app0}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: ${from}}}}]
`;

const PROD = ['app0', 'app1', 'app2', 'app3', 'app4', 'app5', 'app6', 'app7'];

const config = `targets:
${PROD.map((a) => `  - {name: ${a}, roots: [prod/${a}], cluster: prod}`).join('\n')}
  - {name: stage, roots: [staging], cluster: staging}
`;

const tree = (from: string): Record<string, string> => ({
  '.github/reachdiff.yml': config,
  ...Object.fromEntries(PROD.map((a) => [`prod/${a}/app.yaml`, deployment(a)])),
  'prod/app0/np.yaml': policy(from),
  'staging/app.yaml': deployment('app0'),
});

describe('a cluster model of many targets', () => {
  const { run } = diffSides({ base: tree('app1'), head: tree('app2') }, 'reachdiff-members-');

  it('text: its heading names five of its eight targets and counts the rest', async () => {
    const { stdout } = await run();
    expect(stdout).toContain('== prod (app0, app1, app2, app3, app4 and 3 more targets) ==');
    expect(stdout.split('\n').filter((l) => l.startsWith('== prod'))).toEqual(['== prod (app0, app1, app2, app3, app4 and 3 more targets) ==']);
  });

  it('Markdown: the same heading', async () => {
    const { stdout } = await run('--format', 'md');
    expect(stdout).toContain('#### 🔓 prod (app0, app1, app2, app3, app4 and 3 more targets)');
  });

  it('JSON keeps every member (the output contract)', async () => {
    const json = JSON.parse((await run('--format', 'json')).stdout) as { targets: { name: string; members: { name: string }[] }[] };
    expect(json.targets.find((t) => t.name === 'prod')?.members.map((m) => m.name)).toEqual(PROD);
  });
});
