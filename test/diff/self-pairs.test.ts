/**
 * A workload's traffic to itself (between its own pods: replicas, rollouts, peer replication) is a pair
 * in `diff`, opened or closed like any other, with why and rollback (OUTPUT-CONTRACT: "A workload's
 * traffic to itself is a pair too in `diff`"). `list` leaves such pairs out unless `--self`.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { main } from '../../src/cli/main.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { diffText } from '../../src/report/diff-text.js';
import { patchedFiles, tempFolder } from '../helpers/git.js';

const deployment = (name: string, kind = 'Deployment', replicas = 5) => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
  namespace: sandbox
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - name: main
        image: example
`;

const policy = (peer: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: runner-in
  namespace: sandbox
spec:
  podSelector:
    matchLabels: {app: runner}
  ingress:
  - from:
    - podSelector: ${peer}
`;

const WORKLOADS = [
  { path: 'runner.yaml', text: deployment('runner') },
  { path: 'controller.yaml', text: deployment('controller') },
];
const BASE = [...WORKLOADS, { path: 'policy.yaml', text: policy('{matchLabels: {app: controller}}') }];
const HEAD = [...WORKLOADS, { path: 'policy.yaml', text: policy('{}') }];

const RUNNER = 'sandbox/runner[Deployment]';
const ids = (pairs: { src: { id: string }; dst: { id: string } }[]) => pairs.map((p) => `${p.src.id} => ${p.dst.id}`);

describe('self pairs in diff', () => {
  it('a peer widened to podSelector: {} opens runner => runner, with why and rollback', async () => {
    const report = analyzeDiff(BASE, HEAD);
    const json = diffJsonObject(report) as { pairs: { src: { id: string }; dst: { id: string }; opened: unknown; why: { opened: { text: string }[] } }[] };
    // Any other pod of the namespace, not in the manifests, is admitted too (an abstract peer).
    expect(ids(json.pairs)).toEqual([`${RUNNER} => ${RUNNER}`, `sandbox/[all pods] => ${RUNNER}`]);
    expect(json.pairs[0].opened).toEqual({ all: true });
    // Cited at the peer the change widens (line 11), not the rule's unchanged `- from:` (line 10).
    expect(json.pairs[0].why.opened.map((r) => r.text).join('\n')).toMatch(/runner-in ingress rule 1 \(policy\.yaml:11\)/);
    expect(report.counts).toEqual({ opened: 2, closed: 0, errors: 0 });
    expect(diffText(report)).toContain(`${RUNNER} => ${RUNNER} : All Connections`);
    expect(report.rollback.documents.map((d) => d.key)).toEqual(['NetworkPolicy/sandbox/runner-in']);
    expect(analyzeDiff(BASE, await patchedFiles(HEAD, report.rollback.patch)).pairs).toEqual([]);
  });

  it('the CLI exits 1 on it', async () => {
    const root = await tempFolder([...BASE.map((f) => ({ ...f, path: `base/${f.path}` })), ...HEAD.map((f) => ({ ...f, path: `head/${f.path}` }))]);
    const out = await main(['diff', `${root}/base`, `${root}/head`]);
    expect(out.exitCode).toBe(1);
    expect(out.stdout).toContain(`${RUNNER} => ${RUNNER} : All Connections`);
  });

  it('a new default-deny closes a StatefulSet\'s replication traffic db => db', () => {
    const db = [{ path: 'db.yaml', text: deployment('db', 'StatefulSet', 3) }];
    const deny = { path: 'deny.yaml', text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: sandbox\nspec:\n  podSelector: {}\n' };
    const report = analyzeDiff(db, [...db, deny]);
    const self = report.pairs.filter((p) => p.src.type === 'workload' && p.dst.type === 'workload');
    expect(self.map((p) => `${p.src.type === 'workload' && p.src.workload.id} => ${p.dst.type === 'workload' && p.dst.workload.id}`)).toEqual(['sandbox/db[StatefulSet] => sandbox/db[StatefulSet]']);
    expect(self[0].closed?.toText()).toBe('All Connections');
    expect(self[0].whyClosed.map((r) => r.kind)).toContain('isolated-by');
  });
});

describe('list --self', () => {
  it('adds each workload\'s traffic to itself; without it such pairs are left out', async () => {
    const root = await tempFolder(HEAD);
    const without = JSON.parse((await main(['list', root, '--format', 'json'])).stdout) as { connections: { src: { id: string }; dst: { id: string } }[] };
    const withSelf = JSON.parse((await main(['list', root, '--format', 'json', '--self'])).stdout) as typeof without;
    expect(ids(without.connections)).not.toContain(`${RUNNER} => ${RUNNER}`);
    const added = ids(withSelf.connections).filter((p) => !ids(without.connections).includes(p));
    expect(added.sort()).toEqual(['sandbox/controller[Deployment] => sandbox/controller[Deployment]', `${RUNNER} => ${RUNNER}`]);
  });
});
