/** Every np-guard/netpol-analyzer case must give the same connectivity, compared atom by atom. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFolder } from '../helpers/analyze.js';
import { describeWithShared, sharedConformance } from '../helpers/shared-data.js';
import { compareRows, fromJson, parseExpected } from './atoms.js';

const FOUND = sharedConformance('npguard');
const ROOT = FOUND ?? '';
const cases = FOUND === undefined ? [] : readdirSync(join(ROOT, 'cases')).sort();

/** Cases whose expected output we are convinced is wrong, each with the reason (none so far). */
const KNOWN_WRONG: Record<string, string> = {};

afterAll(() => {
  const entries = Object.entries(KNOWN_WRONG);
  if (entries.length > 0) console.log(`np-guard cases left failing on purpose:\n${entries.map(([k, v]) => `- ${k}: ${v}`).join('\n')}`);
});

describeWithShared(FOUND)('np-guard conformance', () => {
  it('has all 23 cases', () => {
    expect(cases).toHaveLength(23);
  });

  it.each(cases)('%s', async (name) => {
    const expected = parseExpected(readFileSync(join(ROOT, 'expected', `${name}.txt`), 'utf8'));
    const analysis = await analyzeFolder(join(ROOT, 'cases', name));
    expect(analysis.json.schemaVersion).toBe(1);
    const verdict = compareRows(expected, fromJson(analysis.json));
    if (KNOWN_WRONG[name]) {
      expect(verdict.counts).not.toEqual([0, 0]);
    } else {
      expect(verdict).toEqual({ missing: [], unexpected: [], counts: [0, 0] });
    }
  });
});
