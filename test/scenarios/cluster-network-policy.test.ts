/**
 * ClusterNetworkPolicy (v1alpha2) truth tables on the network-policy-api conformance cluster (houses.ts):
 * each fixture in cnp-fixtures/ holds policies, a 4 x 4 grid per port (rows sources, columns
 * destinations, `.` allowed, `X` denied) covering every served port, probes toward outside addresses,
 * and the warnings it must raise. The real loader and engine run on the manifests.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { classConn, parseAddress } from '../../src/engine/index.js';
import type { Protocol } from '../../src/engine/index.js';
import type { Analysis } from '../helpers/analyze.js';
import { analyzeFiles } from '../helpers/analyze.js';
import { parsePodCidrs } from '../../src/manifests/pod-network.js';
import { HOUSES, HOUSE_PORTS, houseWorkloadId, housesYaml } from './houses.js';

const DIR = join(process.cwd(), 'test', 'scenarios', 'cnp-fixtures');

interface Fixture {
  name: string;
  description: string;
  policies: string;
  /** The pod network (configuration `podCIDRs`). */
  podCIDRs?: string[];
  expect: Record<string, string>;
  /** `<G|H|R|S> -> <address> PROTO/port allow|deny`. */
  probes?: string[];
  /** Warning codes the run must raise (in any order, each at least once); no others beyond these. */
  warnings?: string[];
}

const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((file) => ({ file, fx: parse(readFileSync(join(DIR, file), 'utf8')) as Fixture }));

function expectedTable(fx: Fixture): Map<string, boolean> {
  const table = new Map<string, boolean>();
  const initials = HOUSES.map((h) => h.initial);
  for (const [key, grid] of Object.entries(fx.expect)) {
    const rows = grid.trim().split('\n');
    if (rows[0].trim().split(/\s+/).slice(1).join(' ') !== initials.join(' ') || rows.length !== 5) throw new Error(`${fx.name} ${key}: bad grid`);
    for (const combo of key.split(/\s+/)) {
      rows.slice(1).forEach((row, i) => {
        const [src, ...cells] = row.trim().split(/\s+/);
        if (src !== initials[i] || cells.length !== 4 || cells.some((c) => c !== '.' && c !== 'X')) throw new Error(`${fx.name} ${key}: bad row ${row}`);
        cells.forEach((c, j) => {
          const k = `${src} ${initials[j]} ${combo}`;
          if (table.has(k)) throw new Error(`${fx.name}: ${combo} given twice`);
          table.set(k, c === '.');
        });
      });
    }
  }
  if (table.size !== 16 * HOUSE_PORTS.length) throw new Error(`${fx.name}: grids must cover ${HOUSE_PORTS.join(' ')}`);
  return table;
}

function run(fx: Fixture): Analysis {
  const files = [{ path: 'houses.yaml', text: housesYaml() }, { path: 'policies.yaml', text: fx.policies }];
  if (!fx.podCIDRs) return analyzeFiles(files);
  const parsed = parsePodCidrs(fx.podCIDRs);
  if ('error' in parsed) throw new Error(parsed.error);
  return analyzeFiles(files, parsed.network);
}

function podAllows(a: Analysis, src: string, dst: string, protocol: Protocol, port: number): boolean {
  const c = (i: string) => a.connectivity.index.classOf.get(houseWorkloadId(i))!;
  return classConn(a.connectivity, c(src), c(dst)).ports(protocol).has(port);
}

function externalAllows(a: Analysis, src: string, address: string, protocol: Protocol, port: number): boolean {
  const point = parseAddress(address);
  if (point === undefined) throw new Error(`bad address ${address}`);
  const row = a.rows.find((r) => r.src.type === 'workload' && r.src.workload.id === houseWorkloadId(src) && r.dst.type === 'external' && r.dst.addresses.has(point));
  return row?.conn.ports(protocol).has(port) ?? false;
}

describe('ClusterNetworkPolicy truth tables (network-policy-api conformance cluster)', () => {
  it('has the scenarios, each named after its file', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(12);
    for (const { file, fx } of fixtures) expect(file).toMatch(new RegExp(`^\\d+-${fx.name}\\.yaml$`));
  });

  it.each(fixtures.map(({ file, fx }) => [file, fx] as const))('%s', (_file, fx) => {
    const a = run(fx);
    const warnings = a.json.warnings;
    expect(warnings.filter((w) => w.severity === 'error')).toEqual([]);
    expect([...new Set(warnings.map((w) => w.code))].sort()).toEqual([...new Set(fx.warnings ?? [])].sort());
    const wrong: string[] = [];
    for (const [key, ok] of expectedTable(fx)) {
      const [src, dst, combo] = key.split(' ');
      const [protocol, port] = combo.split('/');
      const got = podAllows(a, src, dst, protocol as Protocol, Number(port));
      if (got !== ok) wrong.push(`${src} -> ${dst} ${combo}: expected ${ok ? 'allow' : 'deny'}, engine says ${got ? 'allow' : 'deny'}`);
    }
    for (const probe of fx.probes ?? []) {
      const m = /^([GHRS]) -> (\S+) (TCP|UDP|SCTP)\/(\d+) (allow|deny)$/.exec(probe);
      if (!m) throw new Error(`${fx.name}: bad probe ${probe}`);
      const got = externalAllows(a, m[1], m[2], m[3] as Protocol, Number(m[4]));
      if (got !== (m[5] === 'allow')) wrong.push(`probe ${probe}: engine says ${got ? 'allow' : 'deny'}`);
    }
    expect(wrong).toEqual([]);
  });
});
