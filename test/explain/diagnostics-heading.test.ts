/**
 * `explain` lists the errors and the warnings of what its answer cites under a title that says which they are
 * (new-user trial 50: errors listed under "Warnings:").
 */
import { main } from '../../src/cli/main.js';
import { appDeployment } from '../helpers/deployment-yaml.js';
import { tempFolderSync } from '../helpers/git.js';

const APPS = `${appDeployment('api', 'shop')}---\n${appDeployment('web', 'shop')}`;
const badCidr = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-in, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
    - from: [{ipBlock: {cidr: 10.0.0.300/8}}]
`;
/** A Calico selector's `starts with`, read as `has(app)` with a warning at the field (docs/calico.md). */
const latePass = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: pass-out}
spec:
  selector: app starts with 'w'
  types: [Egress]
  egress:
    - action: Pass
`;

const explain = async (files: Record<string, string>, format = 'text') =>
  (await main(['explain', tempFolderSync(files, 'reachdiff-explain-heading-'), '--from', 'shop/web', '--to', 'shop/api', '--port', '80/TCP', '--format', format])).stdout;

describe('the title over explain’s diagnostics', () => {
  it('errors alone: Errors', async () => {
    const out = await explain({ 'apps.yaml': APPS, 'api.yaml': badCidr });
    expect(out).toMatch(/^Errors:$/m);
    expect(out).not.toMatch(/^Warnings:$/m);
    expect(await explain({ 'apps.yaml': APPS, 'api.yaml': badCidr }, 'md')).toContain('**Errors**');
  });

  it('warnings alone: Warnings; both: Errors and warnings', async () => {
    const warned = await explain({ 'apps.yaml': APPS, 'calico.yaml': latePass });
    expect(warned).toMatch(/^Warnings:$/m);
    expect(warned).toContain('calico.yaml:5: warning:');
    const both = await explain({ 'apps.yaml': APPS, 'api.yaml': badCidr, 'calico.yaml': latePass });
    expect(both).toMatch(/^Errors and warnings:$/m);
  });
});
