/**
 * Of several base targets that deploy the same objects as a new one, the new one is compared with the one
 * it copies: the one whose policies and workloads are alike (the same rules, not only the same names), then
 * the one whose name it shares, not the first in order. real-eval 25 (fiducia-cloud/fiducia-infra): three
 * identical cluster overlays, aws, gcp and hetzner, renamed at once; each new one was compared with the
 * first removed one ("clusters/aws (new in this change, compared with fiducia-gcp …)"), and a new overlay
 * of one cluster (k3s/hetzner-e2e/clusters/hetzner-fsn1) with the first kept one (clusters/civo). Where the
 * overlays patch a policy differently, that reported the other overlay's patch as opened and closed.
 */
import { main } from '../../src/cli/main.js';
import { appDeployment } from '../helpers/deployment-yaml.js';
import { tempFolderSync } from '../helpers/git.js';

const tree = (files: Record<string, string>) => tempFolderSync(files, 'reachdiff-counterpart-choice-');

const policy = (port: number) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: client}}}]
    ports: [{port: ${port}}]
`;
const BASE = {
  'base/kustomization.yaml': 'namespace: demo\nresources:\n- app.yaml\n- policy.yaml\n',
  'base/app.yaml': `${appDeployment('web', undefined)}---\n${appDeployment('client', undefined)}`,
  'base/policy.yaml': policy(8080),
};
/** An overlay of base that, with `port`, patches the policy to admit the client on that port instead. */
const overlay = (port?: number): Record<string, string> => (port === undefined ? { 'kustomization.yaml': 'resources:\n- ../../base\n' } : { 'kustomization.yaml': 'resources:\n- ../../base\npatches:\n- path: port.yaml\n', 'port.yaml': policy(port).replace('metadata: {name: web}', 'metadata: {name: web, namespace: demo}') });
const at = (folder: string, files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([p, t]) => [`${folder}/${p}`, t]));

type Json = { targets: { name: string; comparedWith?: { targets: string[] }; summary: { opened: number; closed: number } }[] };

test('a new overlay copying the second of two overlays is compared with that one: no change, not its sibling\'s port as opened and closed', async () => {
  const base = { ...BASE, ...at('clusters/a', overlay()), ...at('clusters/b', overlay(9090)) };
  const head = { ...base, ...at('clusters/b-e2e', overlay(9090)) };
  const out = await main(['diff', tree(base), tree(head), '--format', 'json']);
  const added = (JSON.parse(out.stdout) as Json).targets.find((t) => t.name === 'clusters/b-e2e');
  expect(added?.comparedWith?.targets).toEqual(['clusters/b']);
  expect(added?.summary).toMatchObject({ opened: 0, closed: 0 });
  expect(out.exitCode).toBe(0);
});

test('of identical overlays, the one whose name the new target shares', async () => {
  const base = { ...BASE, ...at('clusters/x', overlay()), ...at('clusters/y', overlay()) };
  const head = { ...base, ...at('envs/y-e2e', overlay()) };
  const out = await main(['diff', tree(base), tree(head)]);
  expect(out.stdout.split('\n')[0]).toContain('envs/y-e2e (new in this change, compared with clusters/y, which deploys the same workloads and policies)');
});
