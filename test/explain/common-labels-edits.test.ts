/**
 * Smallest edits written into a file whose kustomization sets `commonLabels` (or `labels` with
 * `includeSelectors`): Kustomize adds those labels to every `podSelector.matchLabels` of a policy's
 * `from`/`to` entries, so a peer pasted there selects only pods carrying them once built. New-user 37: a
 * payments base with `commonLabels: {team: payments}`; `explain shop/api → payments/payments` suggested
 * adding shop/api to the base policy's rule ("opens nothing else"), which `kubectl kustomize` renders as
 * `{app: api, team: payments}`: applied, the traffic stayed denied.
 */
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const deployment = (name: string, ns: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers: [{name: c, image: i, ports: [{containerPort: 9443}]}]\n`;
const policy =
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: payments\nspec:\n  podSelector:\n    matchLabels: {app: payments}\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels: {kubernetes.io/metadata.name: checkout}\n          podSelector:\n            matchLabels: {app: checkout}\n      ports:\n        - port: 9443\n';
const repo = (labels: string) => ({
  'payments/kustomization.yaml': `namespace: payments\n${labels}resources:\n  - app.yaml\n  - policy.yaml\n`,
  'payments/app.yaml': deployment('payments', 'payments'),
  'payments/policy.yaml': policy,
  'apps/api.yaml': deployment('api', 'shop'),
  'apps/checkout.yaml': deployment('checkout', 'checkout'),
  // One cluster: the top-level kustomization builds the payments folder and the other apps.
  'kustomization.yaml': 'resources:\n  - payments\n  - apps/api.yaml\n  - apps/checkout.yaml\n',
});

interface Json {
  explain: { directions: { direction: string; edits: { policy: string; change: { kind: string }; file: string; line: number }[] }[] };
}
const ingressEdits = async (files: Record<string, string>) => {
  const out = await main(['explain', await tempFolder(files), '--from', 'shop/api', '--to', 'payments/payments', '--port', '9443', '--format', 'json']);
  expect(out.exitCode).toBe(1);
  return (JSON.parse(out.stdout) as Json).explain.directions.find((d) => d.direction === 'ingress')!.edits;
};

describe('explain: edits in a file whose build adds commonLabels to rule peers', () => {
  it('without commonLabels, adding shop/api to the rule is suggested (the control)', async () => {
    const edits = await ingressEdits(repo(''));
    expect(edits.map((e) => e.change.kind)).toContain('add-peer');
  });

  it('with commonLabels, no edit that the labels defeat: every one left, built, allows the traffic', async () => {
    for (const labels of ['commonLabels:\n  team: payments\n', 'labels:\n  - pairs: {team: payments}\n    includeSelectors: true\n']) {
      const edits = await ingressEdits(repo(labels));
      // Adding the peer (or a rule with it) to payments/policy.yaml would read {app: api, team: payments} once built.
      expect(edits.filter((e) => e.change.kind === 'add-peer' || e.change.kind === 'add-rule')).toEqual([]);
    }
  });
});
