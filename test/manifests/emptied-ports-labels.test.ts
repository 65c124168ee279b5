/**
 * Ports and label values a Flux `${VAR}` leaves empty, where an unread substituteFrom object (an encrypted
 * Secret) may hold the value: unknown, said at their line, never read silently. Before, `port: ${PORT}`
 * emptied in a plain file read as `port:` (every port of the protocol: the rule widened to all of TCP), in a
 * built object as the port name "" (the API server's error, the whole policy not applied), a Cilium port ""
 * as a policy the agent refuses; an emptied label value in a selector or on pods was read as "" without a word.
 */
import { main } from '../../src/cli/main.js';
import { loadManifests } from '../../src/manifests/load.js';
import { analyzeFiles } from '../helpers/analyze.js';
import { tempFolderSync } from '../helpers/git.js';

const web = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: web}}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: db, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {app: db}}\n';

/** NetworkPolicy db admitting web on one port: `port:` on line 11 as the substitution left it. */
const npEmptied = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
    - from:
        - podSelector: {matchLabels: {app: web}}
      ports:
        - port:
          protocol: TCP
`;

/** CiliumNetworkPolicy db: egress to web on 443 and on a port emptied to "" (line 13). */
const cnpEmptied = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: db}}
  egress:
    - toEndpoints:
        - matchLabels: {app: web}
      toPorts:
        - ports:
            - port: "443"
              protocol: TCP
            - port: ""
              protocol: TCP
`;

const emptied = (line: number, name = 'PORT') => new Map([[line, [name]]]);

function conn(files: { path: string; text: string; emptied?: ReadonlyMap<number, readonly string[]> }[], src: string, dst: string) {
  const a = analyzeFiles(files);
  return { conn: a.json.connections.find((c) => c.src.id === src && c.dst.id === dst)?.conn, diagnostics: a.loaded.diagnostics.map((d) => [d.severity, d.code, d.ref.line, d.message] as const) };
}

