/**
 * A kustomization's `helmCharts` (Kustomize inflates them with `helm template`; reachdiff does not render them)
 * installs pods the manifests do not hold, in the namespace the build gives the chart's objects: policies and
 * rule peers written for them are not "selecting nothing", as for a Flux HelmRelease or a chart Application
 * not rendered (real-eval 28: swibrow/home-ops 21d3dcb6, a peer `app.kubernetes.io/name: hermes` for the pods
 * of an app-template chart of a kustomization in `ai` read PEER_SELECTS_NOTHING). The namespace is the one a
 * `namespace:` of the chart's kustomization or of an overlay above gives, else the entry's own `namespace`;
 * a chart installed elsewhere changes nothing.
 */
import { computeConnectivity } from '../../src/engine/index.js';
import { DEFAULT_FINDINGS_CONFIG, commitFindings } from '../../src/findings/index.js';
import { loadManifests } from '../../src/manifests/load.js';

const codes = (files: Record<string, string>): string[] => {
  const loaded = loadManifests(Object.entries(files).map(([path, text]) => ({ path, text })));
  return commitFindings({ conn: computeConnectivity(loaded.cluster), diagnostics: loaded.diagnostics, config: DEFAULT_FINDINGS_CONFIG })
    .filter((f) => f.code.endsWith('SELECTS_NOTHING'))
    .map((f) => `${f.code} ${f.subject}`)
    .sort();
};

// Namespace ai holds one workload of the manifests (web); one policy is for the chart's pods, one admits them to web.
const gateway: Record<string, string> = {
  'gateway/kustomization.yaml': 'namespace: ai\nresources:\n- web.yaml\n- policies.yaml\n',
  'gateway/web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i}]}\n',
  'gateway/policies.yaml': [
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: hermes}\nspec:\n  podSelector: {matchLabels: {app.kubernetes.io/name: hermes}}\n  policyTypes: [Ingress]\n',
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-from-hermes}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{podSelector: {matchLabels: {app.kubernetes.io/name: hermes}}}]\n',
  ].join('---\n'),
};
const NOTHING = ['PEER_SELECTS_NOTHING ai/web-from-hermes', 'POLICY_SELECTS_NOTHING ai/hermes'];

const chart = (namespace?: string) => `helmCharts:\n- name: app-template\n  repo: oci://charts.example.invalid/helm\n  version: 1.0.0\n  releaseName: hermes\n${namespace ? `  namespace: ${namespace}\n` : ''}  valuesFile: values.yaml\n`;
const chartFolder = (kustomization: string): Record<string, string> => ({ 'hermes/kustomization.yaml': kustomization, 'hermes/values.yaml': 'controllers: {}\n', 'hermes/secret.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: hermes-config}\n' });

describe("pods of a kustomization's Helm chart, which is not rendered", () => {
  it("are not judged absent in the namespace the kustomization's namespace: gives them", () => {
    expect(codes(gateway)).toEqual(NOTHING);
    expect(codes({ ...gateway, ...chartFolder(`namespace: ai\nresources:\n- secret.yaml\n${chart()}`) })).toEqual([]);
  });

  it("nor in the release namespace the chart's entry writes, with no namespace: of its own", () => {
    expect(codes({ ...gateway, ...chartFolder(`resources:\n- secret.yaml\n${chart('ai')}`) })).toEqual([]);
  });

  it('nor where an overlay above moves them, whatever the entry writes', () => {
    const overlay = { 'overlay/kustomization.yaml': 'namespace: ai\nresources:\n- ../hermes\n' };
    expect(codes({ ...gateway, ...chartFolder(`resources:\n- secret.yaml\n${chart('staging')}`), ...overlay })).toEqual([]);
  });

  it('a chart installed in another namespace changes nothing', () => {
    expect(codes({ ...gateway, ...chartFolder(`namespace: tools\nresources:\n- secret.yaml\n${chart('ai')}`) })).toEqual(NOTHING);
  });
});
