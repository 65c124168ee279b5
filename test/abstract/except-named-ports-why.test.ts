/**
 * README Limitation (2), second part, fixed: a line closing `all ports except TCP http` toward pods the
 * manifests do not hold (a rule narrowed every port to `port: http`) said why as for every port (`its ingress
 * rule 1 … allows other peers, not this one`), though the rule admits those peers on `http`. The isolating
 * policy's reason now says what its rules allow this peer, port names included: `allows this peer only on
 * TCP http` (JSON `isolated-by` `peerAllowed: "TCP http"`), so the line explains the ports it closes.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import type { DiffReport } from '../../src/analysis/types.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';
import { regionPairs } from '../helpers/region-pairs.js';

const files = (text: string) => [{ path: 'np.yaml', text }];
const np = (name: string, namespace: string, spec: object) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: ${JSON.stringify(spec)}\n---\n`;

interface JsonReason {
  kind: string;
  peerAllowed?: string;
  text: string;
}
interface JsonPair {
  src: { id: string };
  dst: { id: string };
  closed: unknown;
  why: { opened: JsonReason[]; closed: JsonReason[] };
}
// Region pairs, each region of a group end on its own (docs/cli.md "Region groups").
const jsonPairs = (r: DiffReport) => regionPairs(diffJsonObject(r) as { pairs: JsonPair[] });
const jsonPair = (r: DiffReport, src: string, dst: string) => jsonPairs(r).find((p) => p.src.id === src && p.dst.id === dst);

describe('(b) closing every port but a name says the rule still allows the peer on that name', () => {
  const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n';
  const WEB = 'shop/[pod with {app=web,role NotIn (client)}]';
  const CLIENTS = 'shop/[pod with {app=web,role=client}] and shop/[pod with {role=client,app NotIn (web)}]';

  it('an ingress rule narrowed to `port: http`: text, Markdown and JSON', () => {
    const allowHttp = np('allow-http', 'shop', {
      podSelector: { matchLabels: { app: 'web' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ podSelector: { matchLabels: { role: 'client' } } }], ports: [{ port: 'http' }] }],
    });
    const r = analyzeDiff(files(ns), files(ns + allowHttp));
    const why = 'NetworkPolicy shop/allow-http (np.yaml:5) isolates ingress; its ingress rule 1 (np.yaml:8) allows this peer only on TCP http';
    expect(diffText(r)).toContain(`${WEB} no longer admits ${CLIENTS} on all ports except TCP http, ${why}; in base, no policy isolates ${WEB} for ingress`);
    expect(renderDiffMarkdown(r)).toContain('on all ports except TCP http, NetworkPolicy shop/allow-http (`np.yaml:5`) isolates ingress; its ingress rule 1 (`np.yaml:8`) allows this peer only on TCP http');
    const j = jsonPair(r, 'shop/[pod with {app=web,role=client}]', WEB)!;
    expect(j.closed).toEqual({ all: true, exceptNamedPorts: [{ protocol: 'TCP', name: 'http' }] });
    expect(j.why.closed.find((x) => x.kind === 'isolated-by')).toMatchObject({ peerAllowed: 'TCP http', text: why });
    // Peers the rule does not pick lose every port: for them the rule allows other peers only.
    expect(diffText(r)).toContain(`on all ports, NetworkPolicy shop/allow-http (np.yaml:5) isolates ingress; its ingress rule 1 (np.yaml:8) allows other peers, not this one`);
  });

  it('an egress rule narrowed to `port: http` toward pods the manifests do not hold', () => {
    const egressHttp = np('egress-http', 'shop', {
      podSelector: { matchLabels: { role: 'client' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 'http' }] }],
    });
    const r = analyzeDiff(files(ns), files(ns + egressHttp));
    const j = jsonPairs(r).find((p) => p.src.id.includes('role=client') && p.dst.id.includes('app=web'))!;
    expect(j.closed).toEqual({ all: true, exceptNamedPorts: [{ protocol: 'TCP', name: 'http' }] });
    expect(j.why.closed.find((x) => x.kind === 'isolated-by')?.peerAllowed).toBe('TCP http');
    expect(diffText(r)).toMatch(/may no longer send to shop\/\[pod with \{app=web[^\n]* on all ports except TCP http, NetworkPolicy shop\/egress-http \(np\.yaml:5\) isolates egress; its egress rule 1 \(np\.yaml:8\) allows this peer only on TCP http/);
  });
});
