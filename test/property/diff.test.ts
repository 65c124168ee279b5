/**
 * Diff properties: a diff of a config with itself is empty; swapping base and head swaps opened and
 * closed; and every opened/closed path the diff reports (or omits) agrees with the reference evaluated
 * on both sides, for pod pairs and outside addresses alike.
 */
import fc from 'fast-check';
import { PROTOCOLS } from '../../src/engine/index.js';
import type { ConnectionSet } from '../../src/engine/index.js';
import type { PairDiff } from '../../src/engine/diff.js';
import { diffConnectivity } from '../../src/engine/diff.js';
import type { Endpoint, RefPod } from '../reference/evaluator.js';
import { formatRefAddress, isAllowed } from '../reference/evaluator.js';
import { basePlusHead, scenarioArb } from './arbitraries.js';
import { enginePoint, params, runEngine, sampleAddresses, samplePorts, toYaml, workloadId } from './harness.js';

function has(c: ConnectionSet | null, proto: (typeof PROTOCOLS)[number], port: number): boolean {
  return c?.ports(proto).has(port) ?? false;
}

describe('diffConnectivity', () => {
  it('of a config with itself is empty', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const e = runEngine(s);
        const d = diffConnectivity(e.conn, e.conn);
        expect(d.pairs.map((p) => `${p.src.type} -> ${p.dst.type}`)).toEqual([]);
        expect(d.added).toEqual([]);
        expect(d.removed).toEqual([]);
      }),
      params(40),
    );
  });

  it('swaps opened and closed when base and head swap', () => {
    fc.assert(
      fc.property(basePlusHead, ([base, head]) => {
        const b = runEngine(base);
        const h = runEngine(head);
        const key = (p: PairDiff, flip: boolean) => {
          const [o, c] = flip ? [p.closed, p.opened] : [p.opened, p.closed];
          return `${idOf(p.src)} -> ${idOf(p.dst)} opened=${o?.key ?? '-'} closed=${c?.key ?? '-'}`;
        };
        const forward = diffConnectivity(b.conn, h.conn).pairs.map((p) => key(p, false)).sort();
        const backward = diffConnectivity(h.conn, b.conn).pairs.map((p) => key(p, true)).sort();
        expect(backward).toEqual(forward);
      }),
      params(40),
    );
  });

  it('reports exactly the paths the reference sees opened and closed', () => {
    fc.assert(
      fc.property(basePlusHead, ([base, head]) => {
        const b = runEngine(base);
        const h = runEngine(head);
        const diff = diffConnectivity(b.conn, h.conn);
        const problems: string[] = [];
        const ports = samplePorts(base.cluster, [...b.rows, ...h.rows].map((r) => r.conn)).concat(samplePorts(head.cluster, []));
        const portList = [...new Set(ports)];
        // Workloads by id, on each side.
        const ids = new Map<string, { base?: RefPod; head?: RefPod }>();
        base.cluster.pods.forEach((p, i) => ids.set(workloadId(base, i), { base: p }));
        head.cluster.pods.forEach((p, i) => ids.set(workloadId(head, i), { ...(ids.get(workloadId(head, i)) ?? {}), head: p }));
        const allow = (side: 'base' | 'head', src: Endpoint | undefined, dst: Endpoint | undefined, proto: (typeof PROTOCOLS)[number], port: number) =>
          !!src && !!dst && isAllowed(side === 'base' ? base.cluster : head.cluster, src, dst, proto, port);
        const podEp = (p?: RefPod): Endpoint | undefined => (p ? { kind: 'pod', pod: p } : undefined);
        for (const [sid, s] of ids) {
          for (const [did, d] of ids) {
            const entry = diff.pairs.find((p) => p.src.type === 'workload' && p.dst.type === 'workload' && p.src.workload.id === sid && p.dst.workload.id === did);
            for (const proto of PROTOCOLS) {
              for (const port of portList) {
                const wb = allow('base', podEp(s.base), podEp(d.base), proto, port);
                const wh = allow('head', podEp(s.head), podEp(d.head), proto, port);
                const opened = has(entry?.opened ?? null, proto, port);
                const closed = has(entry?.closed ?? null, proto, port);
                if (opened !== (wh && !wb) || closed !== (wb && !wh)) problems.push(`${sid} -> ${did} ${proto}/${port}: reference base=${wb} head=${wh}, diff opened=${opened} closed=${closed}`);
                if (problems.length > 8) throw new Error(`${problems.join('\n')}\n--- base ---\n${toYaml(base)}\n--- head ---\n${toYaml(head)}`);
              }
            }
          }
        }
        const addresses = [...sampleAddresses(base.cluster, b), ...sampleAddresses(head.cluster, h)];
        for (const [id, w] of ids) {
          for (const direction of ['ingress', 'egress'] as const) {
            for (const addr of addresses) {
              const point = enginePoint(addr);
              const entry = diff.pairs.find((p) => {
                const [ext, pod] = direction === 'ingress' ? [p.src, p.dst] : [p.dst, p.src];
                return ext.type === 'external' && pod.type === 'workload' && pod.workload.id === id && ext.addresses.has(point);
              });
              const ext: Endpoint = { kind: 'address', address: addr };
              for (const proto of PROTOCOLS) {
                for (const port of portList) {
                  const [sb, db] = direction === 'ingress' ? [ext, podEp(w.base)] : [podEp(w.base), ext];
                  const [sh, dh] = direction === 'ingress' ? [ext, podEp(w.head)] : [podEp(w.head), ext];
                  const wb = allow('base', sb, db, proto, port);
                  const wh = allow('head', sh, dh, proto, port);
                  const opened = has(entry?.opened ?? null, proto, port);
                  const closed = has(entry?.closed ?? null, proto, port);
                  if (opened !== (wh && !wb) || closed !== (wb && !wh)) problems.push(`${direction} ${id} ${formatRefAddress(addr)} ${proto}/${port}: reference base=${wb} head=${wh}, diff opened=${opened} closed=${closed}`);
                  if (problems.length > 8) throw new Error(`${problems.join('\n')}\n--- base ---\n${toYaml(base)}\n--- head ---\n${toYaml(head)}`);
                }
              }
            }
          }
        }
        if (problems.length) throw new Error(`${problems.join('\n')}\n--- base ---\n${toYaml(base)}\n--- head ---\n${toYaml(head)}`);
      }),
      params(60),
    );
  });
});

function idOf(p: PairDiff['src']): string {
  if (p.type === 'workload') return p.workload.id;
  if (p.type === 'external') return p.addresses.toRanges().join(',');
  return p.type;
}
