/**
 * A workload's pair read through the wider region that holds it (`db/pg now admits ops/[all pods] (ops/tool
 * today)`, analysis/abstract-pairs.ts widerRegionPairs) says its change of every pod the name holds. Two
 * ways it did not: the peer's other pods that had the change on both sides (another policy admitted them)
 * were not told by the line's hedge, though the abstract line of the same peer tells them; and a workload
 * the change adds was read through its region, whose pods had the path on both sides. Found by
 * test/property/diff-claims-hold.test.ts once it asks the lines' hedges (seeds 2130467112, 7).
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { appDeployment } from '../helpers/deployment-yaml.js';

const COMMON = `apiVersion: v1
kind: Namespace
metadata: {name: ops}
---
apiVersion: v1
kind: Namespace
metadata: {name: db}
---
${appDeployment('tool', 'ops')}---
${appDeployment('pg', 'db')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: legacy, namespace: db}
spec:
  podSelector: {matchLabels: {app: pg}}
  policyTypes: [Ingress]
  ingress:
    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ops}}, podSelector: {matchLabels: {app: legacy}}}]
      ports: [{protocol: TCP, port: 5432}]
`;

const FROM_OPS = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-ops, namespace: db}
spec:
  podSelector: {matchLabels: {app: pg}}
  policyTypes: [Ingress]
  ingress:
    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ops}}}]
      ports: [{protocol: TCP, port: 5432}]
`;

describe('a workload pair read through its wider region says what every pod of the region got', () => {
  let root = '';
  const write = (dir: string, files: Record<string, string>) => {
    mkdirSync(join(root, dir), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(root, dir, name), text);
  };
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'reachdiff-wider-claims-'));
    // ops' pods are admitted to db/pg on TCP 5432: app=legacy ones already in base.
    write('hedge/base', { 'all.yaml': COMMON });
    write('hedge/head', { 'all.yaml': COMMON, 'ops.yaml': FROM_OPS });
    // The policy on both sides; head adds the workload ops/cron.
    write('added/base', { 'all.yaml': COMMON, 'ops.yaml': FROM_OPS });
    write('added/head', { 'all.yaml': `${COMMON}---\n${appDeployment('cron', 'ops')}`, 'ops.yaml': FROM_OPS });
  });
  const section = async (dir: string) => {
    const lines = (await main(['diff', join(root, dir, 'base'), join(root, dir, 'head'), '--format', 'text'])).stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('Opened with pods the manifests do not hold'));
    return at < 0 ? [] : lines.slice(at + 1, lines.indexOf('', at));
  };

  it('ops pods another policy admitted on both sides: the line says some of them may have had TCP 5432 already', async () => {
    expect(await section('hedge')).toEqual(['  db/pg[Deployment] now admits ops/[all pods] (ops/tool[Deployment] today) on TCP 5432 (some of these pods may have had TCP 5432 already), ops.yaml:8']);
  });

  it('a workload the change adds is not read through its region (ops pods were admitted on both sides)', async () => {
    expect(await section('added')).toEqual([]);
  });
});
