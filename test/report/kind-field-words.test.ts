/**
 * Cilium and Calico policies in their own words where the report speaks of their rules and fields: a rule
 * group's line names the policy as reason-text.ts does (`CiliumNetworkPolicy ns/x ingress rule 1`, not the
 * id `ns/x[CiliumNetworkPolicy]`), and a cause over policies that moved onto other pods names the field
 * that selects them in their kind (`endpointSelector`, Calico's `selector`), not a NetworkPolicy's `podSelector`.
 */
import type { Finding } from '../../src/findings/types.js';
import { alikeText } from '../../src/report/finding-groups.js';
import { groupLine } from '../../src/report/pair-groups.js';
import { HOOKS_POLICIES, sideFolders } from '../helpers/side-folders.js';

describe('rule group lines name the policy with its kind', () => {
  const line = (key: string) => groupLine({ kind: 'rule', change: 'opened', key, count: 7, ref: { file: 'p.yaml', line: 3 }, members: [] }, (id) => id, (r) => `${r.file}:${r.line}`);

  it.each([
    ['ns/x[CiliumNetworkPolicy] ingress rule 1', 'CiliumNetworkPolicy ns/x ingress rule 1 (p.yaml:3) opens 7 paths'],
    ['CiliumClusterwideNetworkPolicy/x egress rule 2', 'CiliumClusterwideNetworkPolicy x egress rule 2 (p.yaml:3) opens 7 paths'],
    ['media/x[CiliumClusterwideNetworkPolicy] egress rule 1', 'CiliumClusterwideNetworkPolicy x (in media) egress rule 1 (p.yaml:3) opens 7 paths'],
    ['ns/db[CalicoNetworkPolicy]#1 ingress rule 1', 'Calico NetworkPolicy ns/db ingress rule 1 (p.yaml:3) opens 7 paths'],
    ['CalicoGlobalNetworkPolicy/db#1 ingress rule 1', 'Calico GlobalNetworkPolicy db ingress rule 1 (p.yaml:3) opens 7 paths'],
    ['shop/cart ingress rule 1', 'shop/cart ingress rule 1 (p.yaml:3) opens 7 paths'],
  ])('%s', (key, expected) => {
    expect(line(key)).toBe(expected);
  });
});

/** Policies of hooks that cut its pods (as test/report/multi-policy-causes.test.ts). */
const COMMON = HOOKS_POLICIES;

describe("a grouped finding's other members name the policy with its kind", () => {
  // The message names the subject as findings do: a policy with its kind, a workload by its id.
  const alike = (subject: string, message: string) => alikeText({ subject, message, object: 'egress:endpoint selector {} in namespaces {team=ops}' } as Finding);
  it.each([
    ['db/x[CiliumClusterwideNetworkPolicy]', 'CiliumClusterwideNetworkPolicy x (in db) egress rule 1: …', 'CiliumClusterwideNetworkPolicy x (in db): egress endpoint selector {} in namespaces {team=ops}'],
    ['shop/x[CiliumNetworkPolicy]', 'CiliumNetworkPolicy shop/x egress rule 1: …', 'CiliumNetworkPolicy shop/x: egress endpoint selector {} in namespaces {team=ops}'],
    // A NetworkPolicy with its kind too, as the first finding of the group names it (ux46 left it as `shop/x`).
    ['shop/x', 'NetworkPolicy shop/x egress rule 1: …', 'NetworkPolicy shop/x: egress endpoint selector {} in namespaces {team=ops}'],
    ['shop/web[Deployment]', 'No NetworkPolicy selects shop/web[Deployment] for egress: …', 'shop/web[Deployment]: egress endpoint selector {} in namespaces {team=ops}'],
  ])('%s', (subject, message, expected) => {
    expect(alike(subject, message)).toBe(expected);
  });
});

const ciliumHooks = (conversion: string, admission: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: conversion, namespace: hooks}
spec:
  endpointSelector: {matchLabels: {${conversion}}}
  ingress:
    - toPorts: [{ports: [{port: "9501", protocol: TCP}]}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: admission, namespace: hooks}
spec:
  endpointSelector: {matchLabels: {${admission}}}
  ingress:
    - toPorts: [{ports: [{port: "9502", protocol: TCP}]}]
`;

const calicoHook = (selector: string) => `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: conversion, namespace: hooks}
spec:
  selector: ${selector}
  types: [Ingress]
  ingress:
    - action: Allow
      protocol: TCP
      destination: {ports: [9501]}
`;

describe('causes over moved policies name their kind\'s selector field', () => {
  it('Cilium: endpointSelector(s), never podSelector', async () => {
    const run = sideFolders('kind-words-cilium', COMMON, { base: { 'hooks.yaml': ciliumHooks('app: manager', 'app: manager') }, head: { 'hooks.yaml': ciliumHooks("conversion: 'yes'", "admission: 'yes'") } }).diff;
    const text = await run('text');
    expect(text).toContain('CiliumNetworkPolicy hooks/admission and CiliumNetworkPolicy hooks/conversion select other pods (their endpointSelectors, ');
    expect(text).toContain('now select them (their endpointSelectors, ');
    expect(text).not.toMatch(/their podSelectors|'s podSelector/);
  });

  it('Calico: selector', async () => {
    const run = sideFolders('kind-words-calico', COMMON, { base: { 'hooks.yaml': calicoHook("app == 'manager'") }, head: { 'hooks.yaml': calicoHook("conversion == 'yes'") } }).diff;
    const text = await run('text');
    expect(text).toMatch(/Calico NetworkPolicy hooks\/conversion's selector (now selects|no longer selects|selects other pods)/);
    expect(text).not.toMatch(/their podSelectors|'s podSelector/);
  });
});
