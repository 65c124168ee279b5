/**
 * A workload added or removed is told of the workload, not of the unchanged rules that admit it
 * (realeval5 new-workload-headline; kubernetes-sigs/network-policy-api 13669e9): a new Deployment
 * apps/client beside data/db, which admits anyone on TCP 5432, read "Opens apps/client to everything on
 * any port; opens data/db to everything on TCP 5432 (1 rule, a.yaml:23); opens egress from apps/client
 * to everything on any port." — as if the unchanged rule opened data/db to every source, and as if the
 * client reached data/db on every port. Both directions, added and removed, in text and Markdown.
 */
import { analyzeDiff } from '../../src/analysis/diff-report.js';
import { diffText } from '../../src/report/diff-text.js';
import { renderDiffMarkdown } from '../../src/report/diff-markdown.js';

const deployment = (namespace: string, name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: x}]}\n`;
const policy = (namespace: string, name: string, spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec:\n${spec}`;
/** data/db and its policy: every data pod admits anyone on TCP 5432. */
const DB = [deployment('data', 'db'), policy('data', 'db', '  podSelector: {}\n  ingress:\n  - ports:\n    - port: 5432\n')].join('---\n');
const CLIENT = deployment('apps', 'client');

type Files = { path: string; text: string }[];
const report = (base: Files, head: Files) => analyzeDiff(base, head);
/** The headline: the third line of the text, and of the Markdown (after the title). */
function headlines(base: Files, head: Files): { text: string; md: string } {
  const r = report(base, head);
  return { text: diffText(r).split('\n')[2], md: renderDiffMarkdown(r).split('\n')[2] };
}

describe('a new workload and no policy change', () => {
  const base = [{ path: 'a.yaml', text: DB }];
  const head = [...base, { path: 'b.yaml', text: CLIENT }];

  it('says what the workload may reach, with exact ports where they differ, and what may reach it; no unchanged rule cited', () => {
    const expected = 'Adds apps/client: it may reach data/db on TCP 5432 and everything else on any port; everything may reach it on any port.';
    expect(headlines(base, head)).toEqual({ text: expected, md: expected });
  });

  it('removed: what it reached and what reached it', () => {
    const expected = 'Removes apps/client: it reached data/db on TCP 5432 and everything else on any port; everything reached it on any port.';
    expect(headlines(head, base)).toEqual({ text: expected, md: expected });
  });
});

describe('"everything" names no workload without a path', () => {
  it('a workload isolated against the new one is named as what "everything" does not hold', () => {
    // ops/vault admits nothing: the new client reaches data/db on 5432, itself and the addresses.
    const vault = [deployment('ops', 'vault'), policy('ops', 'deny', '  podSelector: {}\n  policyTypes: [Ingress]\n')].join('---\n');
    const base = [{ path: 'a.yaml', text: DB }, { path: 'v.yaml', text: vault }];
    const head = [...base, { path: 'b.yaml', text: CLIENT }];
    expect(headlines(base, head).text).toBe('Adds apps/client: it may reach data/db on TCP 5432 and everything else but ops/vault on any port; everything may reach it on any port.');
  });
});

describe('rules the change adds are cited, in the direction they allow', () => {
  it('a new policy of the new workload: its ingress rule is why sources may reach it, not why it may reach anything', () => {
    const base = [{ path: 'a.yaml', text: DB }];
    const own = policy('apps', 'client-in', '  podSelector: {matchLabels: {app: client}}\n  ingress:\n  - from: [{namespaceSelector: {}}]\n    ports: [{port: 8080}]\n');
    const head = [...base, { path: 'b.yaml', text: CLIENT }, { path: 'p.yaml', text: own }];
    // Its own pods too admit only TCP 8080: "itself" is an exception.
    expect(headlines(base, head).text).toMatch(/^Adds apps\/client: it may reach itself on TCP 8080, data\/db on TCP 5432 and everything else on any port; entire-cluster may reach it on TCP 8080 \(1 rule, p\.yaml:\d+\);/);
  });

  it('a new egress rule of the new workload toward data/db is cited where it reaches data/db', () => {
    const base = [{ path: 'a.yaml', text: DB }];
    const out = policy('apps', 'client-out', '  podSelector: {matchLabels: {app: client}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: data}}}]\n');
    const head = [...base, { path: 'b.yaml', text: CLIENT }, { path: 'p.yaml', text: out }];
    // Its egress reaches no other namespace: not even its own pods may reach it. data/db's unchanged ingress rule
    // allows the path too (its why-lines name both): the new rule is counted as the changed one of 2.
    expect(headlines(base, head).text).toMatch(/^Adds apps\/client: it may reach data\/db on TCP 5432 \(1 changed rule of 2, p\.yaml:\d+\); everything but itself may reach it on any port;/);
  });
});

describe('the wide word holds no port beyond the rules that reach that far', () => {
  it('a rule without `from` on TCP 80 and one admitting prometheus on TCP 9090: prometheus is named, not "everything else" on 80,9090 (real-eval 21: nerc-ocp-config 1a50cb2c)', () => {
    const prometheus = deployment('monitoring', 'prometheus');
    const web = policy('shop', 'web', '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Ingress]\n  ingress:\n  - ports: [{port: 80}]\n  - from:\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}\n      podSelector: {matchLabels: {app: prometheus}}\n    ports: [{port: 9090}]\n');
    const base = [{ path: 'a.yaml', text: [deployment('shop', 'api'), prometheus].join('---\n') }];
    const head = [...base, { path: 'b.yaml', text: [deployment('shop', 'web'), web].join('---\n') }];
    const text = headlines(base, head).text;
    expect(text).toMatch(/^Adds shop\/web: it may reach itself on TCP 80 and everything else on any port; shop\/api, itself and every address may reach it on TCP 80, and monitoring\/prometheus on TCP 80 and 9090 \(2 rules, b\.yaml:\d+-\d+\)/);
    expect(text).not.toContain('everything else on TCP 80,9090');
  });
});

describe('a new rule cited beside unchanged rules that allow the same paths', () => {
  it('counts the cited rule as the changed one of the rules the why-lines name, not as every rule (real repositories 45)', () => {
    // apps admits every pod of the cluster (unchanged); the new ssh also admits every address on TCP 2222 (new).
    const fromCluster = policy('apps', 'from-cluster', '  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{namespaceSelector: {}}]\n');
    const base = [{ path: 'a.yaml', text: [deployment('apps', 'web'), fromCluster].join('---\n') }];
    const ssh = policy('apps', 'ssh', '  podSelector: {matchLabels: {app: ssh}}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{ipBlock: {cidr: 0.0.0.0/0}}]\n    ports: [{port: 2222}]\n');
    const head = [...base, { path: 'b.yaml', text: deployment('apps', 'ssh') }, { path: 'p.yaml', text: ssh }];
    expect(headlines(base, head).text).toMatch(/; 0\.0\.0\.0\/0 may reach it on TCP 2222, and itself and apps\/web on any port \(1 changed rule of 2, p\.yaml:\d+\)/);
  });
});
