/**
 * `--render` output is deployed beside the manifests it is read with: it joins the cluster model of the
 * plain manifests (or the only model the targets form), in every command that reads sides, so a chart's
 * Deployment meets the default-deny of its namespace instead of being "reachable from everything".
 */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const deny = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: payments}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;
const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: payments}\n';
/** Prints a Deployment of namespace payments on head only (as a chart added by the pull request). */
const gen = `#!/bin/sh
[ "$REACHDIFF_SIDE" = head ] || exit 0
cat <<'Y'
apiVersion: apps/v1
kind: Deployment
metadata: {name: gen, namespace: payments}
spec:
  selector: {matchLabels: {app: gen}}
  template:
    metadata: {labels: {app: gen}}
    spec: {containers: [{name: c, image: i}]}
Y
`;

/** A render command printing, on head only, a policy `name` of namespace payments admitting every source. */
const admitAllOnHead = (name: string) => `#!/bin/sh
[ "$REACHDIFF_SIDE" = head ] || exit 0
cat <<'Y'
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: payments}
spec:
  podSelector: {}
  ingress: [{}]
Y
`;
const API = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: payments}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: i}]}\n';

interface Json {
  summary: { opened: number; closed: number };
  findings: { code: string }[];
  targets: { name: string; members: { name: string; why: string }[] }[];
  targetSelection: { how: string };
}

const cfg = (dir: string) => join(dir, '.github', 'reachdiff.yml');

async function platform(extra: Record<string, string> = {}): Promise<string> {
  return tempFolder({ 'ns.yaml': namespace, 'deny.yaml': deny, 'gen.sh': gen, ...extra });
}

