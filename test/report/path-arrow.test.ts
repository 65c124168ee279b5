/**
 * Diff prose joins a path's two ends as `list` writes its rows (`src => dst`): the headline's closings, the check
 * run's annotations, the cross-namespace finding and a line's region pairs that got less. A change from one thing to
 * another (a renamed workload, a version) keeps `→`.
 */
import { narrowerText } from '../../src/report/line-parts.js';
import { headline } from '../../src/report/headline.js';
import type { Highlight } from '../../src/analysis/highlights.js';
import { ConnectionSet, NamedConns, PortSet } from '../../src/engine/index.js';
import type { PeerRef, Workload } from '../../src/engine/index.js';
import { pathText } from '../../src/util/path-arrow.js';

const workload = (name: string): PeerRef => ({ type: 'workload', workload: { id: `shop/${name}[Deployment]`, namespace: 'shop', name, kind: 'Deployment', podLabels: { app: name } } as unknown as Workload });
const label = (p: PeerRef) => (p.type === 'workload' ? `shop/${p.workload.name}` : '?');
const tcp = (port: number) => NamedConns.of(ConnectionSet.of('TCP', PortSet.range(port)));

describe('a path in diff prose reads src => dst', () => {
  it('pathText', () => {
    expect(pathText('shop/cart', 'data/redis')).toBe('shop/cart => data/redis');
  });

  it("the headline's closing", () => {
    const closed: Highlight = { change: 'closed', direction: 'ingress', srcs: [workload('cart')], dsts: [workload('payments')], conn: tcp(80), refs: [], tags: [] };
    expect(headline([closed], label)).toMatch(/^Closes shop\/cart => shop\/payments on TCP 80/);
  });

  it("a line's region pair named by both its ends", () => {
    const g = { change: 'opened' as const, conn: tcp(80), narrowerForSome: [{ conn: null, ends: [{ src: workload('cart'), dst: workload('payments') }] }] };
    expect(narrowerText(g, label)).toBe(' (but nothing for shop/cart => shop/payments)');
  });
});
