/**
 * The np-guard/netpol-analyzer AdminNetworkPolicy / BaselineAdminNetworkPolicy cases: the tiered
 * evaluator must give the same connectivity, compared atom by atom as for the NetworkPolicy cases.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFolder } from '../helpers/analyze.js';
import { describeWithShared, sharedConformance } from '../helpers/shared-data.js';
import { compareRows, fromJson, parseExpected } from './atoms.js';

const FOUND = sharedConformance('npguard-anp');
const ROOT = FOUND ?? '';
const cases = FOUND === undefined ? [] : readdirSync(join(ROOT, 'cases')).sort();

describeWithShared(FOUND)('np-guard AdminNetworkPolicy conformance', () => {
  it('has all 27 cases', () => {
    expect(cases).toHaveLength(27);
  });

  it.each(cases)('%s', async (name) => {
    const expected = parseExpected(readFileSync(join(ROOT, 'expected', `${name}.txt`), 'utf8'));
    const analysis = await analyzeFolder(join(ROOT, 'cases', name));
    // Every policy of these cases is valid: none may be rejected.
    expect(analysis.json.warnings.filter((w) => w.severity === 'error')).toEqual([]);
    expect(compareRows(expected, fromJson(analysis.json))).toEqual({ missing: [], unexpected: [], counts: [0, 0] });
  });
});
