/**
 * `explain --from {ingress-controller}` without `--port`: the smallest edits ask only for the Ingress
 * route's ports (the controller reaches nothing else), never every port, and a `namespaceSelector: {}`
 * they add is said to be what lint flags (fresh-user trial 18, P13).
 */
import { explainFiles } from '../../src/analysis/explain-run.js';
import type { Edit } from '../../src/engine/index.js';
import { explainText } from '../../src/report/explain-text.js';
import { peerLabels } from '../../src/report/peer-label.js';
import { deployment, manifests, namespace, policy } from '../engine/fixtures.js';

const objects = [
  namespace('web', { team: 'frontend' }),
  namespace('api'),
  deployment('web', 'frontend', { app: 'frontend' }),
  deployment('api', 'backend', { app: 'backend' }, [{ name: 'api', containerPort: 9000 }, { name: 'admin', containerPort: 9001 }]),
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'backend', namespace: 'api' }, spec: { selector: { app: 'backend' }, ports: [{ port: 80, targetPort: 9000 }] } },
  { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'api', namespace: 'api' }, spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'backend', port: { number: 80 } } } }] } }] } },
  policy('api', 'backend-ingress', { podSelector: { matchLabels: { app: 'backend' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'frontend' } } }], ports: [{ port: 'api' }] }] }),
];

function explainController(ports: string[]) {
  const r = explainFiles([{ path: 'k8s.yaml', text: manifests(...objects) }], { from: '{ingress-controller}', to: 'api/backend', ports });
  if (!r.ok || r.value.answer.kind !== 'explained') throw new Error('not explained');
  return { report: r.value, edits: r.value.answer.edits.get('ingress') ?? [] };
}

const ports = (e: Edit) => (e.change.kind === 'add-peer' ? 'the rule’s' : e.change.ports === 'any' ? 'any' : e.change.ports.map((p) => `${p.protocol} ${p.port}`).join(', '));

describe('explain from the ingress controller, no --port', () => {
  it('suggests edits on the route’s port only: the rule that already allows it gains the peer, or a new rule on TCP 9000', () => {
    const { edits } = explainController([]);
    expect(edits.map((e) => `${e.change.kind} ${ports(e)}`)).toEqual(['add-peer the rule’s', 'add-rule TCP 9000']);
    expect(edits[0].rule).toBe(0);
  });

  it('suggests what --port 9000 suggests', () => {
    const strip = (e: Edit) => ({ ...e, alsoOpensSample: [] });
    expect(explainController([]).edits.map(strip)).toEqual(explainController(['9000']).edits.map(strip));
  });

  it('says that the `namespaceSelector: {}` it adds is what lint flags, and why it is the peer suggested', () => {
    const { report } = explainController([]);
    const text = explainText(report, peerLabels(report.workloads));
    expect(text).toContain('- namespaceSelector: {}');
    expect(text).toContain('(lint: PERMISSIVE_RULE); it is the only peer reachdiff can verify admits the ingress controller');
  });
});
