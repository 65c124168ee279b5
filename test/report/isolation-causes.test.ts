/**
 * A removed policy over pods the manifests do not hold, which two other policies partly isolate, with a
 * source whose egress policy reaches some of them (as longhorn/longhorn 6663b975 removed
 * longhorn-conversion-webhook): the other policies cut its pods into label combinations, each its own line
 * (what else isolates it, which sources may send to it). The truth is one change: the headline and each
 * section say it once, in the policy's terms (analysis/isolation-causes.ts, report/cause-text.ts), with
 * the lines kept below it; the reverse diff (the policy added) says the start of isolation alike. The
 * sentences' claims are checked against the reference for random clusters in
 * test/property/diff-claims-hold.test.ts; here, their text, counts and place.
 */
import { HOOKS_ADMISSION, sideFolders } from '../helpers/side-folders.js';
import { regionPairs } from '../helpers/region-pairs.js';

const COMMON = `${HOOKS_ADMISSION}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: recovery, namespace: hooks}
spec:
  podSelector: {matchLabels: {tier: recovery}}
  policyTypes: [Ingress]
  ingress:
    - ports: [{protocol: TCP, port: 9600}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ui-egress, namespace: clients}
spec:
  podSelector: {matchLabels: {app: ui}}
  policyTypes: [Egress]
  egress:
    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: hooks}}, podSelector: {matchLabels: {component: admission}}}]
`;

const WEBHOOK = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: webhook, namespace: hooks}
spec:
  podSelector: {matchLabels: {role: webhook}}
  policyTypes: [Ingress]
  ingress:
    - ports: [{protocol: TCP, port: 9501}]
`;

const SUBJECT = 'hooks/[pod with {role=webhook}]';
const OPENS = `opens ${SUBJECT} (pods no other policy isolates for ingress) to every source on any port that source's egress allows`;
const CLOSES = `closes ${SUBJECT} (still isolated for ingress by other policies) on TCP 9501 to the sources its rules admitted there and no other policy admits`;
const REMOVED = 'NetworkPolicy hooks/webhook removed (base:webhook.yaml:1)';

interface JsonPair {
  src: { id: string };
  dst: { id: string };
  opened: unknown;
  closed: unknown;
}

describe('a policy removed over pods other policies partly isolate: said once, in its terms', () => {
  let run: (format: string, reverse?: boolean) => Promise<string>;
  beforeAll(() => {
    run = sideFolders('causes', COMMON, { base: { 'webhook.yaml': WEBHOOK } }).diff;
  });

  it('the JSON pairs the sentences count: paths and label combinations of the policy\'s pods', async () => {
    const json = JSON.parse(await run('json')) as { pairs: JsonPair[]; isolationCauses?: unknown };
    expect(json.isolationCauses).toBeUndefined();
    // Region pairs, each region of a group end on its own (docs/cli.md "Region groups").
    const pairs = regionPairs(json);
    const subjects = (which: 'opened' | 'closed') => new Set(pairs.filter((p) => p[which]).map((p) => p.dst.id));
    expect([pairs.filter((p) => p.opened).length, subjects('opened').size]).toEqual([26, 2]);
    expect([pairs.filter((p) => p.closed).length, subjects('closed').size]).toEqual([18, 6]);
  });

  it('text: the headline tells the removal once, with both its effects', async () => {
    const lines = (await run('text')).split('\n');
    expect(lines[2]).toBe(`${REMOVED}: ${OPENS} (26 paths over 2 label combinations) and ${CLOSES} (18 paths over 6 label combinations).`);
  });

  it('text: each section opens with the sentence, its lines one level in', async () => {
    const lines = (await run('text')).split('\n');
    const at = (title: RegExp) => lines.findIndex((l) => title.test(l));
    const opened = at(/^Opened with pods the manifests do not hold/);
    expect(lines[opened + 1]).toBe(`  O${OPENS.slice(1)}: ${REMOVED}; 26 paths over 2 label combinations; its 2 lines:`);
    expect(lines.slice(opened + 2, opened + 4).every((l) => /^ {4}hooks\/\[pod with \{.*role=webhook.*\}\] now admits /.test(l))).toBe(true);
    expect(lines[opened + 4]).toBe('');
    const closed = at(/^Closed with pods the manifests do not hold/);
    expect(lines[closed + 1]).toBe(`  C${CLOSES.slice(1)}: ${REMOVED}; 18 paths over 6 label combinations; its 3 lines:`);
    expect(lines.slice(closed + 2, closed + 5).every((l) => /^ {4}hooks\/\[pod with .* no longer admits? .* on TCP 9501/.test(l))).toBe(true);
  });

  it('Markdown: the sentence as the item, its lines folded in <details>', async () => {
    const md = await run('md');
    expect(md).toContain(`- O${OPENS.slice(1).replace(SUBJECT, `\`${SUBJECT}\``)}: NetworkPolicy hooks/webhook removed (\`base:webhook.yaml:1\`); 26 paths over 2 label combinations\n\n  <details><summary>Its 2 lines, one per label combination and peers</summary>\n\n  - \`hooks/[pod with`);
    expect(md.split('\n')[2]).toBe(`${REMOVED}: ${OPENS} (26 paths over 2 label combinations) and ${CLOSES} (18 paths over 6 label combinations).`);
  });

  it('the policy added: the start of isolation, and its rules given to pods others isolate, told alike', async () => {
    const text = await run('text', true);
    const closes = `closes ${SUBJECT} (pods no other policy isolated for ingress in base) to every source but those head's policies admit`;
    const opens = `opens ${SUBJECT} (already isolated for ingress in base by other policies) to every source on TCP 9501`;
    expect(text.split('\n')[2]).toBe(`NetworkPolicy hooks/webhook added (webhook.yaml:1): ${opens} (18 paths over 6 label combinations) and ${closes} (26 paths over 2 label combinations).`);
    expect(text).toContain(`\n  O${opens.slice(1)}: NetworkPolicy hooks/webhook added (webhook.yaml:1); 18 paths over 6 label combinations; its 3 lines:\n    hooks/[pod with`);
    expect(text).toContain(`\n  C${closes.slice(1)}: NetworkPolicy hooks/webhook added (webhook.yaml:1); 26 paths over 2 label combinations; its 2 lines:\n    hooks/[pod with`);
  });
});
