/**
 * Regions of a cut the box bound stopped short (regions.ts, `maxBoxes`) are named by every applied selector
 * that holds them, not by the holding peer alone: a region of app=a pods that also carry component=b was
 * named `[pod with {app In (a)}]`, a name false for ordinary app=a pods (a real Kubeflow diff read
 * "opens … to [pod with {component In (model-registry-server)}]" for a label combination no such pod has).
 */
import { buildRegions } from '../../src/engine/index.js';
import { loadManifests } from '../../src/manifests/load.js';

const policy = (key: string, value: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${key}-${value}
  namespace: apps
spec:
  podSelector:
    matchExpressions:
    - {key: ${key}, operator: In, values: [${value}]}
  policyTypes: [Ingress]
  ingress:
  - from:
    - namespaceSelector: {}`;

describe('names of regions of a cut the bound stopped short', () => {
  it('say every applied selector that holds the region', () => {
    const text = [['app', 'a'], ['component', 'b'], ['tier', 'c'], ['role', 'd'], ['team', 'e']].map(([k, v]) => policy(k, v)).join('\n---\n');
    const cluster = loadManifests([{ path: 'c.yaml', text }]).cluster;
    // 2 boxes per selector: 8 boxes hold app, component and tier; role would make 16.
    const regions = buildRegions([cluster], 8);
    expect(regions.incomplete).toBe(true);
    const apps = regions.regions.filter((r) => r.namespace === 'apps');
    expect(apps.length).toBeGreaterThan(0);
    let combined = 0;
    for (const r of apps) {
      const id = regions.nameOf(r.index).id;
      for (const [k, v] of [['app', 'a'], ['component', 'b'], ['tier', 'c']]) {
        if (r.podLabels[k] !== v) continue;
        expect(id).toMatch(new RegExp(`[{,]${k}(=| In \\()${v}[,})]`));
      }
      if (r.podLabels.app === 'a' && r.podLabels.component === 'b') combined++;
    }
    expect(combined).toBeGreaterThan(0);
  });
});
