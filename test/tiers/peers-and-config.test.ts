/**
 * Peers beyond pods: `domainNames` become `domain` destinations (the output contract), `networks`
 * decide pod coverage with the pod network from `--pod-cidr` / `podCIDRs`.
 */
import { rm } from 'node:fs/promises';
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { main } from '../../src/cli/main.js';
import { validateConfig } from '../../src/github/config.js';
import { diffJsonObject } from '../../src/report/diff-json.js';
import { analyzeYaml, lines } from '../helpers/analyze.js';
import { tempFolder } from '../helpers/git.js';
import { housesYaml } from '../scenarios/houses.js';

const EGRESS_ALLOWLIST = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: egress-allowlist}
spec:
  tier: Admin
  priority: 1
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: gryffindor}}}
  egress:
    - {action: Accept, to: [{domainNames: ["*.example.com", kubernetes.io]}], protocols: [{tcp: {destinationPort: {number: 443}}}]}
    - {action: Deny, to: [{networks: [0.0.0.0/0, "::/0"]}]}
`;

const domainLines = (l: string[]) => l.filter((x) => x.includes('domain:'));

describe('domainNames: destinations named by DNS', () => {
  it('each name is a domain peer; a whole-address-family Deny after the Accept reaches it too', () => {
    const a = analyzeYaml(housesYaml() + '---\n' + EGRESS_ALLOWLIST);
    expect(domainLines(lines(a)).filter((l) => l.startsWith('gryffindor/'))).toEqual([
      'gryffindor/harry-potter[StatefulSet] => domain:*.example.com : TCP 443',
      'gryffindor/harry-potter[StatefulSet] => domain:kubernetes.io : TCP 443',
    ]);
    // Workloads no egress rule selects reach any name.
    expect(domainLines(lines(a))).toContain('slytherin/draco-malfoy[StatefulSet] => domain:kubernetes.io : All Connections');
    const peer = a.json.connections.find((c) => c.dst.type === 'domain')!.dst as unknown as { type: string; names: string[]; id: string };
    expect(peer).toEqual({ type: 'domain', names: ['*.example.com'], id: 'domain:*.example.com' });
  });

  it('a domain is never a source, and a diff reports the closed domain path with its why', () => {
    const base = [{ path: 'houses.yaml', text: housesYaml() }, { path: 'cnp.yaml', text: EGRESS_ALLOWLIST }];
    const head = [{ path: 'houses.yaml', text: housesYaml() }, { path: 'cnp.yaml', text: EGRESS_ALLOWLIST.replace('kubernetes.io]', 'kubernetes.io, sigs.k8s.io]') }];
    const json = diffJsonObject(analyzeDiff(base, head)) as { pairs: { src: { id: string }; dst: { id: string; type: string }; opened: unknown; why: { opened: { text: string }[] } }[] };
    const opened = json.pairs.filter((p) => p.dst.type === 'domain');
    expect(opened.map((p) => `${p.src.id} => ${p.dst.id} : ${JSON.stringify(p.opened)}`)).toEqual(['gryffindor/harry-potter[StatefulSet] => domain:sigs.k8s.io : {"protocols":{"TCP":[[443,443]]}}']);
    expect(opened[0].why.opened.map((r) => r.text)).toEqual([
      'allowed by ClusterNetworkPolicy egress-allowlist egress rule 1 (Admin tier, cnp.yaml:9)',
      'in base, denied by ClusterNetworkPolicy egress-allowlist egress rule 2 (Admin tier, base:cnp.yaml:10)',
    ]);
    expect(json.pairs.some((p) => (p.src as { type?: string }).type === 'domain')).toBe(false);
  });
});

describe('the pod network: --pod-cidr and podCIDRs', () => {
  const DENY_TEN = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: deny-ten}
spec:
  tier: Admin
  priority: 4
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: gryffindor}}}
  egress: [{action: Deny, to: [{networks: [10.0.0.0/8]}]}]
`;
  let dir: string;
  beforeAll(async () => {
    dir = await tempFolder({ 'houses.yaml': housesYaml(), 'cnp.yaml': DENY_TEN }, 'reachdiff-podcidr-');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const podRows = (stdout: string) =>
    (JSON.parse(stdout) as { connections: { src: { id: string }; dst: { id: string; type: string } }[] }).connections.filter((c) => c.src.id.startsWith('gryffindor/') && c.dst.type === 'workload').length;

  it('without it, pods are not taken as matched and a warning says they may be', async () => {
    const out = await main(['list', dir, '--format', 'json']);
    expect(out.exitCode).toBe(0);
    expect(podRows(out.stdout)).toBe(3);
    expect((JSON.parse(out.stdout) as { warnings: { code: string }[] }).warnings.map((w) => w.code)).toEqual(['NETWORK_MAY_MATCH_PODS']);
  });

  it('with the pod network inside the CIDR, the Deny covers every pod', async () => {
    const out = await main(['list', dir, '--format', 'json', '--pod-cidr', '10.244.0.0/16', '--pod-cidr', '10.245.0.0/16']);
    expect(out.exitCode).toBe(0);
    expect(podRows(out.stdout)).toBe(0);
    expect((JSON.parse(out.stdout) as { warnings: unknown[] }).warnings).toEqual([]);
    // Dual stack: the IPv6 pod addresses are outside 10.0.0.0/8, so pods stay reachable over IPv6 (with a warning).
    const dual = await main(['list', dir, '--format', 'json', '--pod-cidr', '10.244.0.0/16,fd00:10:244::/56']);
    expect(podRows(dual.stdout)).toBe(3);
    expect((JSON.parse(dual.stdout) as { warnings: { code: string }[] }).warnings.map((w) => w.code)).toEqual(['NETWORK_MAY_MATCH_PODS']);
  });

  it('a pod network outside the CIDR: pods are not covered, and no warning', async () => {
    const out = await main(['list', dir, '--format', 'json', '--pod-cidr', '192.168.0.0/16']);
    expect(podRows(out.stdout)).toBe(3);
    expect((JSON.parse(out.stdout) as { warnings: unknown[] }).warnings).toEqual([]);
  });

  it('explain and diff --explain take it too: the narrow Deny then decides pod traffic', async () => {
    const ask = ['--from', 'gryffindor/harry-potter', '--to', 'slytherin/draco-malfoy', '--port', '80', '--format', 'json'];
    const codes = (stdout: string) => (JSON.parse(stdout) as { warnings: { code: string }[] }).warnings.map((w) => w.code);
    const verdict = (stdout: string, side?: 'base' | 'head') => {
      const e = (JSON.parse(stdout) as { explain: { verdict: string; base: { verdict: string }; head: { verdict: string } } }).explain;
      return side ? e[side].verdict : e.verdict;
    };
    const unknown = await main(['explain', dir, ...ask]);
    expect([unknown.exitCode, verdict(unknown.stdout)]).toEqual([0, 'allowed']);
    expect(codes(unknown.stdout)).toEqual(['NETWORK_MAY_MATCH_PODS']);
    const known = await main(['explain', dir, ...ask, '--pod-cidr', '10.244.0.0/16']);
    expect([known.exitCode, verdict(known.stdout)]).toEqual([1, 'denied']);
    expect(codes(known.stdout)).toEqual([]);
    expect(known.stdout).toContain('deny-ten');
    const both = await main(['diff', dir, dir, '--explain', 'gryffindor/harry-potter', 'slytherin/draco-malfoy', '--port', '80', '--format', 'json', '--pod-cidr', '10.244.0.0/16']);
    expect([verdict(both.stdout, 'base'), verdict(both.stdout, 'head')]).toEqual(['denied', 'denied']);
    expect(codes(both.stdout)).toEqual([]);
    const bad = await main(['explain', dir, ...ask, '--pod-cidr', 'ten']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--pod-cidr: pod CIDR "ten"/);
  });

  it('a bad --pod-cidr is a usage error', async () => {
    const out = await main(['list', dir, '--pod-cidr', '10.244.0.0/33']);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toMatch(/--pod-cidr: pod CIDR "10.244.0.0\/33"/);
  });

  it('the App configuration takes podCIDRs and rejects a bad one naming the key', () => {
    expect(validateConfig({ podCIDRs: ['10.244.0.0/16'] })).toMatchObject({ ok: true, config: { podCIDRs: ['10.244.0.0/16'] } });
    expect(validateConfig({ podCIDRs: ['nope'] })).toMatchObject({ ok: false, problems: [{ key: 'podCIDRs' }] });
  });

  it('the CLI reads podCIDRs from the configuration file (--config, or .github/reachdiff.yml at the root read); --pod-cidr replaces it', async () => {
    const repo = await tempFolder({ '.github/reachdiff.yml': 'podCIDRs: [10.244.0.0/16]\n', 'bad.yml': 'podCIDRs: [10.244.0.0/16]\nfindings: {}\n' }, 'reachdiff-podcidr-config-');
    try {
      // list reads the configuration of the folder it lists (as its targets do); --repo is for a revision argument.
      const listRepo = await main(['list', dir, '--format', 'json', '--repo', repo]);
      expect(podRows(listRepo.stdout)).toBe(podRows((await main(['list', dir, '--format', 'json'])).stdout));
      const fromFlag = await main(['list', dir, '--format', 'json', '--config', `${repo}/.github/reachdiff.yml`]);
      expect(podRows(fromFlag.stdout)).toBe(0);
      expect(podRows(listRepo.stdout)).not.toBe(0);
      const replaced = await main(['list', dir, '--format', 'json', '--config', `${repo}/.github/reachdiff.yml`, '--pod-cidr', '192.168.0.0/16']);
      expect(podRows(replaced.stdout)).toBe(3);
      const ask = ['--from', 'gryffindor/harry-potter', '--to', 'slytherin/draco-malfoy', '--port', '80', '--format', 'json'];
      // Every command reads the configuration at the root it reads (here the folder explained), not --repo's (README "Roots").
      expect((await main(['explain', dir, ...ask, '--repo', repo])).exitCode).toBe(0);
      const explained = await main(['explain', dir, ...ask, '--config', `${repo}/.github/reachdiff.yml`]);
      expect(explained.exitCode).toBe(1);
    } finally {
      await rm(repo, { recursive: true, force: true });
    }
  });
});
