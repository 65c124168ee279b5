/**
 * The App's next push of a pull request on a warm process (base side, parsed files and region names
 * kept from the previous event) reports exactly what a cold process reports: the whole JSON output.
 */
import type { ManifestFile } from '../../src/manifests/load.js';
import { clearWarmState as clearAll } from '../../src/targets/warm-state.js';
import { targetsJson } from '../../src/report/targets-json.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { generateRepo } from '../../bench/generate.js';
import { explanationsReused } from '../../src/analysis/explain-reuse.js';
import { EXAMPLES, readFolder } from '../github/support/git-fixture.js';

const files = (m: ReadonlyMap<string, string>): ManifestFile[] => [...m].map(([path, text]) => ({ path, text }));

async function coldAndWarm(base: ManifestFile[], first: ManifestFile[], next: ManifestFile[]): Promise<[string, string]> {
  clearAll();
  const cold = targetsJson(await analyzeTargets(base, next, { baseKey: 'tree' }));
  clearAll();
  await analyzeTargets(base, first, { baseKey: 'tree' });
  const warm = targetsJson(await analyzeTargets(base, next, { baseKey: 'tree' }));
  return [cold, warm];
}

describe('next push on a warm process', () => {
  afterAll(clearAll);

  it('equals a cold analysis: a port edited, then a selector in another namespace', async () => {
    const base = files(readFolder(`${EXAMPLES}base`));
    const head = files(readFolder(`${EXAMPLES}head`));
    const next = head.map((f) => (f.path === 'policies/data.yaml' ? { ...f, text: f.text.replace('6380', '6379') } : f.path === 'policies/shop.yaml' ? { ...f, text: f.text.replace(/app: (\w+)/, 'app: $1-v2') } : f));
    expect(next.map((f) => f.text)).not.toEqual(head.map((f) => f.text));
    const [cold, warm] = await coldAndWarm(base, head, next);
    expect(JSON.parse(warm)).toEqual(JSON.parse(cold));
    expect(cold).toContain('"type": "pods"');
  });

  it('equals a cold analysis on the generated repository (one more policy file deleted)', async () => {
    const repo = generateRepo({ workloads: 20, seed: 7 });
    const victim = repo.head.findIndex((f) => f.path.startsWith('policies/') && f.path.endsWith('-policy.yaml'));
    const next = repo.head.filter((_, i) => i !== victim);
    const [cold, warm] = await coldAndWarm(repo.base, repo.head, next);
    expect(warm).toBe(cold);
  });

  it('takes the last push\'s explanations though the targets\' options are not plain data (the repository\'s texts are read by functions)', async () => {
    const repo = generateRepo({ workloads: 20, seed: 7 });
    const victim = repo.head.findIndex((f) => f.path.startsWith('policies/') && f.path.endsWith('-policy.yaml'));
    const next = repo.head.filter((_, i) => i !== victim);
    clearAll();
    const cold = targetsJson(await analyzeTargets(repo.base, next, { baseKey: 'tree' }));
    expect(explanationsReused()).toBe(0);
    clearAll();
    await analyzeTargets(repo.base, repo.head, { baseKey: 'tree' });
    expect(explanationsReused()).toBe(0);
    const warm = targetsJson(await analyzeTargets(repo.base, next, { baseKey: 'tree' }));
    // The pairs the first deleted policy opened are explained as they were: taken, not explained again.
    expect(explanationsReused()).toBeGreaterThan(0);
    expect(warm).toBe(cold);
  });

  it('equals a cold analysis when a push goes back to an earlier head (the report and regions dropped in between)', async () => {
    const repo = generateRepo({ workloads: 20, seed: 5 });
    const victim = repo.head.findIndex((f) => f.path.startsWith('policies/') && f.path.endsWith('-policy.yaml'));
    const next = repo.head.filter((_, i) => i !== victim);
    clearAll();
    const cold = targetsJson(await analyzeTargets(repo.base, repo.head, { baseKey: 'tree' }));
    await analyzeTargets(repo.base, next, { baseKey: 'tree' });
    const again = targetsJson(await analyzeTargets(repo.base, repo.head.map((f) => ({ ...f })), { baseKey: 'tree' }));
    expect(again).toBe(cold);
  });

  it('equals a cold analysis when the push changes no manifest (the last report, reused whole)', async () => {
    const repo = generateRepo({ workloads: 20, seed: 11 });
    const [cold, warm] = await coldAndWarm(repo.base, repo.head, repo.head.map((f) => ({ ...f })));
    expect(warm).toBe(cold);
    expect(JSON.parse(warm).rollback.documents.length).toBeGreaterThan(0);
  });
});
