/**
 * Differential test: every kustomization under test/ (Components aside) is rendered by our renderer and
 * by `kubectl kustomize`, and the objects must agree on the compared fields (apiVersion, kind, name —
 * generated names without their hash —, namespace, labels, and what the engine reads: NetworkPolicy
 * and Ingress specs, Service selector and ports, workload selector, pod template labels and container
 * ports; see src/kustomize/compare-objects.ts). A build both refuse also agrees. Skipped, with a
 * notice, where kubectl is not on the PATH.
 */
import { join } from 'node:path';
import { kustomizationDirs } from '../../src/kustomize/index.js';
import { readManifestFolder } from '../../src/manifests/read-folder.js';
import { compareTree, hasKubectl } from '../../src/tools/kustomize-compare.js';

const ROOT = join(process.cwd(), 'test');
const available = hasKubectl();
if (!available) process.stdout.write('kustomize differential test skipped: kubectl is not on the PATH\n');

(available ? describe : describe.skip)('our renderer agrees with kubectl kustomize', () => {
  it('on every kustomization under test/', async () => {
    const { files } = await readManifestFolder(ROOT);
    const map = new Map(files.map((f) => [f.path, f.text]));
    const dirs = kustomizationDirs(map).filter((d) => !/^\s*kind:\s*Component\s*$/m.test(map.get(`${d}/kustomization.yaml`) ?? ''));
    expect(dirs.length).toBeGreaterThan(20);
    const lines = await compareTree(ROOT, dirs);
    const differ = lines.filter((l) => l.verdict === 'DIFFER').map((l) => `${l.path}: ${l.detail}`);
    expect(differ).toEqual([]);
    // Only remote bases are skipped, and they are few.
    expect(lines.filter((l) => l.verdict === 'SKIP').map((l) => l.path)).toEqual(['kustomize/fixtures/unsupported/remote']);
    // One kubectl process per kustomization (over 20): a loaded machine takes more than the default 30 s.
  }, 180_000);
});
