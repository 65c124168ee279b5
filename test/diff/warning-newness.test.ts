/**
 * Warnings in a diff are new when base did not have the same warning (file, code, message; line numbers
 * left out), wherever they are written: a policy the change adds that selects a hostNetwork DaemonSet in
 * an unchanged file brings a HOST_NETWORK caveat, listed with the diff rather than counted as
 * pre-existing (kube-prometheus 3ad08674/ea158da2); a warning on both sides whose line moved is one
 * warning, listed once (argo-cd edf36831ab's DUPLICATE_OBJECT).
 */
import { join } from 'node:path';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { main } from '../../src/cli/main.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';
import { diffText } from '../../src/report/diff-text.js';
import { warningLines } from '../../src/report/warning-lines.js';
import { appDeployment } from '../helpers/deployment-yaml.js';
import { sideFolders } from '../helpers/side-folders.js';

interface WarningJson {
  file: string;
  line: number;
  code: string;
  side?: string;
  new?: boolean;
  gone?: boolean;
  preExisting?: boolean;
}
const warningsOf = (json: string) => (JSON.parse(json) as { warnings: WarningJson[] }).warnings;

const daemonSet = `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: mon}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:
      hostNetwork: true
      containers: [{name: c, image: x, ports: [{containerPort: 9100}]}]
`;
const scrape = (name: string, select: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: mon}
spec:
  podSelector: {matchLabels: {app: ${select}}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: prometheus}}}]
    ports: [{port: 9100}]
`;
const MON = `apiVersion: v1
kind: Namespace
metadata: {name: mon}
---
${daemonSet}---
${appDeployment('prometheus', 'mon')}`;

describe('HOST_NETWORK caveat of a policy the change adds', () => {
  const repo = sideFolders('hostnet-new', MON, { head: { 'netpol.yaml': scrape('node-exporter', 'node-exporter') } });

  it('is new and listed with the diff, though the DaemonSet\'s file is unchanged', async () => {
    const text = await repo.diff('text');
    expect(text).toMatch(/\nNew warnings:\n {2}all\.yaml:\d+: warning: mon\/node-exporter\[DaemonSet\] uses hostNetwork and is selected by NetworkPolicy mon\/node-exporter: .*\[HOST_NETWORK\]\n/);
    expect(text).not.toContain('pre-existing warning');
    expect(await repo.diff('md')).toContain('<details><summary>New warnings (1)</summary>');
    expect(warningsOf(await repo.diff('json'))).toEqual([expect.objectContaining({ file: 'all.yaml', code: 'HOST_NETWORK', new: true, preExisting: false })]);
  });

  it('reverted, the caveat base had is gone, and nothing is new', async () => {
    expect(warningsOf(await repo.diff('json', true))).toEqual([expect.objectContaining({ code: 'HOST_NETWORK', side: 'base', gone: true })]);
    expect(await repo.diff('text', true)).not.toContain('New warnings');
  });

  it('a caveat base had about the same objects is pre-existing, whatever else the change does', async () => {
    const other = sideFolders('hostnet-old', `${MON}---\n${scrape('node-exporter', 'node-exporter')}`, { head: { 'more.yaml': scrape('prometheus', 'prometheus') } });
    const text = await other.diff('text');
    expect(text).not.toContain('New warnings');
    expect(text).toContain('1 pre-existing warning in unchanged files');
    expect(warningsOf(await other.diff('json')).filter((w) => !w.side)).toEqual([expect.objectContaining({ code: 'HOST_NETWORK', new: false, preExisting: true })]);
  });
});

describe('a warning on both sides whose line moved', () => {
  const server = (app: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: server}
spec:
  selector: {matchLabels: {app: ${app}}}
  template:
    metadata: {labels: {app: ${app}}}
    spec: {containers: [{name: c, image: x}]}
`;
  const ha = `${server('server-ha')}---\n${scrape('server', 'server').replace('namespace: mon', 'namespace: default')}`;
  const config = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n---\n';
  const base = [{ path: 'ha-install.yaml', text: ha }, { path: 'install.yaml', text: server('server') }];
  const head = [{ path: 'ha-install.yaml', text: ha }, { path: 'install.yaml', text: config + server('server') }];
  const report = analyzeDiff(base, head);
  const changed = new Set(['install.yaml']);

  it('is one warning, not new, listed once', () => {
    expect(report.warnings.head.map((d) => [d.code, d.ref.line])).toEqual([['DUPLICATE_OBJECT', 5]]);
    expect(report.warnings.base.map((d) => [d.code, d.ref.line])).toEqual([['DUPLICATE_OBJECT', 1]]);
    const text = diffText(report, { changedFiles: changed });
    expect(text.match(/\[DUPLICATE_OBJECT\]/g)).toHaveLength(1);
    expect(text).toMatch(/\nWarnings in changed files:\n {2}install\.yaml:5: warning: Deployment default\/server is defined more than once/);
    expect(text).not.toContain('New warnings');
    expect(renderDiffMarkdown(report, { changedFiles: changed }).match(/\[DUPLICATE_OBJECT\]/g)).toHaveLength(1);
    // All listed (the check run's text): still once.
    expect(warningLines(report.warnings).listed).toHaveLength(1);
  });

  it('the JSON keeps both sides\' copies, neither new nor gone', () => {
    const json = diffJsonObject(report) as { warnings: WarningJson[] };
    expect(json.warnings.map((w) => [w.line, w.side, w.new, w.gone])).toEqual([
      [5, undefined, false, undefined],
      [1, 'base', undefined, false],
    ]);
  });

  it('matched one for one: a second copy of a warning base had once is new', () => {
    const [once] = report.warnings.head;
    const copy = { ...once, ref: { ...once.ref, line: 40 } };
    expect(warningLines({ base: report.warnings.base, head: [once, copy] }, changed)).toEqual({ fresh: [expect.stringMatching(/^install\.yaml:40: /)], listed: [expect.stringMatching(/^install\.yaml:5: /)], preExisting: 0 });
  });

  it('`diff --explain` and the graphs\' stderr list it once too', async () => {
    // Both copies in one file: copies in two plain files are alternative bundles, each its own target.
    const one = `${ha}---\n${server('server')}`;
    const repo = sideFolders('dup-moved', '', { base: { 'install.yaml': one }, head: { 'install.yaml': config + one } });
    const sides = [join(repo.root, 'base'), join(repo.root, 'head')];
    const explained = await main(['diff', ...sides, '--explain', 'default/server', 'default/server']);
    expect(explained.stdout.match(/\[DUPLICATE_OBJECT\]/g)).toHaveLength(1);
    const dot = await main(['diff', ...sides, '--format', 'dot']);
    expect(dot.stderr.match(/\[DUPLICATE_OBJECT\]/g)).toHaveLength(1);
  });
});

