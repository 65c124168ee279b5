/**
 * The configuration's `ignoreNamespaces` and `externalNames` apply to `lint` and `list` as they apply to
 * `diff` and the App (`--config` help: "its settings apply … externalNames"). Before (new-user trial 34),
 * `lint` of a folder whose `.github/reachdiff.yml` ignores `sandbox` printed sandbox's DNS_EGRESS_MISSING
 * error and exited 1, and `list` printed sandbox's rows, exposure and findings and the gateway's raw range.
 * `explain` names external ranges by the configuration too (before, only diff did).
 * Fixture: test/fixtures/ignore-namespaces (shop/pay reaches DNS and a named range; sandbox/play is
 * egress-isolated without DNS).
 */
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { main } from '../../src/cli/main.js';
import { tempDir } from '../helpers/git.js';

const FIX = join(process.cwd(), 'test', 'fixtures', 'ignore-namespaces');

it('lint leaves out the findings of ignored namespaces', async () => {
  const out = await main(['lint', FIX]);
  expect(out.stdout).not.toContain('sandbox');
  expect(out.stdout).toContain('shop/pay[Deployment]');
  expect(out.exitCode).toBe(0);
  const json = JSON.parse((await main(['lint', FIX, '--format', 'json'])).stdout) as { findings: { subject: string }[] };
  expect(json.findings.map((f) => f.subject)).toEqual(['shop/pay[Deployment]']);
});

it('list leaves out the rows, exposure and findings of ignored namespaces, and names external ranges', async () => {
  const text = await main(['list', FIX, '--exposure']);
  expect(text.stdout).not.toContain('sandbox');
  expect(text.stdout).toContain('shop/pay[Deployment] => payment gateway (203.0.113.0/24) : TCP 443');
  expect(text.stdout).toContain('shop/pay[Deployment] is not protected on Ingress');
  const groups = await main(['list', FIX, '--group']);
  expect(groups.stdout).toBe('shop/pay[Deployment] => payment gateway (203.0.113.0/24) : TCP 443\n0.0.0.0/0, ::/0 => shop/pay[Deployment] : All Connections\n');
  const json = await main(['list', FIX, '--format', 'json', '--exposure']);
  expect(json.stdout).not.toContain('sandbox');
  const mermaid = await main(['list', FIX, '--format', 'mermaid']);
  expect(mermaid.stdout).not.toContain('sandbox');
  expect(mermaid.stdout).toContain('payment gateway');
});

it('--external-names still wins over the configuration', async () => {
  const dir = await tempDir('reachdiff-names-');
  const names = join(dir, 'names.yml');
  await writeFile(names, '"203.0.113.0/24": acquirer\n');
  const out = await main(['list', FIX, '--external-names', names]);
  expect(out.stdout).toContain('shop/pay[Deployment] => acquirer (203.0.113.0/24) : TCP 443');
});

it('a target whose workloads are all in ignored namespaces says so', async () => {
  const dir = await tempDir('reachdiff-ignored-');
  const config = join(dir, 'reachdiff.yml');
  await writeFile(config, 'ignoreNamespaces: [sandbox]\ntargets:\n  - {name: shop, roots: [shop.yaml]}\n  - {name: sandbox, roots: [sandbox.yaml]}\n');
  const out = await main(['list', FIX, '--config', config, '--exposure']);
  const sandbox = out.stdout.slice(out.stdout.indexOf('== sandbox =='));
  expect(sandbox).toContain('(its workloads are in namespaces the configuration ignores (ignoreNamespaces: sandbox))');
  expect(sandbox).toContain('nothing to show (every workload is in a namespace the configuration ignores (ignoreNamespaces))');
  expect(out.stdout.slice(0, out.stdout.indexOf('== sandbox =='))).toContain('shop/pay[Deployment] => 203.0.113.0/24 : TCP 443');
});

it('explain and diff --explain name external ranges as the configuration does (JSON keeps the ranges)', async () => {
  const text = await main(['explain', FIX, '--from', 'shop/pay', '--to', '203.0.113.0/24', '--port', '443']);
  expect(text.stdout.split('\n')[0]).toBe('shop/pay[Deployment] => payment gateway (203.0.113.0/24) on TCP 443: ALLOWED');
  const json = await main(['explain', FIX, '--from', 'shop/pay', '--to', '203.0.113.0/24', '--port', '443', '--format', 'json']);
  expect(json.stdout).not.toContain('payment gateway');
  const both = await main(['diff', FIX, FIX, '--explain', 'shop/pay', '203.0.113.0/24', '--port', '443']);
  expect(both.stdout).toContain('payment gateway (203.0.113.0/24)');
});
