/**
 * Kubernetes' own NetworkPolicy e2e scenarios (test/e2e/network/netpol) as truth tables: each fixture
 * holds the policies, any namespace/pod label changes, the full expected table (9 x 9 pods x {80, 81}
 * x {TCP, UDP, SCTP}) and optional probes for other ports and external addresses. The real loader and
 * engine run on the manifests; the table is read back from the listed connections.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PROTOCOLS, classConn, parseAddress } from '../../src/engine/index.js';
import type { ConnectionRow, ConnectionSet, Protocol } from '../../src/engine/index.js';
import { analyzeYaml } from '../helpers/analyze.js';
import type { Analysis } from '../helpers/analyze.js';
import type { LabelChanges } from './cluster.js';
import { PODS, SERVED_PORTS, clusterYaml, workloadId } from './cluster.js';

const DIR = join(process.cwd(), 'test', 'scenarios', 'fixtures');

interface Fixture {
  name: string;
  upstream: string;
  description: string;
  namespaceLabels?: LabelChanges;
  podLabels?: LabelChanges;
  policies: string;
  /** Keys: one or more `PROTO/port` separated by spaces; values: a 9 x 9 grid, rows sources, columns destinations. */
  expect: Record<string, string>;
  /** `<src> -> <dst> PROTO/port allow|deny`, where src/dst is a pod `ns/name` or an IP address. */
  probes?: string[];
}

const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort();
const fixtures = files.map((f) => ({ file: f, fx: parse(readFileSync(join(DIR, f), 'utf8')) as Fixture }));

/** Expected table as `src dst PROTO/port` → allowed, from the fixture's grids; checks every combination appears once. */
function expectedTable(fx: Fixture): Map<string, boolean> {
  const table = new Map<string, boolean>();
  const seen = new Set<string>();
  for (const [key, grid] of Object.entries(fx.expect)) {
    const rows = grid.trim().split('\n');
    const cols = rows[0].trim().split(/\s+/).slice(1);
    if (cols.join(' ') !== PODS.join(' ')) throw new Error(`${fx.name} ${key}: header must list ${PODS.join(' ')}`);
    if (rows.length !== PODS.length + 1) throw new Error(`${fx.name} ${key}: needs ${PODS.length} rows`);
    for (const combo of key.split(/\s+/)) {
      if (seen.has(combo)) throw new Error(`${fx.name}: ${combo} given twice`);
      seen.add(combo);
      rows.slice(1).forEach((row, i) => {
        const [src, ...cells] = row.trim().split(/\s+/);
        if (src !== PODS[i] || cells.length !== PODS.length) throw new Error(`${fx.name} ${key}: bad row ${row}`);
        cells.forEach((c, j) => {
          if (c !== '.' && c !== 'X') throw new Error(`${fx.name} ${key}: cell ${c} must be . or X`);
          table.set(`${src} ${PODS[j]} ${combo}`, c === '.');
        });
      });
    }
  }
  const combos = PROTOCOLS.flatMap((p) => SERVED_PORTS.map((port) => `${p}/${port}`));
  const missing = combos.filter((c) => !seen.has(c));
  if (missing.length || seen.size !== combos.length) throw new Error(`${fx.name}: grids must cover exactly ${combos.join(' ')}; missing ${missing.join(' ')}`);
  return table;
}

/** What the engine allows from `src` to `dst`: pods and external addresses read from the listed rows; a pod to itself from its class. */
function engineConn(a: Analysis, src: string, dst: string): ConnectionSet | undefined {
  const isPod = (p: string) => p.includes('/');
  if (isPod(src) && isPod(dst) && src === dst) {
    // listConnections leaves a workload's traffic to itself out; upstream's tables still state it (and ignore it on real clusters).
    const c = a.connectivity.index.classOf.get(workloadId(src))!;
    return classConn(a.connectivity, c, c);
  }
  const matchPeer = (r: ConnectionRow['src'], p: string) => {
    if (isPod(p)) return r.type === 'workload' && r.workload.id === workloadId(p);
    const point = parseAddress(p);
    if (point === undefined) throw new Error(`bad address ${p}`);
    return r.type === 'external' && r.addresses.has(point);
  };
  const rows = a.rows.filter((r) => matchPeer(r.src, src) && matchPeer(r.dst, dst));
  if (rows.length > 1) throw new Error(`${src} -> ${dst}: ${rows.length} rows`);
  return rows[0]?.conn;
}

function allowed(a: Analysis, src: string, dst: string, protocol: Protocol, port: number): boolean {
  return engineConn(a, src, dst)?.ports(protocol).has(port) ?? false;
}

describe('Kubernetes netpol e2e scenarios', () => {
  it('has at least 40 scenarios, each named after its file', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
    for (const { file, fx } of fixtures) {
      expect(file).toMatch(new RegExp(`^\\d+-${fx.name}\\.yaml$`));
      expect(fx.description).toBeTruthy();
      expect(fx.upstream).toBeTruthy();
    }
  });

  it.each(fixtures.map(({ file, fx }) => [file, fx] as const))('%s', (_file, fx) => {
    const yaml = clusterYaml(fx.namespaceLabels, fx.podLabels) + (fx.policies.trim() ? `---\n${fx.policies}` : '');
    const a = analyzeYaml(yaml);
    expect(a.loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(a.loaded.cluster.policies).toHaveLength((fx.policies.match(/^kind: NetworkPolicy$/gm) ?? []).length);

    const want = expectedTable(fx);
    const wrong: string[] = [];
    for (const [key, ok] of want) {
      const [src, dst, combo] = key.split(' ');
      const [protocol, port] = combo.split('/');
      const got = allowed(a, src, dst, protocol as Protocol, Number(port));
      if (got !== ok) wrong.push(`${src} -> ${dst} ${combo}: expected ${ok ? 'allow' : 'deny'}, engine says ${got ? 'allow' : 'deny'}`);
    }
    for (const probe of fx.probes ?? []) {
      const m = /^(\S+) -> (\S+) (TCP|UDP|SCTP)\/(\d+) (allow|deny)$/.exec(probe);
      if (!m) throw new Error(`${fx.name}: bad probe ${probe}`);
      const got = allowed(a, m[1], m[2], m[3] as Protocol, Number(m[4]));
      if (got !== (m[5] === 'allow')) wrong.push(`probe ${probe}: engine says ${got ? 'allow' : 'deny'}`);
    }
    expect(wrong).toEqual([]);
  });
});
