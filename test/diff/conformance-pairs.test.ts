/** `diff` of two conformance cases equals the set difference of their expected connectivity. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { readManifestFolder } from '../../src/manifests/read-folder.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import type { ListJson } from '../helpers/analyze.js';
import { describeWithShared, sharedConformance } from '../helpers/shared-data.js';
import { atoms, cutPoints, dropIpv6, expandAll, fromJson, parseExpected } from '../conformance/atoms.js';

const FOUND = sharedConformance('npguard');
const ROOT = FOUND ?? '';

const PAIRS: [string, string][] = [
  ['semanticDiff-same-topologies-old1', 'semanticDiff-same-topologies-new1'],
  ['semanticDiff-same-topologies-old1', 'semanticDiff-same-topologies-old2'],
  ['semanticDiff-same-topologies-old2', 'semanticDiff-same-topologies-new1'],
  ['test_with_named_ports', 'test_with_named_ports_changed_netpol'],
  ['semanticDiff-orig-topologies-policy-a', 'semanticDiff-different-topologies-policy-a'],
  ['onlineboutique', 'new_online_boutique'],
];

type PairJson = { src: ListJson['connections'][number]['src']; dst: ListJson['connections'][number]['dst']; opened: ListJson['connections'][number]['conn'] | null; closed: ListJson['connections'][number]['conn'] | null };

async function diffOf(a: string, b: string) {
  const base = await readManifestFolder(join(ROOT, 'cases', a));
  const head = await readManifestFolder(join(ROOT, 'cases', b));
  return diffJsonObject(analyzeDiff(base.files, head.files)) as { pairs: PairJson[] };
}

function rowsOf(pairs: PairJson[], which: 'opened' | 'closed') {
  // The peer tool's expected output has no self pairs (a workload's traffic to itself).
  const connections = pairs.filter((p) => p[which] && p.src.id !== p.dst.id).map((p) => ({ src: p.src, dst: p.dst, conn: p[which]! }));
  return expandAll(dropIpv6(fromJson({ schemaVersion: 1, connections, warnings: [] })));
}

describeWithShared(FOUND)('diff agrees with the expected connectivity of conformance case pairs', () => {
  it.each(PAIRS)('%s → %s', async (a, b) => {
    const expA = expandAll(parseExpected(readFileSync(join(ROOT, 'expected', `${a}.txt`), 'utf8')));
    const expB = expandAll(parseExpected(readFileSync(join(ROOT, 'expected', `${b}.txt`), 'utf8')));
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
