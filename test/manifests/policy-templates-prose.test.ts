/**
 * Text that shows a policy in prose (an AI agent's prompt with fenced YAML, a Markdown description) holds no
 * template a controller applies: real-eval 29, mthorley/k8s-gitops a3dd788 installed kagent, whose Agent
 * cilium-policy-agent teaches CiliumNetworkPolicy in its system prompt; it read as "results ignore 1 Agent
 * holding policy templates" and every unprotected workload's finding said "unless Agent … isolates it".
 * A template as text (redhat-cop's NamespaceConfig `objectTemplate`, Go actions first or not) still counts.
 */
import { loadManifests } from '../../src/manifests/load.js';
import { readsAsManifest } from '../../src/manifests/policy-templates.js';
import { appDeployment } from '../helpers/deployment-yaml.js';

const WORKLOADS = [{ path: 'apps.yaml', text: appDeployment('web', 'shop') }];
const ignored = (text: string) =>
  loadManifests([...WORKLOADS, { path: 'x.yaml', text }])
    .diagnostics.filter((d) => d.code === 'UNMODELLED_POLICY')
    .map((d) => d.message);

const agent = (prompt: string) => `apiVersion: agents.example.dev/v1alpha2
kind: Agent
metadata: {name: policy-helper, namespace: agents}
spec:
  description: writes network policies from natural language
  systemMessage: |-
${prompt
  .split('\n')
  .map((l) => `    ${l}`)
  .join('\n')}
`;

const fenced = `You are an agent that writes valid CiliumNetworkPolicy YAML for the user.

## Basic structure
\`\`\`yaml
apiVersion: "cilium.io/v2"
kind: CiliumNetworkPolicy
metadata:
  name: "policy-name"
spec:
  endpointSelector: {}
\`\`\``;

const unfenced = `You write policies. An example:
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: example}
spec: {podSelector: {}}`;

const template = (lead: string) => `apiVersion: redhatcop.redhat.io/v1alpha1
kind: NamespaceConfig
metadata: {name: tenants}
spec:
  labelSelector: {matchLabels: {tenant: "true"}}
  templates:
  - objectTemplate: |
${lead}      apiVersion: networking.k8s.io/v1
      kind: NetworkPolicy
      metadata: {name: deny, namespace: "{{ .Name }}"}
      spec: {podSelector: {}}
`;

it('a prompt showing a policy in fenced YAML, or after a sentence, holds no policy template', () => {
  expect(ignored(agent(fenced))).toEqual([]);
  expect(ignored(agent(unfenced))).toEqual([]);
});

it('a template as text still counts, after comments, `---` and Go template actions too', () => {
  expect(ignored(template(''))).toEqual([expect.stringMatching(/^results ignore 1 NamespaceConfig holding policy templates: /)]);
  expect(ignored(template('      # made per tenant\n      {{- if .Labels.tenant }}\n      ---\n'))).toHaveLength(1);
});

it('readsAsManifest: the first line that is not blank, a comment, `---` or a template action is a key', () => {
  expect(readsAsManifest('apiVersion: v1\nkind: NetworkPolicy\n')).toBe(true);
  expect(readsAsManifest('- apiVersion: v1\n  kind: NetworkPolicy\n')).toBe(true);
  expect(readsAsManifest('"apiVersion": v1\n')).toBe(true);
  expect(readsAsManifest('Note that a policy looks like:\napiVersion: v1\n')).toBe(false);
  expect(readsAsManifest('apiVersion: v1\n```\nkind: NetworkPolicy\n```\n')).toBe(false);
  expect(readsAsManifest('\n# only comments\n')).toBe(false);
});
