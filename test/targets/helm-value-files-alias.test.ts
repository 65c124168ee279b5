/**
 * A configured target's `helm.valueFiles` (Argo CD's spelling, `spec.source.helm.valueFiles`) is read as
 * `valuesFiles`: someone moving an Application into the configuration keeps its key. Before, it was an
 * unknown key (with a did-you-mean), two spellings for one idea (new-user 32, item 17). Both at once is a
 * problem named at the alias.
 */
import { readTargets } from '../../src/targets/config.js';
import { validateConfig } from '../../src/github/config.js';

const target = (helm: Record<string, unknown>) => [{ name: 'web', helm: { chart: 'charts/web', ...helm } }];

it('valueFiles is valuesFiles', () => {
  const problems: { key: string; message: string }[] = [];
  expect(readTargets(target({ valueFiles: ['charts/web/values-prod.yaml'] }), 'targets', problems)?.[0].helm).toEqual([
    { chart: 'charts/web', valuesFiles: ['charts/web/values-prod.yaml'], releaseName: undefined, namespace: undefined },
  ]);
  expect(problems).toEqual([]);
});

it('both spellings: a problem at the alias; a bad alias value is named by the alias', () => {
  const problems: { key: string; message: string }[] = [];
  expect(readTargets(target({ valuesFiles: ['a.yaml'], valueFiles: ['b.yaml'] }), 'targets', problems)).toBeUndefined();
  expect(problems).toEqual([{ key: 'targets[0].helm.valueFiles', message: "is Argo CD's spelling of valuesFiles, which is given too: keep one" }]);
  const bad = validateConfig({ targets: target({ valueFiles: 5 }) });
  expect(bad.ok ? [] : bad.problems.map((p) => `${p.key}: ${p.message}`)).toEqual(['targets[0].helm.valueFiles: must be a list of non-empty strings']);
});
