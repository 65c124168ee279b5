/**
 * `diff` of two conformance cases must equal the set difference of their expected connectivity
 * (opened = head − base, closed = base − head), atom by atom; shared by the NetworkPolicy and the
 * AdminNetworkPolicy data sets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { readManifestFolder } from '../../src/manifests/read-folder.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import type { ListJson } from '../helpers/analyze.js';
import { describeWithShared, sharedConformance } from '../helpers/shared-data.js';
import { atoms, cutPoints, dropIpv6, expandAll, fromJson, parseExpected } from '../conformance/atoms.js';

type PairJson = { src: ListJson['connections'][number]['src']; dst: ListJson['connections'][number]['dst']; opened: ListJson['connections'][number]['conn'] | null; closed: ListJson['connections'][number]['conn'] | null };

function rowsOf(pairs: PairJson[], which: 'opened' | 'closed') {
  // The peer tool's expected output has no self pairs (a workload's traffic to itself).
  const connections = pairs.filter((p) => p[which] && p.src.id !== p.dst.id).map((p) => ({ src: p.src, dst: p.dst, conn: p[which]! }));
  return expandAll(dropIpv6(fromJson({ schemaVersion: 1, connections, warnings: [] })));
}

export function describeCasePairs(dataset: string, title: string, pairs: readonly [string, string][]): void {
  const found = sharedConformance(dataset);
  const root = found ?? '';
  const diffOf = async (a: string, b: string) => {
    const base = await readManifestFolder(join(root, 'cases', a));
    const head = await readManifestFolder(join(root, 'cases', b));
    // Workloads only: the expected files know no abstract peers.
    return diffJsonObject(analyzeDiff(base.files, head.files, { abstractPeers: false })) as { pairs: PairJson[] };
  };
  describeWithShared(found)(title, () => {
    it.each(pairs)('%s → %s', async (a, b) => {
      const expA = expandAll(parseExpected(readFileSync(join(root, 'expected', `${a}.txt`), 'utf8')));
      const expB = expandAll(parseExpected(readFileSync(join(root, 'expected', `${b}.txt`), 'utf8')));
      const json = await diffOf(a, b);
      const opened = rowsOf(json.pairs, 'opened');
      const closed = rowsOf(json.pairs, 'closed');
      const { addressCuts, portCuts } = cutPoints([...expA, ...expB, ...opened, ...closed]);
      const setA = atoms(expA, addressCuts, portCuts);
      const setB = atoms(expB, addressCuts, portCuts);
      const wantOpened = [...setB].filter((x) => !setA.has(x)).sort();
      const wantClosed = [...setA].filter((x) => !setB.has(x)).sort();
      expect([...atoms(opened, addressCuts, portCuts)].sort()).toEqual(wantOpened);
      expect([...atoms(closed, addressCuts, portCuts)].sort()).toEqual(wantClosed);
    });
  });
}