describe('ports and label values a Flux variable without a value leaves empty', () => {
  it('a NetworkPolicy port: the entry is unknown and left out, so the rule admits nothing on it (not every port), said at its line', () => {
    const plain = conn([{ path: 'w.yaml', text: web }, { path: 'np.yaml', text: npEmptied }], 'shop/web[Deployment]', 'shop/db[Deployment]');
    // Written so, with no variable: `port:` is every port of TCP, as the API server reads it.
    expect(plain.conn).toEqual({ protocols: { TCP: [[1, 65535]] } });
    const read = conn([{ path: 'w.yaml', text: web }, { path: 'np.yaml', text: npEmptied, emptied: emptied(11) }], 'shop/web[Deployment]', 'shop/db[Deployment]');
    expect(read.conn).toBeUndefined();
    expect(read.diagnostics.filter(([, , , m]) => m.includes('${PORT}'))).toEqual([['warning', 'UNSUPPORTED_PEER', 11, expect.stringMatching(/ports\[0\]\.port: \$\{PORT\} has no value here .*; this port entry is not analysed \(the rule admits nothing on it here\)$/)]]);
  });

  it('a Cilium toPorts port: the entry is left out and the others read; before, the agent refused the policy', () => {
    const read = conn([{ path: 'w.yaml', text: web }, { path: 'cnp.yaml', text: cnpEmptied, emptied: emptied(13) }], 'shop/db[Deployment]', 'shop/web[Deployment]');
    expect(read.diagnostics.filter(([severity]) => severity === 'error')).toEqual([]);
    expect(read.diagnostics.filter(([, code]) => code === 'UNSUPPORTED_PEER').map(([, , line]) => line)).toEqual([13]);
    expect(read.conn).toEqual({ protocols: { TCP: [[443, 443]] } });
  });

  it('a label value in a selector, on pods and on a Namespace: read as "", said at its line', () => {
    const selector = npEmptied.replace('{matchLabels: {app: web}}', '{matchLabels: {app: }}').replace('        - port:\n', '        - port: 80\n');
    const sel = loadManifests([{ path: 'np.yaml', text: selector, emptied: emptied(9, 'APP') }]);
    expect(sel.diagnostics.map((d) => [d.code, d.ref.line, d.message.replace(/ \(Flux[^)]*\)/, '')])).toEqual([['UNSUPPORTED_PEER', 9, expect.stringMatching(/matchLabels: "app": \$\{APP\} has no value here, leaving ""; read as app="", which no pod the manifests hold carries: this requirement matches nothing known here$/)]]);
    const expression = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  podSelector:\n    matchExpressions:\n      - key: app\n        operator: In\n        values:\n          - ""\n          - db\n';
    expect(loadManifests([{ path: 'p.yaml', text: expression, emptied: emptied(10, 'APP') }]).diagnostics.map((d) => [d.code, d.ref.line])).toEqual([['UNSUPPORTED_PEER', 10]]);
    const pods = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  template:\n    metadata:\n      labels:\n        app: api\n        tier:\n';
    const read = loadManifests([{ path: 'd.yaml', text: pods, emptied: emptied(9, 'TIER') }]);
    expect(read.cluster.workloads[0].podLabels).toEqual({ app: 'api', tier: '' });
    expect(read.diagnostics.map((d) => [d.code, d.ref.line, d.message.replace(/ \(Flux[^)]*\)/, '')])).toEqual([['UNSUPPORTED_PEER', 9, expect.stringMatching(/"tier": \$\{TIER\} has no value here, leaving ""; the pods are read with tier="" here, so a selector asking for a value of tier does not select them$/)]]);
    const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    zone:\n';
    expect(loadManifests([{ path: 'n.yaml', text: namespace, emptied: emptied(6, 'ZONE') }]).diagnostics.map((d) => [d.code, d.ref.line])).toEqual([['UNSUPPORTED_PEER', 6]]);
    // A Cilium endpoint selector's value likewise.
    const cilium = cnpEmptied.replace('{matchLabels: {app: web}}', '{matchLabels: {app: ""}}').replace('            - port: ""\n              protocol: TCP\n', '');
    expect(loadManifests([{ path: 'c.yaml', text: cilium, emptied: emptied(8, 'APP') }]).diagnostics.map((d) => [d.code, d.ref.line])).toEqual([['UNSUPPORTED_PEER', 8]]);
  });

  it('a port in a Flux build (substituted after the build) whose value an encrypted Secret holds: the rule is analysed, not the policy rejected', async () => {
    const SYNC = 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: flux-system, namespace: flux-system}\nspec: {url: "ssh://git@github.com/acme/gitops"}\n';
    const KS = 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: apps, namespace: flux-system}\nspec:\n  path: ./apps\n  sourceRef: {kind: GitRepository, name: flux-system}\n  postBuild:\n    substituteFrom: [{kind: Secret, name: cluster-secrets}]\n';
    const SOPS = 'apiVersion: v1\nkind: Secret\nmetadata: {name: cluster-secrets, namespace: flux-system}\nstringData:\n  API_PORT: ENC[AES256_GCM,data:abc]\nsops:\n  mac: ENC[AES256_GCM,data:x]\n';
    const policy = (head: boolean) =>
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{podSelector: {matchLabels: {app: web}}}]\n      ports: [{port: 5432}]\n${head ? '    - from: [{podSelector: {matchLabels: {app: web}}}]\n      ports:\n        - port: ${API_PORT}\n' : ''}`;
    const side = (head: boolean) => tempFolderSync({ 'clusters/prod/sync.yaml': SYNC, 'clusters/prod/apps.yaml': KS, 'clusters/prod/secrets.yaml': SOPS, 'apps/kustomization.yaml': 'resources: [w.yaml, np.yaml]\n', 'apps/w.yaml': web, 'apps/np.yaml': policy(head) }, 'reachdiff-emptied-port-');
    const out = await main(['diff', side(false), side(true), '--format', 'json']);
    const report = JSON.parse(out.stdout) as { warnings: { code: string; severity: string; line: number; message: string; side?: string }[] };
    expect(report.warnings.filter((w) => w.severity === 'error')).toEqual([]);
    expect(report.warnings.filter((w) => w.code === 'UNSUPPORTED_PEER').map((w) => [w.line, w.message.replace(/ \(Flux[^)]*\)/, '')])).toEqual([[12, expect.stringMatching(/ports\[0\]\.port: \$\{API_PORT\} has no value here, leaving ""; this port entry is not analysed/)]]);
  });
});
