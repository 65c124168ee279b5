/**
 * Why a file is not read as manifests: what its path says is remembered per path, what its text says
 * (encryption) and the side's chart folders are asked every time, so one path answers per text and per side.
 */
import { skipReason } from '../../src/targets/non-manifest.js';

const plain = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n';
const sops = 'apiVersion: v1\nkind: Secret\ndata:\n  k: ENC[AES256_GCM,data:x]\nsops:\n  mac: y\n';

describe('skipReason', () => {
  it.each([
    ['apps/kustomization.yaml', 'kustomization'],
    ['Kustomization', 'kustomization'],
    ['.github/workflows/ci.yaml', 'not-a-manifest'],
    ['charts/x/values-prod.yaml', 'not-a-manifest'],
    ['helmfile.yaml', 'not-a-manifest'],
    ['apps/helmfile.d/10-web.yaml', 'not-a-manifest'],
    ['apps/web.yaml', undefined],
  ])('%s: %s, asked twice', (path, expected) => {
    expect(skipReason(path, plain, [])).toBe(expected);
    expect(skipReason(path, plain, [])).toBe(expected);
  });

  it('the same path is encrypted with one text and read with another', () => {
    expect(skipReason('apps/secret.yaml', plain, [])).toBeUndefined();
    expect(skipReason('apps/secret.yaml', sops, [])).toBe('encrypted');
    expect(skipReason('apps/secret.yaml', plain, [])).toBeUndefined();
  });

  it("the same path is a chart's on a side with that chart, read on a side without", () => {
    expect(skipReason('charts/web/templates/np.yaml', plain, [])).toBeUndefined();
    expect(skipReason('charts/web/templates/np.yaml', plain, ['charts/web'])).toBe('chart');
    expect(skipReason('charts/web/templates/np.yaml', plain, [])).toBeUndefined();
    // A chart at the root holds every path; the chart comes before what the path says.
    expect(skipReason('apps/kustomization.yaml', plain, [''])).toBe('chart');
    expect(skipReason('apps/kustomization.yaml', plain, [])).toBe('kustomization');
  });
});
