/**
 * Workloads moved to another namespace (mchestr/home-cluster ef27a05c4 moved openclaw's apps into `ai`, files
 * renamed, the same policies): the move may change their paths, so those are told as ever, but the report
 * says that these are the same apps moved (JSON `workloads.moved`, a note under the headline), where it read
 * as hundreds of paths opened and closed with nothing saying why (new-user trial 42, finding 7). A workload
 * only renamed stays a rename; two alike on a side are no move.
 */
import { main } from '../../src/cli/main.js';
import { movedWorkloads } from '../../src/analysis/renamed-workloads.js';
import type { PeerRef, Workload } from '../../src/engine/index.js';
import { ConnectionSet, NamedConns, peerId } from '../../src/engine/index.js';
import type { Highlight } from '../../src/analysis/highlights.js';
import { movedHighlights } from '../../src/analysis/highlights.js';
import { headline } from '../../src/report/headline.js';
import { tempFolderSync } from '../helpers/git.js';

const deploy = (namespace: string, name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: x, ports: [{name: http, containerPort: 8080}]}]}\n`;
const isolate = (namespace: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: same-namespace, namespace: ${namespace}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{podSelector: {}}]\n`;
const app = (namespace: string) => ({ [`apps/${namespace}/agent.yaml`]: deploy(namespace, 'agent'), [`apps/${namespace}/memory.yaml`]: deploy(namespace, 'memory'), [`apps/${namespace}/np.yaml`]: isolate(namespace) });
const OTHER = { 'apps/web/web.yaml': deploy('web', 'web') };

interface Json {
  pairs: unknown[];
  workloads: { added: string[]; removed: string[]; moved?: { from: string; to: string }[]; renamed?: unknown[] };
}

async function diff(base: Record<string, string>, head: Record<string, string>) {
  const [b, h] = [tempFolderSync(base, 'reachdiff-move-'), tempFolderSync(head, 'reachdiff-move-')];
  const json = JSON.parse((await main(['diff', b, h, '--format', 'json'])).stdout) as Json;
  return { json, text: (await main(['diff', b, h])).stdout, markdown: (await main(['diff', b, h, '--format', 'md'])).stdout };
}

describe('workloads moved to another namespace', () => {
  it('are listed as moved (JSON, a note in text and Markdown), their paths still told', async () => {
    const { json, text, markdown } = await diff({ ...OTHER, ...app('openclaw') }, { ...OTHER, ...app('ai') });
    expect(json.pairs.length).toBeGreaterThan(0);
    expect(json.workloads.moved).toEqual([
      { from: 'openclaw/agent[Deployment]', to: 'ai/agent[Deployment]' },
      { from: 'openclaw/memory[Deployment]', to: 'ai/memory[Deployment]' },
    ]);
    expect(json.workloads.added.sort()).toEqual(['ai/agent[Deployment]', 'ai/memory[Deployment]']);
    const note = '2 workloads moved to another namespace, the same name, kind, pod labels and ports (openclaw/agent[Deployment] → ai/agent[Deployment], openclaw/memory[Deployment] → ai/memory[Deployment])';
    expect(text).toContain(`Note: ${note}`);
    expect(text).not.toContain('Workloads added');
    expect(markdown).toContain(`> ℹ️ ${note}`);
  });

  it('the headline tells them as moved, not as apps added and others removed (every format)', async () => {
    const { text, markdown } = await diff({ ...OTHER, ...app('openclaw') }, { ...OTHER, ...app('ai') });
    // The verdict, a blank line, then the headline's words.
    const words = text.split('\n')[2];
    expect(words).toMatch(/^Moves openclaw\/agent(\[Deployment\])? to ai\/agent(\[Deployment\])?: /);
    expect(words).toMatch(/; moves openclaw\/memory(\[Deployment\])? to ai\/memory(\[Deployment\])?: /);
    expect(words).not.toMatch(/\b(Adds|adds|Removes|removes)\b/);
    expect(markdown).toContain(words);
  });

  it('a moved workload with no path in head keeps its removed highlight, naming where it went', () => {
    const w = (namespace: string): Workload => ({ id: `${namespace}/agent[Deployment]`, namespace, name: 'agent', kind: 'Deployment', podLabels: { app: 'agent' }, namedPorts: [], ref: { file: 'a.yaml', line: 1 } });
    const peer = (namespace: string): PeerRef => ({ type: 'workload', workload: w(namespace) });
    const removed: Highlight = { change: 'closed', direction: 'ingress', srcs: [peer('web')], dsts: [peer('openclaw')], conn: NamedConns.of(ConnectionSet.ALL), refs: [], tags: [], workload: { peer: peer('openclaw'), change: 'removed', reaches: { parts: [], refs: [] }, reachedBy: { parts: [{ peers: [peer('web')], conn: NamedConns.of(ConnectionSet.ALL) }], refs: [] } } };
    const [told] = movedHighlights([removed], [{ from: w('openclaw'), to: w('ai') }]);
    expect(headline([told], (p) => peerId(p))).toBe('Moves openclaw/agent[Deployment] to ai/agent[Deployment], where it has no path: web/agent[Deployment] reached it on any port.');
  });

  it('a workload whose pod labels changed too is no move', async () => {
    const head = { ...OTHER, ...app('ai'), 'apps/ai/memory.yaml': deploy('ai', 'memory').replace('app: memory}}\n    spec', 'app: memory, tier: cache}}\n    spec') };
    const { json } = await diff({ ...OTHER, ...app('openclaw') }, head);
    expect(json.workloads.moved).toEqual([{ from: 'openclaw/agent[Deployment]', to: 'ai/agent[Deployment]' }]);
  });

  it('pairs only one workload of each side: two alike on a side are no move', () => {
    const w = (namespace: string): Workload => ({ id: `${namespace}/agent[Deployment]`, namespace, name: 'agent', kind: 'Deployment', podLabels: { app: 'agent' }, namedPorts: [], ref: { file: 'a.yaml', line: 1 } });
    expect(movedWorkloads([w('ai')], [w('openclaw')], [])).toHaveLength(1);
    expect(movedWorkloads([w('ai'), w('ml')], [w('openclaw')], [])).toEqual([]);
    expect(movedWorkloads([w('ai')], [w('ai')], [])).toEqual([]);
  });
});
