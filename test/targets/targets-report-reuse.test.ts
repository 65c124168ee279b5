/**
 * A warm process's next event that changes no manifest (the App reads both sides afresh: new lists, new
 * strings, equal content) takes the last whole report; anything that differs (a head file, a base file under
 * the same `baseKey`, an option) computes it again. Every report equals a cold process's.
 */
import type { ManifestFile } from '../../src/manifests/load.js';
import { clearWarmState } from '../../src/targets/warm-state.js';
import { targetsJson } from '../../src/report/targets-json.js';
import type { TargetsOptions } from '../../src/targets/analyze-targets.js';
import { analyzeTargets } from '../../src/targets/analyze-targets.js';
import { reuseKey, targetsReportsReused } from '../../src/targets/targets-report-reuse.js';
import { parsePodCidrs } from '../../src/manifests/pod-network.js';
import { generateRepo } from '../../bench/generate.js';

/** The files as the App reads them again: new objects holding texts that are equal but not the same strings. */
const afresh = (files: readonly ManifestFile[]): ManifestFile[] => files.map((f) => ({ ...f, text: [...f.text].join('') }));

async function cold(base: readonly ManifestFile[], head: readonly ManifestFile[], options: TargetsOptions): Promise<string> {
  clearWarmState();
  const json = targetsJson(await analyzeTargets(afresh(base), afresh(head), options));
  clearWarmState();
  return json;
}

const network = (cidr: string) => {
  const parsed = parsePodCidrs([cidr]);
  if (!('network' in parsed)) throw new Error(parsed.error);
  return parsed.network;
};

describe('the whole report of a warm process', () => {
  afterAll(clearWarmState);
  const repo = generateRepo({ workloads: 20, seed: 3 });
  const options: TargetsOptions = { baseKey: 'o/r@tree', ignoreNamespaces: ['kube-system'] };

  it('is the last one when neither side nor an option changed, and equals a cold analysis', async () => {
    const expected = await cold(repo.base, repo.head, options);
    const before = targetsReportsReused();
    const first = await analyzeTargets(afresh(repo.base), afresh(repo.head), options);
    expect(targetsReportsReused()).toBe(before);
    const next = await analyzeTargets(afresh(repo.base), afresh(repo.head), { ...options, ignoreNamespaces: ['kube-system'] });
    expect(targetsReportsReused()).toBe(before + 1);
    expect(next).toBe(first);
    expect(targetsJson(next)).toBe(expected);
    expect(JSON.parse(expected).rollback.documents.length).toBeGreaterThan(0);
  });

  it('is computed again when a head file, a base file (same baseKey) or an option differs, each equal to a cold analysis', async () => {
    // A policy both sides hold alike, with a port to edit.
    const policy = repo.head.find((f) => f.path.startsWith('policies/') && /port: \d+/.test(f.text) && repo.base.some((b) => b.path === f.path && b.text === f.text))!;
    const edit = (files: readonly ManifestFile[]) => files.map((f) => (f.path === policy.path ? { ...f, text: f.text.replace(/port: (\d+)/, 'port: 1$1') } : f));
    const editedHead = edit(repo.head);
    const editedBase = edit(repo.base);
    expect(editedHead.map((f) => f.text)).not.toEqual(repo.head.map((f) => f.text));
    expect(editedBase.map((f) => f.text)).not.toEqual(repo.base.map((f) => f.text));
    const steps: [readonly ManifestFile[], readonly ManifestFile[], TargetsOptions][] = [
      [repo.base, repo.head, options],
      [repo.base, editedHead, options],
      [editedBase, editedHead, options],
      [editedBase, editedHead, { ...options, ignoreNamespaces: [] }],
      [editedBase, editedHead, { ...options, podNetwork: network('10.0.0.0/8') }],
      [editedBase, editedHead, { ...options, podNetwork: network('192.168.0.0/16') }],
    ];
    const expected: string[] = [];
    for (const [b, h, o] of steps) expected.push(await cold(b, h, o));
    // A wrong key for base (its files changed, the key did not) must not keep the report.
    expect(expected[2]).not.toBe(expected[1]);
    const before = targetsReportsReused();
    for (const [i, [b, h, o]] of steps.entries()) expect(targetsJson(await analyzeTargets(afresh(b), afresh(h), o))).toBe(expected[i]);
    expect(targetsReportsReused()).toBe(before);
    // And the last step again: now reused.
    const [b, h, o] = steps[steps.length - 1];
    expect(targetsJson(await analyzeTargets(afresh(b), afresh(h), o))).toBe(expected[expected.length - 1]);
    expect(targetsReportsReused()).toBe(before + 1);
  });

  it('is never kept without a baseKey, with renderers or an analysis of the caller\'s', async () => {
    clearWarmState();
    const before = targetsReportsReused();
    for (const o of [{}, { ...options, renderers: {} }, { ...options, analyze: undefined }] as TargetsOptions[]) {
      await analyzeTargets(repo.base, repo.head, o);
      await analyzeTargets(repo.base, repo.head, o);
    }
    // `analyze: undefined` is the default analysis: its second run is the one reuse.
    expect(targetsReportsReused()).toBe(before + 1);
  });
});

describe('reuseKey', () => {
  it('says every plain option, the pod network by its ranges', () => {
    expect(reuseKey({ baseKey: 'k' })).toBe(reuseKey({ baseKey: 'k' }));
    expect(reuseKey({ baseKey: 'k' })).not.toBe(reuseKey({ baseKey: 'j' }));
    const a = reuseKey({ baseKey: 'k', podNetwork: network('10.0.0.0/8') } as TargetsOptions);
    expect(a).toBe(reuseKey({ baseKey: 'k', podNetwork: network('10.0.0.0/8') } as TargetsOptions));
    expect(a).not.toBe(reuseKey({ baseKey: 'k', podNetwork: network('10.0.0.0/9') } as TargetsOptions));
    expect(reuseKey({ baseKey: 'k', discover: { goFolders: { sources: ['a'], modules: [] } } } as TargetsOptions)).toContain('"sources":["a"]');
    // A set of strings (the App's tree folders) is said by its members, in any order of insertion.
    const folders = (...f: string[]) => reuseKey({ baseKey: 'k', treeFolders: { head: new Set(f) } } as unknown as TargetsOptions);
    expect(folders('a', 'b')).toBe(folders('b', 'a'));
    expect(folders('a', 'b')).not.toBe(folders('a'));
    expect(folders('a')).not.toBe(reuseKey({ baseKey: 'k' }));
  });

  it('is undefined when an option is not plain data (its JSON would not say what it holds)', () => {
    expect(reuseKey({})).toBeUndefined();
    expect(reuseKey({ baseKey: 'k', analyze: () => undefined })).toBeUndefined();
    expect(reuseKey({ baseKey: 'k', renderers: {} })).toBeUndefined();
    expect(reuseKey({ baseKey: 'k', ignoreNamespaces: new Set([1]) } as unknown as TargetsOptions)).toBeUndefined();
    expect(reuseKey({ baseKey: 'k', ignoreNamespaces: new Map([['a', 1]]) } as unknown as TargetsOptions)).toBeUndefined();
    expect(reuseKey({ baseKey: 'k', findings: { f: () => 1 } } as unknown as TargetsOptions)).toBeUndefined();
    expect(reuseKey({ baseKey: 'k', x: 1n } as unknown as TargetsOptions)).toBeUndefined();
  });
});