describe('--render joins the cluster model of the manifests beside it', () => {
  it('diff: the rendered Deployment is isolated by its namespace\'s default-deny (no path opened, no UNPROTECTED_WORKLOAD)', async () => {
    const dir = await platform();
    const out = await main(['diff', dir, dir, '--render', 'sh gen.sh', '--format', 'json']);
    const json = JSON.parse(out.stdout) as Json;
    expect(json.summary).toEqual({ opened: 0, closed: 0, errors: 0 });
    expect(json.findings.map((f) => f.code)).not.toContain('UNPROTECTED_WORKLOAD');
    expect(json.targets.map((t) => [t.name, t.members.map((m) => m.name)])).toEqual([['plain manifests', ['plain manifests', 'rendered']]]);
    expect(json.targetSelection.how).toContain('The output of --render joins the cluster model of plain manifests.');
    const text = await main(['diff', dir, dir, '--render', 'sh gen.sh']);
    expect(text.stdout).toMatch(/^No change in allowed connectivity/);
    expect(text.stdout).toContain('Workloads added: payments/gen[Deployment]');
    expect(text.stdout).toContain('joins the cluster model of plain manifests');
  });

  it('diff: a rendered policy of the stream applies to the plain manifests\' workloads too', async () => {
    const allow = admitAllOnHead('allow-all');
    const dir = await platform({ 'app.yaml': API, 'allow.sh': allow });
    const out = await main(['diff', dir, dir, '--render', 'sh allow.sh', '--format', 'json', '--fail-on', 'never']);
    const json = JSON.parse(out.stdout) as Json & { pairs: { dst: { id: string } }[] };
    expect(json.pairs.map((p) => p.dst.id)).toContain('payments/api[Deployment]');
  });

  it('diff: a rollback needing a rendered policy and a plain one keeps the plain one\'s patch, and says the rendered one is reverted at its source', async () => {
    const allow = admitAllOnHead('allow-in');
    const egress = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-out, namespace: payments}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress: [{}]\n';
    const base = await platform({ 'app.yaml': API, 'allow.sh': allow });
    const head = await platform({ 'app.yaml': API, 'allow.sh': allow, 'egress.yaml': egress });
    const out = await main(['diff', base, head, '--render', 'sh allow.sh', '--format', 'json', '--fail-on', 'never']);
    const json = JSON.parse(out.stdout) as Json & { rollback: { documents: { file: string }[]; patch: string; notes: string[] } };
    expect(json.rollback.documents.map((d) => d.file)).toEqual(['egress.yaml']);
    expect(json.rollback.patch).toContain('--- a/egress.yaml');
    expect(json.rollback.notes.join(' ')).toMatch(/^Some opened paths come from rendered output \(.*\): revert the change in its sources.*The patch reverts the other document of the rollback, which alone does not close those paths\.$/);
  });

  it('list, lint and explain read the stream into the same model', async () => {
    const dir = await platform();
    const list = await main(['list', dir, '--render', 'sh gen.sh', '--format', 'json']);
    expect(list.exitCode).toBe(0);
    expect(list.stdout).not.toContain('0.0.0.0/0');
    const lint = await main(['lint', dir, '--render', 'sh gen.sh', '--format', 'json']);
    const codes = (JSON.parse(lint.stdout) as Json).findings.map((f) => f.code);
    expect(codes).toContain('DNS_EGRESS_MISSING');
    expect(codes).not.toContain('UNPROTECTED_WORKLOAD');
    const explain = await main(['explain', dir, '--from', '0.0.0.0/0', '--to', 'payments/gen', '--render', 'sh gen.sh']);
    expect(explain.stdout).toContain('DENIED');
    expect(explain.stdout).toContain('isolated by NetworkPolicy payments/default-deny (deny.yaml:1)');
    expect(explain.exitCode).toBe(1);
  });

  it('a render command that writes no object on head is said (new-user 45: `--render true` was taken silently); an empty base stream, a chart the change adds, is not', async () => {
    const dir = await platform({ 'app.yaml': API });
    const empty = await main(['diff', dir, dir, '--render', 'true']);
    expect(empty.stdout + empty.stderr).toContain('rendered: the render command (true) wrote no Kubernetes object (no document with apiVersion and kind), so it adds nothing to the analysis');
    const json = JSON.parse((await main(['diff', dir, dir, '--render', 'echo oops', '--format', 'json'])).stdout) as { notices: { code: string }[] };
    expect(json.notices.map((n) => n.code)).toContain('RENDER_EMPTY');
    const list = await main(['list', dir, '--render', 'echo oops']);
    expect(list.stderr).toContain('note: rendered: the render command (echo oops) wrote no Kubernetes object');
    // gen.sh prints its Deployment on head only.
    const added = await main(['diff', dir, dir, '--render', 'sh gen.sh']);
    expect(added.stdout + added.stderr).not.toContain('wrote no Kubernetes object');
  });

  it('targets says which model the stream joins', async () => {
    const dir = await platform();
    const out = await main(['targets', '--repo', dir, '--render', 'sh gen.sh']);
    expect(out.stderr).toBe('');
    expect(out.stdout).toContain('rendered  [namespace default]\n  render: sh gen.sh\n  joins: the cluster model of plain manifests\n');
    const json = JSON.parse((await main(['targets', '--repo', dir, '--render', 'sh gen.sh', '--format', 'json'])).stdout) as { targets: { name: string; joins?: string }[] };
    expect(json.targets.map((t) => [t.name, t.joins])).toEqual([['plain manifests', undefined], ['rendered', 'plain manifests']]);
  });

  it('targets of several clusters and no plain manifests: the stream is a model of its own, and the line saying how targets were chosen says why', async () => {
    const config = 'targets:\n  - name: prod\n    roots: [prod]\n    cluster: eu\n  - name: staging\n    roots: [staging]\n    cluster: us\n';
    const dir = await tempFolder({ 'prod/deny.yaml': deny, 'staging/deny.yaml': deny, 'gen.sh': gen, '.github/reachdiff.yml': config });
    const out = await main(['diff', dir, dir, '--render', 'sh gen.sh', '--format', 'json', '--fail-on', 'never', '--config', cfg(dir)]);
    const json = JSON.parse(out.stdout) as Json;
    expect(json.targets.map((t) => t.name)).toEqual(['prod', 'staging', 'rendered']);
    expect(json.targetSelection.how).toContain('a cluster model of its own: the targets form 2 cluster models (prod, staging) and none holds plain manifests; place it with targets[].render and cluster: in the configuration');
  });

  it('one configured cluster: the stream joins it, named by the cluster only when the cluster merges several targets', async () => {
    const config = 'targets:\n  - name: prod\n    roots: [prod]\n    cluster: eu\n';
    const dir = await tempFolder({ 'prod/deny.yaml': deny, 'gen.sh': gen, '.github/reachdiff.yml': config });
    const json = JSON.parse((await main(['diff', dir, dir, '--render', 'sh gen.sh', '--format', 'json', '--config', cfg(dir)])).stdout) as Json;
    expect(json.summary.opened).toBe(0);
    expect(json.targets.map((t) => [t.name, t.members.map((m) => m.name)])).toEqual([['prod', ['prod', 'rendered']]]);
  });

  it('a configured targets[].render with cluster: joins that cluster (the configuration places a stream exactly)', async () => {
    const config = 'targets:\n  - name: platform\n    roots: [platform]\n    cluster: eu\n  - name: chart\n    render: sh gen.sh\n    cluster: eu\n  - name: other\n    roots: [other]\n';
    const dir = await tempFolder({ 'platform/deny.yaml': deny, 'other/deny.yaml': deny.replace(/payments/g, 'other'), 'gen.sh': gen, '.github/reachdiff.yml': config });
    const json = JSON.parse((await main(['diff', dir, dir, '--format', 'json', '--config', cfg(dir)])).stdout) as Json;
    expect(json.summary.opened).toBe(0);
    expect(json.targets.map((t) => t.name)).toEqual(['eu', 'other']);
  });

  it('a single file with --render is refused (the command runs in a folder)', async () => {
    const dir = await platform();
    const out = await main(['list', join(dir, 'deny.yaml'), '--render', 'sh gen.sh']);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toContain('give a folder, not a file');
  });
});
