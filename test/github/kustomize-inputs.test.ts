/**
 * The App renders kustomizations from the blobs it loads: an overlay inside the manifest globs renders
 * from a base outside them, whose files are read in one more GraphQL round (every kustomization file is
 * read in the first), and a change to that base is analysed even though no globbed file changed.
 */
import { commit } from './support/git-fixture.js';
import { FakeGitHub, pullRequestPayload } from './support/fake-github.js';
import { deliver, serverPerTest } from './support/harness.js';
import { clientPolicy } from '../helpers/clusters.js';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: api
          image: registry.example/api:1
          ports:
            - containerPort: 8080
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: client
spec:
  selector:
    matchLabels: {app: client}
  template:
    metadata:
      labels: {app: client}
    spec:
      containers:
        - name: client
          image: registry.example/client:1
`;
const policy = (port: number) => clientPolicy('api', 'api', port);

const files = (port: number) =>
  new Map([
    ['platform/base/kustomization.yaml', 'resources:\n  - deployment.yaml\n  - policy.yaml\n'],
    ['platform/base/deployment.yaml', deployment],
    ['platform/base/policy.yaml', policy(port)],
    ['apps/prod/kustomization.yaml', 'namespace: prod\nresources:\n  - ../../platform/base\n'],
    // Outside the globs and included by nothing they select: never analysed.
    ['sandbox/kustomization.yaml', 'resources:\n  - missing.yaml\n'],
  ]);

const server = serverPerTest();

test('an overlay inside the globs renders its base from outside them, within two GraphQL queries', async () => {
  const base = commit('kbase', files(9090));
  const head = commit('khead', files(8080));
  const gh = new FakeGitHub(base, head).start().config('manifests: ["apps/**"]\n').getPull().compare().trees().graphql(2).getPull().listComments().createComment().updateCheckRun();
  await deliver(server.url, 'pull_request', pullRequestPayload('opened', { sha: gh.baseTip }, head));
  // First round: the globbed overlay and every kustomization file (3, sandbox's too); second: the base's two files (base and head differ in one).
  expect(gh.graphqlBatches).toEqual([3, 3]);
  expect(server.runs[0]).toMatchObject({ outcome: 'completed', conclusion: 'failure' });
  const comment = gh.bodies('POST', '/comments')[0].body as string;
  expect(comment).toContain('prod/client');
  expect(comment).toContain('platform/base/policy.yaml');
  expect(comment).not.toContain('sandbox');
});

// A transformer configuration outside the globs names its patch by `path:`; the patch is known only once the
// configuration is read (second round), so it is read in a third. Before, the App rendered without it: the
// base failed to build on both sides and a change to the patch passed as no change.
const patched = (port: number) =>
  new Map([
    ['platform/base/kustomization.yaml', 'resources:\n  - deployment.yaml\n  - policy.yaml\ntransformers:\n  - port-patcher.yaml\n'],
    ['platform/base/deployment.yaml', deployment],
    ['platform/base/policy.yaml', policy(9090)],
    ['platform/base/port-patcher.yaml', 'apiVersion: builtin\nkind: PatchTransformer\nmetadata:\n  name: port\npath: port-patch.yaml\ntarget:\n  kind: NetworkPolicy\n'],
    ['platform/base/port-patch.yaml', `- op: replace\n  path: /spec/ingress/0/ports/0/port\n  value: ${port}\n`],
    ['apps/prod/kustomization.yaml', 'namespace: prod\nresources:\n  - ../../platform/base\n'],
  ]);

test("a transformer configuration's patch file outside the globs is read in a third GraphQL round", async () => {
  const base = commit('tbase', patched(7070));
  const head = commit('thead', patched(8080));
  const gh = new FakeGitHub(base, head).start().config('manifests: ["apps/**"]\n').getPull().compare().trees().graphql(3).getPull().listComments().createComment().updateCheckRun();
  await deliver(server.url, 'pull_request', pullRequestPayload('opened', { sha: gh.baseTip }, head));
  // Kustomization files (2), then the base's deployment, policy and transformer configuration (3), then the two patches.
  expect(gh.graphqlBatches).toEqual([2, 3, 2]);
  expect(server.runs[0]).toMatchObject({ outcome: 'completed', conclusion: 'failure' });
  const comment = gh.bodies('POST', '/comments')[0].body as string;
  expect(comment).toContain('prod/client');
  expect(comment).toContain('TCP 8080');
  expect(comment).toContain('platform/base/port-patch.yaml');
  expect(comment).not.toMatch(/build|could not/i);
});