describe('a warning about a rule that a rule added or removed above it moved down or up its list', () => {
  // Real-eval 29 (gi8lino/k8s-gitops 90e3a2c29): a rule inserted before `toEntities: [host]` read as bringing it.
  const policy = (rules: string[]) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: runner, namespace: ci}
spec:
  endpointSelector: {matchLabels: {app: runner}}
  egress:
${rules.join('')}`;
  const dns = '  - toEndpoints: [{matchLabels: {"k8s:io.kubernetes.pod.namespace": kube-system, k8s-app: kube-dns}}]\n    toPorts: [{ports: [{port: "53", protocol: UDP}]}]\n';
  const store = '  - toEndpoints: [{matchLabels: {app: store}}]\n    toPorts: [{ports: [{port: "3900", protocol: TCP}]}]\n';
  const host = '  - toEntities: [host]\n    toPorts: [{ports: [{port: "22"}]}]\n';
  const fqdn = '  - toFQDNs: [{matchName: example.org}]\n';
  const apps = `${appDeployment('runner', 'ci')}---\n${appDeployment('store', 'ci')}`;
  const diff = (base: string[], head: string[]) => {
    const report = analyzeDiff([{ path: 'apps.yaml', text: apps }, { path: 'cnp.yaml', text: policy(base) }], [{ path: 'apps.yaml', text: apps }, { path: 'cnp.yaml', text: policy(head) }]);
    return { report, text: diffText(report, { changedFiles: new Set(['cnp.yaml']) }) };
  };

  it('is the warning base had: neither new, nor a rule this change brings', () => {
    const { report, text } = diff([dns, host], [dns, store, host]);
    expect(report.counts.opened).toBeGreaterThan(0);
    expect(report.warnings.head.filter((d) => d.code === 'UNSUPPORTED_PEER').map((d) => d.message)).toEqual([expect.stringContaining('spec.egress[2].toEntities')]);
    expect(text).not.toContain('A rule this change brings');
    expect(text).not.toContain('New warnings');
    const json = diffJsonObject(report) as { warnings: WarningJson[] };
    expect(json.warnings.filter((w) => w.code === 'UNSUPPORTED_PEER').map((w) => [w.side, w.new, w.gone])).toEqual([
      [undefined, false, undefined],
      ['base', undefined, false],
    ]);
  });

  it('a rule removed above it: the same', () => {
    const { text } = diff([dns, store, host], [dns, host]);
    expect(text).not.toContain('A rule this change brings');
    expect(text).not.toContain('New warnings');
  });

  it('a rule of the same kind the change brings beside the moved one is still new, one for one', () => {
    const { report, text } = diff([dns, fqdn], [fqdn, dns, fqdn.replace('example.org', 'example.net')]);
    expect(report.warnings.head.filter((d) => d.code === 'UNSUPPORTED_PEER')).toHaveLength(2);
    const json = diffJsonObject(report) as { warnings: WarningJson[] };
    expect(json.warnings.filter((w) => w.code === 'UNSUPPORTED_PEER' && !w.side).map((w) => [w.line, w.new])).toEqual([
      [7, false],
      [10, true],
    ]);
    expect(text).toContain('A rule this change brings names peers that manifests cannot resolve, analysed as matching nothing: what it allows or denies toward them is not analysed (cnp.yaml:10).');
  });
});

describe('a DUPLICATE_OBJECT warning whose ignored copy changed', () => {
  // A tool's install bundle writes the Namespace with its version label; the repository writes it again, and its copy wins.
  const bundle = (version: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: tools\n  labels: {app.kubernetes.io/version: ${version}}\n---\n${appDeployment('agent', 'tools')}`;
  const own = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: tools, labels: {team: ops}}\n';
  const both = (version: string) => [{ path: 'bundle.yaml', text: `${bundle(version)}---\n${own}` }];

  it('is the warning base had: the same object, the same places', () => {
    const report = analyzeDiff(both('v1.0.0'), both('v1.1.0'));
    expect(report.warnings.head.map((d) => d.code)).toEqual(['DUPLICATE_OBJECT']);
    expect(report.warnings.head[0].message).toContain('app.kubernetes.io/version=v1.1.0');
    expect(warningLines(report.warnings, new Set(['bundle.yaml']))).toEqual({ fresh: [], listed: [expect.stringContaining('Namespace tools is defined more than once')], preExisting: 0 });
  });

  it('another object defined twice is still new', () => {
    const report = analyzeDiff(both('v1.0.0'), [{ path: 'bundle.yaml', text: `${bundle('v1.0.0')}---\n${own}---\n${own.replace('tools', 'extra')}---\n${own.replace('tools', 'extra').replace('ops', 'dev')}` }]);
    expect(warningLines(report.warnings, new Set(['bundle.yaml'])).fresh).toEqual([expect.stringContaining('Namespace extra is defined more than once')]);
  });
});

