/**
 * Two policies of one namespace moved at once onto other pods (as longhorn/longhorn 7e5b8047e moved
 * longhorn-conversion-webhook's and longhorn-admission-webhook's podSelectors from `app: longhorn-manager` to
 * a label each): pods carrying both labels are isolated by both, or, where other policies isolated them
 * already, get both policies' rules. Each such label combination was a line of its own under no cause (the
 * grouped section listed them one by one, the headline counted them as "peers"); the change is the two
 * policies' together, told once in their terms (analysis/isolation-causes.ts, report/cause-text.ts), the
 * lines kept below it. The sentences' claims are checked against the reference for random clusters in
 * test/property/diff-claims-hold.test.ts ("several policies moved at once"); here, their text and place.
 */
import { HOOKS_POLICIES, sideFolders } from '../helpers/side-folders.js';
import { regionPairs } from '../helpers/region-pairs.js';

const COMMON = HOOKS_POLICIES;

const hooks = (conversion: string, admission: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: conversion, namespace: hooks}
spec:
  podSelector: {matchLabels: {${conversion}}}
  policyTypes: [Ingress]
  ingress:
    - ports: [{protocol: TCP, port: 9501}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: admission, namespace: hooks}
spec:
  podSelector: {matchLabels: {${admission}}}
  policyTypes: [Ingress]
  ingress:
    - ports: [{protocol: TCP, port: 9502}]
`;

const BOTH = 'hooks/[pod with {admission=yes,conversion=yes}]';
const NOW = 'NetworkPolicies hooks/admission and hooks/conversion now select them (their podSelectors, hooks.yaml:10, hooks.yaml:1)';
const NO_LONGER = 'NetworkPolicies hooks/admission and hooks/conversion no longer select them (their podSelectors, hooks.yaml:10, hooks.yaml:1)';
const GIVEN = `opens ${BOTH} (already isolated for ingress in base by other policies) to every source on TCP 9501-9502`;
const STARTED = `closes ${BOTH} (pods no policy isolated for ingress in base) to every source but those head's policies admit`;
const FAMILY =
  'NetworkPolicies hooks/admission and hooks/conversion select other pods (their podSelectors, hooks.yaml:10, hooks.yaml:1): ' +
  'opens hooks/[pod with {admission=yes}] on TCP 9502, hooks/[pod with {conversion=yes}] on TCP 9501 and hooks/[pod with {admission=yes,conversion=yes}] on TCP 9501-9502 ' +
  '(already isolated for ingress in base by other policies) to every source (18 paths over 6 label combinations), ' +
  "closes hooks/[pod with {admission=yes}], hooks/[pod with {conversion=yes}] and hooks/[pod with {admission=yes,conversion=yes}] (pods no policy isolated for ingress in base) to every source but those head's policies admit (198 paths over 6 label combinations) " +
  'and closes hooks/[pod with {app=manager}] on TCP 9501-9502 (still isolated for ingress by other policies) to the sources their rules admitted there and no other policy admits (30 paths: 3 with its workload hooks/manager';
const TAKEN = "closes hooks/[pod with {app=manager}] (still isolated for ingress by other policies) on TCP 9501-9502 to the sources their rules admitted there and no other policy admits";

