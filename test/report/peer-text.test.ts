/**
 * Text and Markdown name addresses as CIDRs where they are CIDRs (the IPv4+IPv6 "everything" peer is
 * `0.0.0.0/0, ::/0`), keep ranges that are not, and show names from --external-names; JSON is unchanged.
 */
import { main } from '../../src/cli/main.js';
import { AddressSet, parseRange } from '../../src/engine/index.js';
import { addressText } from '../../src/report/peer-label.js';
import { tempFolder } from '../helpers/git.js';

/** `first-last` ranges of every IPv4 address but `hosts` (sorted), as the table below writes sets. */
function holes(hosts: readonly string[]): string {
  const n = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
  const ip = (v: number) => [24, 16, 8, 0].map((s) => Math.floor(v / 2 ** s) % 256).join('.');
  const out: string[] = [];
  let from = 0;
  for (const h of hosts.map(n)) {
    out.push(`${ip(from)}-${ip(h - 1)}`);
    from = h + 1;
  }
  out.push(`${ip(from)}-255.255.255.255`);
  return out.join(',');
}

it.each([
  ['0.0.0.0-255.255.255.255,::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '0.0.0.0/0, ::/0'],
  ['10.0.0.0-10.255.255.255', '10.0.0.0/8'],
  ['10.0.0.0-10.0.0.5', '10.0.0.0-10.0.0.5'],
  // One CIDR but for a few holes reads as an ipBlock writes it, each IP version apart (new-user trial 33: a Cilium
  // `toEntities: [world]` beside an egressDeny of the metadata address read `0.0.0.0-169.254.169.253,
  // 169.254.169.255-255.255.255.255, ::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff`).
  ['0.0.0.0-169.254.169.253,169.254.169.255-255.255.255.255,::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '0.0.0.0/0 (except 169.254.169.254/32), ::/0'],
  ['0.0.0.0-9.255.255.255,11.0.0.0-172.15.255.255,172.32.0.0-192.167.255.255,192.169.0.0-255.255.255.255', '0.0.0.0/0 (except 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)'],
  ['10.0.0.0-10.0.0.9,10.0.0.11-10.0.0.255', '10.0.0.0/24 (except 10.0.0.10/32)'],
  ['169.254.169.255-255.255.255.255,::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', '169.254.169.255-255.255.255.255, ::/0'],
  // Every address but an allowlist of single hosts (real-eval 25, fiducia-cloud/fiducia-infra aedf1a1: an egress `ports:`-only
  // rule narrowed to 20 Cloudflare /32s read as the 21 ranges between them, `0.0.0.0-198.41.192.6, 198.41.192.8-198.41.192.26, …`).
  [holes(['198.41.192.7', '198.41.192.27', '198.41.192.37', '198.41.200.13', '198.41.200.23', '198.41.200.33']), '0.0.0.0/0 (except 198.41.192.7/32, 198.41.192.27/32, 198.41.192.37/32, 198.41.200.13/32, 198.41.200.23/32, 198.41.200.33/32)'],
  // Several blocks, one of them but for a hole: each block on its own (real-eval 26, ukyi-app/homelab f3d0705: every private
  // range but the node subnet read `10.0.0.0/8, 172.16.0.0/12, 192.168.0.0-192.168.138.255, 192.168.140.0-192.168.255.255`).
  ['10.0.0.0-10.255.255.255,172.16.0.0-172.31.255.255,192.168.0.0-192.168.138.255,192.168.140.0-192.168.255.255', '10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 (except 192.168.139.0/24)'],
  ['10.0.0.0-10.0.0.9,10.0.0.11-10.0.0.255,192.168.1.0-192.168.1.255', '10.0.0.0/24 (except 10.0.0.10/32), 192.168.1.0/24'],
  // Pieces that are CIDRs read as they are, however many holes there are between them.
  ['10.0.0.0-10.0.0.255,10.0.2.0-10.0.2.255,10.0.4.0-10.0.4.255,10.0.6.0-10.0.6.255,10.0.8.0-10.0.8.255,10.0.10.0-10.0.10.255', '10.0.0.0/24, 10.0.2.0/24, 10.0.4.0/24, 10.0.6.0/24, 10.0.8.0/24, 10.0.10.0/24'],
])('%s is printed %s', (ranges, text) => {
  const set = ranges.split(',').map((r) => parseRange(r)).reduce<AddressSet>((acc, r) => (r ? acc.union(r) : acc), AddressSet.NONE);
  expect(addressText(set)).toBe(text);
});

it('list text uses CIDRs and --external-names; JSON keeps the ranges', async () => {
  const app = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n';
  const egress = (cidr: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: out, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to: [{ipBlock: {cidr: ${cidr}}}]\n`;
  const root = await tempFolder([
    { path: 'base/app.yaml', text: app },
    { path: 'base/np.yaml', text: egress('10.0.0.0/16') },
    { path: 'head/app.yaml', text: app },
    { path: 'head/np.yaml', text: egress('10.0.0.0/8') },
    { path: 'names.yaml', text: 'externalNames:\n  "10.0.0.0/8": corporate network\n' },
  ]);
  const list = await main(['list', `${root}/head`]);
  expect(list.stdout).toContain('shop/web[Deployment] => 10.0.0.0/8 : All Connections');
  expect(list.stdout).toContain('0.0.0.0/0, ::/0 => shop/web[Deployment] : All Connections');
  const named = await main(['list', `${root}/head`, '--external-names', `${root}/names.yaml`]);
  expect(named.stdout).toContain('shop/web[Deployment] => corporate network (10.0.0.0/8) : All Connections');
  const json = await main(['list', `${root}/head`, '--format', 'json']);
  expect(json.stdout).toContain('"id": "10.0.0.0-10.255.255.255"');
  const bad = await main(['list', `${root}/head`, '--external-names', `${root}/base/app.yaml`]);
  expect(bad.exitCode).toBe(2);
});

it('--external-names names each IP version of a peer that has both: "0.0.0.0/0" names the IPv4 half of `0.0.0.0/0, ::/0` (new-user trial 39)', async () => {
  const app = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  template:\n    metadata:\n      labels: {app: web}\n';
  const root = await tempFolder([
    { path: 'k8s/app.yaml', text: app },
    { path: 'v4.yaml', text: '"0.0.0.0/0": the internet\n' },
    { path: 'both.yaml', text: '"0.0.0.0/0": the internet\n"::/0": the internet\n' },
    { path: 'apart.yaml', text: '"0.0.0.0/0": IPv4 internet\n"::/0": IPv6 internet\n' },
  ]);
  const list = async (names: string) => (await main(['list', `${root}/k8s`, '--external-names', `${root}/${names}`])).stdout;
  expect(await list('v4.yaml')).toContain('the internet (0.0.0.0/0), ::/0 => shop/web[Deployment] : All Connections');
  expect(await list('both.yaml')).toContain('the internet (0.0.0.0/0, ::/0) => shop/web[Deployment] : All Connections');
  expect(await list('apart.yaml')).toContain('IPv4 internet (0.0.0.0/0), IPv6 internet (::/0) => shop/web[Deployment] : All Connections');
});
