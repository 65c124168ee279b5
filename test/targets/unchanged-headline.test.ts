/**
 * The multi-target headline when no target changed: past four unchanged targets they are counted, and
 * "other" only follows a target named before it (realeval5 all-unchanged-other-targets: seven
 * kustomizations, one policy renamed with the same spec, read "7 other targets: no change.").
 */
import { main } from '../../src/cli/main.js';
import { tempFolder } from '../helpers/git.js';

const NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];

/** Seven top-level kustomizations, each a default-deny policy; `renamed` gives `a`'s policy another name. */
function tree(renamed: boolean, opened = false): Record<string, string> {
  const files: Record<string, string> = {};
  for (const n of NAMES) {
    files[`${n}/kustomization.yaml`] = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- pol.yaml\n';
    const name = renamed && n === 'a' ? 'deny-all-a' : `deny-${n}`;
    const spec = opened && n === 'b' ? '  podSelector: {}\n  ingress:\n  - {}\n' : '  podSelector: {}\n  policyTypes: [Ingress]\n';
    files[`${n}/pol.yaml`] = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ns-${n}\nspec:\n${spec}`;
  }
  return files;
}

test('seven unchanged targets read "No change in allowed connectivity (7 targets)." in text and Markdown (new-user trial 41, finding 9: the verdict short)', async () => {
  const [base, head] = [await tempFolder(tree(false)), await tempFolder(tree(true))];
  const text = await main(['diff', base, head]);
  expect(text.exitCode).toBe(0);
  expect(text.stdout.split('\n')[0]).toBe('No change in allowed connectivity (7 targets).');
  const md = await main(['diff', base, head, '--format', 'md']);
  expect(md.stdout.split('\n')[0]).toBe('### ✅ reachdiff: No change in allowed connectivity (7 targets).');
});

test('after a changed target the unchanged ones are still "6 other targets"', async () => {
  const [base, head] = [await tempFolder(tree(false)), await tempFolder(tree(false, true))];
  const text = await main(['diff', base, head, '--fail-on', 'never']);
  expect(text.stdout.split('\n')[0]).toMatch(/^b: \d+ paths? opened.*; 6 other targets: no change\.$/);
});
