/** `diff --external-names FILE` (or the configuration's `externalNames`) names external ranges in text, Markdown and pictures; JSON keeps the contract's ranges. */
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const app = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: x}]}\n';
const policy = (cidr: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: out, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to: [{ipBlock: {cidr: "${cidr}"}}]\n`;

describe('diff --external-names', () => {
  let root = '';
  beforeAll(async () => {
    root = await tempFolder(
      [
        { path: 'base/app.yaml', text: app },
        { path: 'base/np.yaml', text: policy('192.168.0.0/16') },
        { path: 'head/app.yaml', text: app },
        { path: 'head/np.yaml', text: policy('10.0.0.0/8') },
        { path: 'names.yaml', text: '"10.0.0.0/8": corporate network\n' },
      ],
      'reachdiff-names-',
    );
  });
  const run = (...extra: string[]) => main(['diff', join(root, 'base'), join(root, 'head'), '--repo', root, '--fail-on', 'never', ...extra]);

  it('names the opened range in text and Markdown', async () => {
    const text = await run('--external-names', join(root, 'names.yaml'));
    expect(text.stdout).toMatch(/shop\/api\[Deployment\] => corporate network \(10\.0\.0\.0\/8\) : All Connections/);
    const md = await run('--external-names', join(root, 'names.yaml'), '--format', 'md');
    expect(md.stdout).toContain('corporate network');
  });

  it('the text headline and the pictures use the same name as the rows', async () => {
    const text = await run('--external-names', join(root, 'names.yaml'));
    // `podSelector: {}`: the line speaks of every pod of shop, shop/api among them (abstract-pairs.ts widerRegionPairs).
    expect(text.stdout).toMatch(/^Opens egress from shop\/\[all pods\] \(shop\/api today\) to corporate network \(10\.0\.0\.0\/8\)/m);
    for (const format of ['mermaid', 'dot']) {
      const out = await run('--external-names', join(root, 'names.yaml'), '--format', format);
      expect([format, out.stdout.includes('corporate network (10.0.0.0/8)')]).toEqual([format, true]);
    }
  });

  it('prints the CIDR without names, and JSON keeps ranges with them', async () => {
    expect((await run()).stdout).toMatch(/shop\/api\[Deployment\] => 10\.0\.0\.0\/8 : All Connections/);
    const json = JSON.parse((await run('--external-names', join(root, 'names.yaml'), '--format', 'json')).stdout) as { pairs: { dst: { id: string } }[] };
    expect(json.pairs.map((p) => p.dst.id)).toContain('10.0.0.0-10.255.255.255');
  });

  it('a missing file is a usage error (exit 2)', async () => {
    const out = await run('--external-names', join(root, 'nope.yaml'));
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toBe(`reachdiff: cannot read external names file ${join(root, 'nope.yaml')}: no such file\n`);
  });
});
