/**
 * A cause section of one line whose sentence the headline already says: the line alone, not the sentence a
 * second time before it (new-user 39 #11: "the 'Opened with pods the manifests do not hold' section repeats
 * that sentence verbatim before its line"). A section of several lines keeps its sentence over them.
 */
import { HOOKS_ADMISSION, sideFolders } from '../helpers/side-folders.js';

const ADMISSION = HOOKS_ADMISSION;
const WEBHOOK = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: webhook, namespace: hooks}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n    - ports: [{protocol: TCP, port: 9501}]\n';
const OPENS = 'opens hooks/[all pods] (already isolated for ingress in base by other policies) to every source on TCP 9501';

it('a one-line cause the headline tells: its section has the line alone; a cause of several lines keeps its sentence', async () => {
  const lines = (await sideFolders('one-line-cause', ADMISSION, { head: { 'webhook.yaml': WEBHOOK } }).diff('text')).split('\n');
  expect(lines[2]).toContain(`NetworkPolicy hooks/webhook added (webhook.yaml:1): ${OPENS} (6 paths over 2 label combinations)`);
  const opened = lines.findIndex((l) => l.startsWith('Opened with pods the manifests do not hold'));
  expect(lines.slice(opened + 1, opened + 3)).toEqual([
    '  hooks/[pod with {app=manager,component=admission}] and hooks/[pod with {component=admission,app NotIn (manager)}] now admit entire-cluster (clients/ui[Deployment] today) and 0.0.0.0/0, ::/0 on TCP 9501 (some of these pods may have had TCP 9501 already), webhook.yaml:8',
    '',
  ]);
  const closed = lines.findIndex((l) => l.startsWith('Closed with pods the manifests do not hold'));
  expect(lines[closed + 1]).toMatch(/^ {2}Closes hooks\/\[all pods\] \(pods no other policy isolated for ingress in base\) .*; its 2 lines:$/);
});
