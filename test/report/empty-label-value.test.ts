/**
 * An empty label value (OpenShift's `policy-group.network.openshift.io/host-network: ""`) is printed `""`
 * wherever a label or selector is printed: abstract peer ids (`NotIn ("")`, not `NotIn ()`, which reads as
 * an empty set), selectors in findings (`{k=""}`, not `{k=}`), explain's near misses, Markdown; and an id
 * given back to explain is read with it (real commits of ArthurVardevanyan/HomeLab, sixth real-commit
 * evaluation). Non-empty values print as before. The diff below selects namespaces by a label of the same
 * shape that is no OpenShift label: PEER_SELECTS_NOTHING leaves OpenShift's own namespace labels alone
 * (findings/namespaces-elsewhere.ts), and the finding's selector text is part of what is checked.
 */
import { main } from '../../src/cli/main.js';
import { parseAbstractPeer } from '../../src/analysis/abstract-peer-id.js';
import { abstractPeer, selectorId, selectorText } from '../../src/engine/index.js';
import { requirementText } from '../../src/report/mismatch-text.js';
import { tempFolder } from '../helpers/git.js';

const KEY = 'policy-group.network.openshift.io/host-network';
const TRUSTED = 'trust.example.com/network';
const app = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: c, image: i}]}\n';
const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n';
const pol = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow-host-network, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - namespaceSelector:\n            matchLabels:\n              ${TRUSTED}: ""\n`;

describe('selector text', () => {
  it('prints the empty value as "" and other values as they are', () => {
    const s = { matchLabels: { [KEY]: '', app: 'web' }, expressions: [{ key: 'tier', op: 'NotIn' as const, values: ['', 'b'] }] };
    expect(selectorId(s)).toBe(`{app=web,${KEY}="",tier NotIn ("",b)}`);
    expect(selectorText(s)).toBe(`${KEY}="",app=web,tier notin ("",b)`);
    expect(requirementText({ key: KEY, op: 'In', values: [''] })).toBe(`${KEY}=""`);
    expect(requirementText({ key: KEY, op: 'NotIn', values: [''] })).toBe(`${KEY}!=""`);
    expect(selectorId({ matchLabels: { app: 'web' }, expressions: [{ key: 'tier', op: 'In', values: ['a', 'b'] }] })).toBe('{app=web,tier In (a,b)}');
  });

  it('an id with "" is read back to the same peer', () => {
    const peer = abstractPeer({ matchLabels: { [KEY]: '' }, expressions: [{ key: 'team', op: 'NotIn', values: [''] }] }, { matchLabels: {}, expressions: [] });
    const parsed = parseAbstractPeer(peer.id);
    expect(parsed.ok && parsed.peer).toEqual(peer);
    expect(parsed.ok && parsed.peer.namespaceSelector).toEqual({ matchLabels: { [KEY]: '' }, expressions: [{ key: 'team', op: 'NotIn', values: [''] }] });
  });
});

describe('diff and explain', () => {
  let root: string;
  beforeAll(async () => {
    root = await tempFolder({ 'base/app.yaml': ns + '---\n' + app, 'head/app.yaml': ns + '---\n' + app, 'head/pol.yaml': pol });
  });
  const notIn = `[namespace with {kubernetes.io/metadata.name NotIn (shop),${TRUSTED} NotIn ("")}]/[all pods]`;
  // Text and Markdown read the name label by name (report/pods-text.ts); the JSON keeps the id.
  const notInText = `[namespace with {${TRUSTED} NotIn ("")} other than shop]/[all pods]`;

  it('names the abstract peer and the finding\'s selector with ""', async () => {
    const text = await main(['diff', `${root}/base`, `${root}/head`, '--fail-on', 'never']);
    expect(text.stdout).toContain(notInText);
    expect(text.stdout).toContain(`namespaceSelector {${TRUSTED}=""} podSelector {}`);
    expect(text.stdout).toContain(`([namespace with {${TRUSTED}=""}]/[all pods] in diff)`);
    expect(text.stdout).not.toMatch(/NotIn \(\)|=\}/);
    const md = await main(['diff', `${root}/base`, `${root}/head`, '--fail-on', 'never', '--format', 'md']);
    expect(md.stdout).toContain(`\`${notInText}\``);
    const json = await main(['diff', `${root}/base`, `${root}/head`, '--fail-on', 'never', '--format', 'json']);
    expect(json.stdout).toContain(JSON.stringify(notIn));
  });

  it('explain reads the id back and says what the selector requires with ""', async () => {
    const out = await main(['explain', `${root}/head`, '--from', notIn, '--to', 'shop/web']);
    expect(out.stderr).toBe('');
    expect(out.stdout).toContain(`${notIn} => shop/web[Deployment] on any port: DENIED`);
    expect(out.stdout).toContain(`from[0] namespaceSelector requires ${TRUSTED}="", namespace`);
  });
});
