/**
 * explain's smallest edits never edit a policy a controller installs (a FluxInstance's Flux policies): the
 * repository writes it nowhere, so there is no rule to paste into (a new-user trial was offered an ingress rule
 * "in flux-system/allow-egress at flux-instance.yaml:3", the FluxInstance's kind line). A policy the
 * repository writes beside it is still edited. Hand-written fixtures.
 */
import { explainFiles } from '../../src/analysis/explain-run.js';
import { appDeployment } from '../helpers/deployment-yaml.js';

const instance = `apiVersion: fluxcd.controlplane.io/v1
kind: FluxInstance
metadata: {name: flux, namespace: flux-system}
spec:
  distribution: {version: "2.x", registry: ghcr.io/fluxcd}
`;
const deployment = (name: string, namespace: string) => appDeployment(name, namespace, ', ports: [{containerPort: 9000}]');
const own = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: dashboard, namespace: flux-system}
spec:
  podSelector: {matchLabels: {app: dashboard}}
  policyTypes: [Ingress]
  ingress:
    - from: [{podSelector: {matchLabels: {app: dashboard}}}]
`;

function edits(files: string[]) {
  const text = files.join('---\n');
  const r = explainFiles([{ path: 'flux.yaml', text }], { from: 'monitoring/prometheus', to: 'flux-system/dashboard', ports: ['9000'] });
  if (!r.ok) throw new Error(r.message);
  if (r.value.answer.kind !== 'explained') throw new Error('absent');
  expect(r.value.answer.explanation.directions.find((d) => d.direction === 'ingress')?.allowed.isEmpty()).toBe(true);
  return [...r.value.answer.edits.values()].flat();
}

describe('a connection only installed policies deny', () => {
  it('gets no edit of an installed policy', () => {
    const found = edits([instance, deployment('dashboard', 'flux-system'), deployment('prometheus', 'monitoring')]);
    expect(found.map((e) => e.policy)).toEqual([]);
  });

  it('a policy the repository writes beside them is edited', () => {
    const found = edits([instance, deployment('dashboard', 'flux-system'), deployment('prometheus', 'monitoring'), own]);
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found.map((e) => e.policy))).toEqual(new Set(['flux-system/dashboard']));
  });
});