describe('a warning of a file the change moves', () => {
  const files = (folder: string) => [
    { path: `${folder}/mon.yaml`, text: MON },
    { path: `${folder}/netpol.yaml`, text: scrape('node-exporter', 'node-exporter') },
  ];

  it('is the warning base had, at its new place: listed once, not new', () => {
    const report = analyzeDiff(files('apps'), files('kubernetes/apps'));
    expect(report.warnings.head.map((d) => [d.code, d.ref.file])).toEqual([['HOST_NETWORK', 'kubernetes/apps/mon.yaml']]);
    const changed = new Set([...files('apps'), ...files('kubernetes/apps')].map((f) => f.path));
    expect(warningLines(report.warnings, changed)).toEqual({ fresh: [], listed: [expect.stringMatching(/^kubernetes\/apps\/mon\.yaml:\d+: warning: mon\/node-exporter\[DaemonSet\] uses hostNetwork/)], preExisting: 0 });
  });

  it('a warning that names its file in its message stays new', () => {
    const server = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: server}\nspec:\n  selector: {matchLabels: {app: server}}\n  template:\n    metadata: {labels: {app: server}}\n    spec: {containers: [{name: c, image: x}]}\n';
    const twice = `${server}---\n${server.replace('image: x', 'image: y')}`;
    const report = analyzeDiff([{ path: 'apps/server.yaml', text: twice }], [{ path: 'kubernetes/apps/server.yaml', text: twice }]);
    expect(warningLines(report.warnings, new Set(['apps/server.yaml', 'kubernetes/apps/server.yaml'])).fresh).toEqual([expect.stringContaining('Deployment default/server is defined more than once (kubernetes/apps/server.yaml:1')]);
  });
});