describe('two policies moved at once: pods both select are told once, as both policies\' change', () => {
  let run: (format: string, reverse?: boolean) => Promise<string>;
  beforeAll(() => {
    run = sideFolders('multi-causes', COMMON, { base: { 'hooks.yaml': hooks('app: manager', 'app: manager') }, head: { 'hooks.yaml': hooks("conversion: 'yes'", "admission: 'yes'") } }).diff;
  });
  const section = (lines: string[], title: RegExp) => {
    const at = lines.findIndex((l) => title.test(l));
    const end = lines.indexOf('', at);
    return lines.slice(at + 1, end);
  };

  it('the headline tells the two policies\' moves once, each effect over the pods some of them select, not label combinations as peers', async () => {
    const line = (await run('text')).split('\n')[2];
    // The manager workload's own pairs are among the family's (analysis/pair-cause.ts).
    expect(line).toBe(`${FAMILY}, 27 with its other pods over 11 label combinations).`);
  });

  it('text: every line of pods the manifests do not hold sits under a cause; the two policies\' causes name both', async () => {
    const lines = (await run('text')).split('\n');
    const opened = section(lines, /^Opened with pods the manifests do not hold/);
    expect(opened.filter((l) => !l.startsWith('    ')).map((l) => l.slice(0, 7))).toEqual(['  Opens', '  Opens', '  Opens']);
    expect(opened[0]).toBe(`  O${GIVEN.slice(1)}: ${NOW}; 6 paths over 2 label combinations; its line:`);
    expect(opened[1]).toMatch(/^ {4}hooks\/\[pod with \{admission=yes,conversion=yes,.* now admits? .* on TCP 9501-9502 /);
    const closed = section(lines, /^Closed with pods the manifests do not hold/);
    expect(closed.filter((l) => !l.startsWith('    ')).every((l) => l.startsWith('  Closes '))).toBe(true);
    expect(closed).toContain(`  C${STARTED.slice(1)}: ${NOW}; 66 paths over 2 label combinations; its 2 lines:`);
    expect(closed).toContain(`  C${TAKEN.slice(1)}: ${NO_LONGER}; 10 paths (2 listed above): 3 with its workload hooks/manager[Deployment], 7 with its other pods over 3 label combinations; its 3 lines:`);
  });

  it('text: the grouped summary names the family once, not each label combination, nor destinations left out that it tells', async () => {
    const lines = (await run('text')).split('\n');
    const grouped = section(lines, /changed pairs, grouped:$/);
    expect(grouped[0]).toBe(`  ${FAMILY}[Deployment], 27 with its other pods over 11 label combinations)`);
    expect(grouped.filter((l) => /^ {2}hooks\/\[pod with|NetworkPolic|more destination/.test(l))).toEqual([grouped[0]]);
  });

  it('Markdown: the sentence as the item, its lines folded in <details>', async () => {
    const md = await run('md');
    expect(md).toContain(`- O${GIVEN.slice(1).replace(BOTH, `\`${BOTH}\``)}: NetworkPolicies hooks/admission and hooks/conversion now select them (their podSelectors, \`hooks.yaml:10\`, \`hooks.yaml:1\`); 6 paths over 2 label combinations\n\n  <details><summary>Its line</summary>`);
  });

  it('the reverse: the pods both selected lose both isolations at once, and app=manager pods get both rules', async () => {
    const text = await run('text', true);
    expect(text).toContain(`\n  Opens ${BOTH} (pods no policy isolates for ingress in head) to every source on any port that source's egress allows: ${NO_LONGER}; 66 paths over 2 label combinations; its 2 lines:\n`);
    expect(text).toContain(`\n  Opens hooks/[pod with {app=manager}] (already isolated for ingress in base by other policies) to every source on TCP 9501-9502: ${NOW}; 10 paths (2 listed above): 3 with its workload hooks/manager[Deployment], 7 with its other pods over 3 label combinations; its 3 lines:\n`);
    expect(text).toContain(`\n  Closes ${BOTH} (still isolated for ingress by other policies) on TCP 9501-9502 to the sources their rules admitted there and no other policy admits: ${NO_LONGER}; 6 paths over 2 label combinations; its line:\n`);
  });

  it('the JSON has no causes (text and Markdown only)', async () => {
    const json = JSON.parse(await run('json')) as { isolationCauses?: unknown; pairs: unknown[] };
    expect(json.isolationCauses).toBeUndefined();
    // Region pairs, each region of a group end on its own (docs/cli.md "Region groups").
    expect(regionPairs(json).length).toBe(246);
  });
});
