/**
 * An Argo CD Application of a chart from a chart repository installs pods in its destination namespace that
 * the manifests do not hold (reachdiff does not render charts): policies and rule peers written for them are
 * not "selecting nothing", as for a Flux HelmRelease not read (new-user trial 41, finding 7: 54 of 61 lint
 * findings on a repository of Argo CD chart Applications).
 */
import { deployment, namespace, policy } from '../engine/fixtures.js';
import { findingsOf } from './support.js';

type Obj = Record<string, unknown>;

const application = (source: Obj, destination: Obj = { server: 'https://kubernetes.default.svc', namespace: 'cd' }): Obj => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'argocd', namespace: 'cd' },
  spec: { project: 'default', ...source, destination },
});
const CHART = { sources: [{ repoURL: 'https://charts.example.invalid', chart: 'argo-cd', targetRevision: '1.0.0' }, { repoURL: 'https://git.example.invalid/ops.git', ref: 'values' }] };
// The namespace holds one workload of the manifests; the policies are for the chart's pods.
const objects = [namespace('cd'), deployment('cd', 'notifier', { app: 'notifier' })];
const forChart = [
  policy('cd', 'redis', { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'argocd-redis' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'argocd-server' } } }] }] }),
];
const selectsNothing = (all: Obj[]) => findingsOf(all).filter((f) => f.code === 'POLICY_SELECTS_NOTHING' || f.code === 'PEER_SELECTS_NOTHING').map((f) => f.code);

describe('pods a chart Application installs', () => {
  it('are not judged absent in its destination namespace, with `sources` or one `source`', () => {
    expect(selectsNothing([...objects, ...forChart])).toEqual(['POLICY_SELECTS_NOTHING', 'PEER_SELECTS_NOTHING']);
    expect(selectsNothing([...objects, ...forChart, application(CHART)])).toEqual([]);
    expect(selectsNothing([...objects, ...forChart, application({ source: CHART.sources[0] })])).toEqual([]);
  });

  it('an Application of a path, or installing elsewhere, changes nothing', () => {
    expect(selectsNothing([...objects, ...forChart, application({ source: { repoURL: 'https://git.example.invalid/ops.git', path: 'apps/cd' } })])).toHaveLength(2);
    expect(selectsNothing([...objects, ...forChart, application(CHART, { server: 'https://kubernetes.default.svc', namespace: 'other' })])).toHaveLength(2);
  });
});
