/**
 * An object whose name or own namespace is still a placeholder (`${SERVER_NAME}`: a Flux Kustomization without
 * postBuild leaves it as written; a kustomization builds a template as it is) has no identity here: it was read as
 * a workload named `${SERVER_NS}/${SERVER_NAME}` (kashalls/home-cluster 36e13c601, "analysed as if the name were
 * valid"). Now an error at the name's line says which placeholders, and the object is left out
 * (manifests/placeholder-identity.ts). Fixtures: written here, by hand.
 */
import { main } from '../../src/cli/main.js';
import { tempFolderSync } from '../helpers/git.js';

const job = (name: string, namespace: string) => `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: "${name}"\n  namespace: "${namespace}"\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: server\n          image: debian\n`;
const web = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: net\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx\n';
const sync = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: flux-system\n  namespace: flux-system\nspec:\n  url: https://example.invalid/ops\n  ref:\n    branch: main\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: net\n  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./apps/net\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n';

describe('an object named by a placeholder nothing fills', () => {
  it('a Flux Kustomization without postBuild: no workload `${SERVER_NS}/${SERVER_NAME}`, an error at the name line', async () => {
    const dir = tempFolderSync({ 'clusters/prod/sync.yaml': sync, 'apps/net/web.yaml': web, 'apps/net/server.yaml': job('${SERVER_NAME}', '${SERVER_NS}') }, 'reachdiff-placeholder-');
    const out = await main(['list', dir]);
    expect(out.stdout).not.toContain('${SERVER');
    expect(out.stdout).toContain('net/web[Deployment] => 0.0.0.0/0, ::/0 : All Connections');
    expect(out.stderr).toContain(
      'apps/net/server.yaml:4: error: Job `${SERVER_NS}/${SERVER_NAME}`: its name and namespace are placeholders nothing here fills (`${SERVER_NAME}`, `${SERVER_NS}`), as in a template another tool renders or a Flux post-build variable of a Kustomization without postBuild: which object it is stays unknown, so it is not analysed (the API server rejects it as written) [INVALID_NAME]',
    );
  });

  it('a kustomization building it: the namespace its build sets is no placeholder, the name is', async () => {
    const dir = tempFolderSync({ 'app/kustomization.yaml': 'namespace: net\nresources: [web.yaml, server.yaml]\n', 'app/web.yaml': web, 'app/server.yaml': job('iperf-{{ .name }}', '${SERVER_NS}') }, 'reachdiff-placeholder-');
    const out = await main(['list', dir]);
    expect(out.stdout).not.toContain('iperf');
    expect(out.stderr).toContain('error: Job `iperf-{{ .name }}`: its name is a placeholder nothing here fills (`{{ .name }}`)');
  });

  it('a diff: the templated Job deleted closes nothing (no object was there to remove)', async () => {
    const files = { 'clusters/prod/sync.yaml': sync, 'apps/net/web.yaml': web };
    const [base, head] = [tempFolderSync({ ...files, 'apps/net/server.yaml': job('${SERVER_NAME}', '${SERVER_NS}') }, 'reachdiff-placeholder-'), tempFolderSync(files, 'reachdiff-placeholder-')];
    const out = await main(['diff', base, head, '--fail-on', 'never']);
    expect(out.stdout.split('\n')[0]).toBe('No change in allowed connectivity.');
    expect(out.stdout).not.toMatch(/\$\{SERVER_\w+\}\[Job\]/);
    expect(out.stdout).toContain('base: apps/net/server.yaml:4: error: Job `${SERVER_NS}/${SERVER_NAME}`: its name and namespace are placeholders');
  });
});
