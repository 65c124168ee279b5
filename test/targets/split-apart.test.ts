/**
 * A file that another bundle comes to share objects with is analysed apart, and taken as deployed with
 * the target that read it before: the fold note says the same files were analysed apart, never that
 * its policies "moved there" (real-eval 10, B-b: longhorn 4f339f83 appended policies to deploy/longhorn.yaml
 * that examples/network-policy defines too; nothing moved).
 */
import { main } from '../../src/cli/main.js';
import { tempFolderSync } from '../helpers/git.js';

const tree = (files: Record<string, string>) => tempFolderSync(files, 'reachdiff-targets-');


const daemonSet = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: manager, namespace: storage}\nspec:\n  selector: {matchLabels: {app: manager}}\n  template:\n    metadata: {labels: {app: manager}}\n    spec: {containers: [{name: c, image: manager}]}\n';
const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: manager, namespace: storage}\nspec:\n  podSelector: {matchLabels: {app: manager}}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{podSelector: {}}]\n';
const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: volume-test, namespace: default}\nspec: {containers: [{name: c, image: busybox}]}\n';

describe('a target split off because another bundle now defines its objects', () => {
  it('is taken as deployed with the target that read its files, and the note says so, not that anything moved', async () => {
    // The pod lies outside examples/, so the plain-manifest target stays on both sides.
    const common = { 'examples/network-policy/manager.yaml': policy, 'scripts/pod.yaml': pod };
    const base = tree({ 'deploy/install.yaml': daemonSet, 'deploy/install-okd.yaml': daemonSet, ...common });
    const head = tree({ 'deploy/install.yaml': `${daemonSet}---\n${policy}`, 'deploy/install-okd.yaml': `${daemonSet}---\n${policy}`, ...common });
    const { stdout } = await main(['diff', base, head]);
    expect(stdout).toContain(
      "Note: Head's target examples/network-policy/manager.yaml is taken as deployed with plain manifests, which read its files in base (analysed apart in head): if it is not deployed, its policies no longer apply",
    );
    expect(stdout).not.toContain('moved there');
  });

  it('a folder that grows into a bundle whole (lifted-bundles.ts) is the plain-manifest target under another name: the same files, nothing moved', async () => {
    const common = { 'examples/network-policy/manager.yaml': policy, 'examples/pod.yaml': pod };
    const base = tree({ 'deploy/install.yaml': daemonSet, 'deploy/install-okd.yaml': daemonSet, ...common });
    const head = tree({ 'deploy/install.yaml': `${daemonSet}---\n${policy}`, 'deploy/install-okd.yaml': `${daemonSet}---\n${policy}`, ...common });
    const { stdout } = await main(['diff', base, head]);
    expect(stdout).toContain('; examples (was plain manifests): no change.');
    expect(stdout).toContain("Note: Base's target plain manifests is head's examples: the same files, unchanged, analysed under another name in head.");
    expect(stdout).not.toContain('moved there');
  });
});
