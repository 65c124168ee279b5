/**
 * An app-template release's `ciliumNetworkPolicies` and policy-kind `rawResources` make policies reachdiff does
 * not read from its values: each is said at its line as a warning of the release, so `explain`, `lint` and
 * `list` say it too (new-user trial 42, finding 1: the release's notice reached `diff` alone).
 */
import { loadManifests } from '../../src/manifests/load.js';

/** The note that a chartRef's source is not among the files read (manifests/chart-refs.ts): these fixtures name one they do not hold. */
const SOURCE_UNKNOWN = /spec\.chartRef names \S+ \S+, which the manifests analysed here do not define/;

const values = [
  '    controllers:', //                                    9
  '      web:', //                                          10
  '        containers:', //                                 11
  '          app:', //                                      12
  '            image: {repository: example/web}', //        13
  '    ciliumNetworkPolicies:', //                          14
  '      web:', //                                          15
  '        endpointSelector: {}', //                        16
  '      off:', //                                          17
  '        enabled: false', //                              18
  '    rawResources:', //                                   19
  '      deny:', //                                         20
  '        manifest:', //                                   21
  '          apiVersion: networking.k8s.io/v1', //          22
  '          kind: NetworkPolicy', //                       23
  '          spec: {podSelector: {}}', //                   24
  '      old:', //                                          25
  '        apiVersion: cilium.io/v2', //                    26
  '        kind: CiliumClusterwideNetworkPolicy', //        27
  '        spec: {endpointSelector: {}}', //                28
  '      settings:', //                                     29
  '        manifest: {apiVersion: v1, kind: ConfigMap, data: {a: b}}', // 30
  '',
].join('\n');

const text = `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: web\n  namespace: apps\nspec:\n  chartRef: {kind: OCIRepository, name: app-template}\n  values:\n${values}`;

describe('app-template values that make policies reachdiff does not read', () => {
  it('each enabled ciliumNetworkPolicies entry and each rawResources entry of a policy kind is said at its line; a ConfigMap or a disabled entry is not', () => {
    const read = loadManifests([{ path: 'web.yaml', text }]);
    expect(read.cluster.workloads.map((w) => w.id)).toEqual(['apps/web[Deployment]']);
    expect(read.diagnostics.filter((d) => !SOURCE_UNKNOWN.test(d.message)).map((d) => [d.code, d.ref.line, d.message])).toEqual([
      ['UNSUPPORTED_FIELD', 15, 'HelmRelease apps/web: values.ciliumNetworkPolicies.web makes a CiliumNetworkPolicy, which reachdiff does not read from app-template values; it is not analysed'],
      ['UNSUPPORTED_FIELD', 20, 'HelmRelease apps/web: values.rawResources.deny makes a NetworkPolicy, which reachdiff does not read from app-template values; it is not analysed'],
      ['UNSUPPORTED_FIELD', 25, 'HelmRelease apps/web: values.rawResources.old makes a CiliumClusterwideNetworkPolicy, which reachdiff does not read from app-template values; it is not analysed'],
    ]);
  });
});
