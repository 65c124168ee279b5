/**
 * An object of an unmodelled policy kind that names no namespace is placed as the modelled objects beside it
 * are: in the build's namespace when it replaces the written one (Flux `targetNamespace`), else in the
 * file's default namespace (an Argo CD Application's destination). It was always taken to be in `default`,
 * so an EgressFirewall a Flux Kustomization places beside its Deployment "selected no workload of these
 * manifests" (new-user trial 42, finding 4), while Kustomize's `namespace:` (written into the object) worked.
 */
import { loadManifests } from '../../src/manifests/load.js';
import type { ManifestFile } from '../../src/manifests/load.js';

const app = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: x}]}
---
apiVersion: k8s.ovn.org/v1
kind: EgressFirewall
metadata: {name: default}
spec:
  egress:
    - type: Deny
      to: {cidrSelector: 0.0.0.0/0}
---
apiVersion: network.openshift.io/v1
kind: EgressNetworkPolicy
metadata: {name: openshift}
spec:
  egress:
    - type: Deny
      to: {cidrSelector: 0.0.0.0/0}
`;

const unmodelled = (files: ManifestFile[]) => {
  const loaded = loadManifests(files);
  return { keys: loaded.unmodelled.map((o) => o.key).sort(), messages: loaded.diagnostics.filter((d) => d.code === 'UNMODELLED_POLICY').map((d) => d.message) };
};

describe('unmodelled objects without a namespace', () => {
  it.each([
    ['a namespace the build replaces (Flux targetNamespace)', [{ path: 'app/a.yaml', text: app, overrideNamespace: 'networking', defaultNamespace: 'networking' }]],
    ['the file default namespace (an Argo CD destination)', [{ path: 'app/a.yaml', text: app, defaultNamespace: 'networking' }]],
    [
      'a Kustomize build placed by Flux targetNamespace',
      [
        { path: 'app/kustomization.yaml', text: 'resources: [a.yaml]\n', overrideNamespace: 'networking', defaultNamespace: 'networking' },
        { path: 'app/a.yaml', text: app, overrideNamespace: 'networking', defaultNamespace: 'networking' },
      ],
    ],
    ['a Kustomize namespace', [{ path: 'app/kustomization.yaml', text: 'namespace: networking\nresources: [a.yaml]\n' }, { path: 'app/a.yaml', text: app }]],
  ] as [string, ManifestFile[]][])('go where the modelled objects beside them go: %s', (_, files) => {
    const found = unmodelled(files);
    expect(found.keys).toEqual(['EgressFirewall.k8s.ovn.org/networking/default', 'EgressNetworkPolicy.network.openshift.io/networking/openshift']);
    expect(found.messages).toHaveLength(2);
    for (const m of found.messages) expect(m).toContain('It selects networking/web[Deployment].');
  });

  it('a namespace written in the object stays where it is written when the build does not replace it', () => {
    const found = unmodelled([{ path: 'a.yaml', text: app.replace('metadata: {name: default}', 'metadata: {name: default, namespace: edge}'), defaultNamespace: 'networking' }]);
    expect(found.keys).toContain('EgressFirewall.k8s.ovn.org/edge/default');
  });
});
