/**
 * A Flux `targetNamespace` over a folder without a kustomization.yaml that makes two objects one (two plain
 * files, or a plain file and a kustomization below, or two kustomizations below: Flux's generated kustomization
 * lists them all, and `kubectl kustomize` refuses "namespace transformation produces ID conflict") fails that
 * Kustomization's build on head. The report says the change was not analysed, names both files and lines, and
 * compares the rest with base's build (never the policies' removal read as paths opened).
 */
import { diffSides } from '../helpers/folder-diff.js';
import { fluxSync } from '../helpers/flux-sync.js';

type Files = Record<string, string>;
const sync = fluxSync({ name: 'shop', path: './apps/shop', targetNamespace: 'staging' });
const policy = (name: string, ns: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n`;
/** `a` and `b`: where each policy is (a plain file of apps/shop, or a kustomization folder below it); `second`: b's policy name. */
const tree = (layout: 'plain' | 'mixed' | 'below', second: string): Files => {
  const at = (folder: 'a' | 'b', text: string, below: boolean): Files =>
    below ? { [`apps/shop/${folder}/kustomization.yaml`]: 'resources: [p.yaml]\n', [`apps/shop/${folder}/p.yaml`]: text } : { [`apps/shop/${folder}.yaml`]: text };
  return { 'clusters/prod/sync.yaml': sync, ...at('a', policy('allow-dns', 'a'), layout === 'below'), ...at('b', policy(second, 'b'), layout !== 'plain') };
};
const file = (layout: 'plain' | 'mixed' | 'below', folder: 'a' | 'b') => (layout === 'below' || (layout === 'mixed' && folder === 'b') ? `apps/shop/${folder}/p.yaml` : `apps/shop/${folder}.yaml`);

async function diff(layout: 'plain' | 'mixed' | 'below', ...extra: string[]) {
  return diffSides({ base: tree(layout, 'allow-web'), head: tree(layout, 'allow-dns') }).run(...extra);
}

describe('a targetNamespace that makes two objects one in a folder without a kustomization.yaml', () => {
  for (const layout of ['plain', 'mixed', 'below'] as const) {
    it(`is a changed build not analysed, naming both files (${layout})`, async () => {
      const r = await diff(layout);
      expect(r.exitCode).toBe(1);
      expect(r.stdout).toMatch(/^1 changed build not analysed \(failing on head\); no change in what could be analysed\./);
      expect(r.stdout).toContain(`clusters/prod/sync.yaml:14: error: kustomize build apps/shop fails: namespace transformation produces ID conflict: NetworkPolicy staging/allow-dns (from ${file(layout, 'a')}:1 and ${file(layout, 'b')}:1) [KUSTOMIZE_BUILD_FAILED] (changed here: ${file(layout, 'b')};`);
      expect(r.stdout).not.toMatch(/paths? opened/);
    });
  }

  it('distinct names build: both policies land in the target namespace, no error', async () => {
    const sides = diffSides({ base: tree('below', 'allow-web'), head: tree('below', 'allow-ntp') });
    const r = await sides.run('--format', 'json');
    expect(r.stdout).not.toContain('KUSTOMIZE_BUILD_FAILED');
    expect(r.stdout).toContain('staging/allow-ntp');
    expect(r.exitCode).toBe(0);
  });
});
