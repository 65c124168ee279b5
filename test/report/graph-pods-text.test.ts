/**
 * `diff --format mermaid|dot` and the comment's picture name pods the manifests do not hold as the text does
 * (report/pods-text.ts), not by their JSON ids: new-user 39 #15 read a node `[all pods] (except
 * orders-staging/[pod with {app=worker,role=worker}])` where the text said `except those with {…}`.
 */
import type { DiffReport, ExplainedPair } from '../../src/analysis/types.js';
import { ConnectionSet, PortSet, abstractPeer } from '../../src/engine/index.js';
import { diffGraph, targetsDiffGraph } from '../../src/report/graph.js';
import { toDot, toMermaid } from '../../src/report/graph-formats.js';
import { peerLabels } from '../../src/report/peer-label.js';
import { podsExceptText } from '../../src/report/pods-text.js';

const sel = (matchLabels: Record<string, string>) => ({ matchLabels, expressions: [] });
const all = abstractPeer('orders-staging', sel({}));
const worker = abstractPeer('orders-staging', sel({ app: 'worker', role: 'worker' }));
const api = abstractPeer('orders-staging', sel({ app: 'orders' }));
const pair: ExplainedPair = {
  src: { type: 'pods', peer: all, except: [worker] },
  dst: { type: 'pods', peer: api },
  base: null,
  head: ConnectionSet.of('TCP', PortSet.range(9090, 9090)),
  opened: ConnectionSet.of('TCP', PortSet.range(9090, 9090)),
  closed: null,
  peerChanges: {},
  whyOpened: [],
  whyClosed: [],
};
const report = { pairs: [pair] } as unknown as DiffReport;

describe('pictures name abstract peers with exceptions as the text does', () => {
  const text = podsExceptText(all, [worker]).replace('orders-staging/', '');
  it('Mermaid and DOT, one target and several', () => {
    expect(text).toContain('except those with');
    for (const g of [diffGraph(report, peerLabels([])), targetsDiffGraph([{ name: 'staging', report }], peerLabels([]))]) {
      for (const out of [toMermaid(g), toDot(g)]) {
        expect(out).toContain(text);
        expect(out).not.toContain('(except orders-staging/');
      }
    }
  });
});
