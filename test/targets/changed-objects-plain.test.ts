/**
 * A model of plain files is read from its differing files only (targets/changed-objects.ts, plainRemoved):
 * the same removals as reading both whole sides, without loading every file of a 10k model on each push.
 */
import { changedObjects } from '../../src/targets/changed-objects.js';

const svc = (name: string, app: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: sys}\nspec:\n  selector: {app: ${app}}\n  ports: [{port: 80}]\n`;
const policy = (name: string, app: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: sys}\nspec:\n  podSelector: {matchLabels: {app: ${app}}}\n  policyTypes: [Ingress]\n`;
const files = (o: Record<string, string>) => Object.entries(o).map(([path, text]) => ({ path, text }));
const removedKeys = (r: ReturnType<typeof changedObjects>) => r[0].removed.map((o) => `${o.kind}/${o.namespace ?? ''}/${o.name}`).sort();

describe('what a plain model removes, read from its differing files', () => {
  const unchanged = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`apps/app-${i}.yaml`, svc(`app-${i}`, `app-${i}`)]));

  it('a policy and its Service removed from one file', () => {
    const base = files({ ...unchanged, 'hook.yaml': `${svc('hook', 'hook')}---\n${policy('hook', 'hook')}` });
    const head = files(unchanged);
    expect(removedKeys(changedObjects([{ base, head }]))).toEqual(['NetworkPolicy/sys/hook', 'Service/sys/hook']);
  });

  it('an object a file both sides share still defines is not removed', () => {
    const base = files({ ...unchanged, 'apps/app-3-copy.yaml': `${svc('app-3', 'app-3')}---\n${policy('p', 'app-3')}` });
    const head = files(unchanged);
    expect(removedKeys(changedObjects([{ base, head }]))).toEqual(['NetworkPolicy/sys/p']);
  });

  it('a policy whose definition moved to another changed file is not removed', () => {
    const base = files({ ...unchanged, 'a.yaml': policy('p', 'x') });
    const head = files({ ...unchanged, 'b.yaml': `${policy('p', 'x')}---\n${svc('s', 'x')}` });
    expect(removedKeys(changedObjects([{ base, head }]))).toEqual([]);
  });
});
