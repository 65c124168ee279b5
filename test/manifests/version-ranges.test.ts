/**
 * Flux and Helm write chart versions as Masterminds semver constraints; reachdiff evaluates them with npm's
 * semver after mapping the syntax (commas are AND, `=>` / `=<`, `!=`, `~0.0.0`). Each form is checked by the
 * versions it admits, as Masterminds' own documentation tables them, and by the majors read from it.
 */
import semver from 'semver';
import { admitsOnlyBelow, mastermindsRange, rangeMajors } from '../../src/manifests/version-ranges.js';

/** Which of `versions` the constraint admits. */
function admitted(constraint: string, versions: readonly string[]): string[] {
  const range = mastermindsRange(constraint);
  if (range === undefined) throw new Error(`no range: ${constraint}`);
  return versions.filter((v) => semver.satisfies(v, range));
}

describe('Masterminds constraints admit the versions Masterminds admits', () => {
  const cases: [string, string[], string[]][] = [
    // [constraint, versions tried, those admitted]
    ['>= 1.2, < 3.0.0 || >= 4.2.3', ['1.1.9', '1.2.0', '2.9.9', '3.0.0', '4.2.2', '4.2.3', '9.0.0'], ['1.2.0', '2.9.9', '4.2.3', '9.0.0']],
    ['>=1.2.0,<1.4.0', ['1.2.0', '1.3.9', '1.4.0'], ['1.2.0', '1.3.9']],
    ['1.2.x', ['1.1.9', '1.2.0', '1.2.9', '1.3.0'], ['1.2.0', '1.2.9']],
    ['1.2.*', ['1.2.4', '1.3.0'], ['1.2.4']],
    ['1.X', ['1.9.0', '2.0.0'], ['1.9.0']],
    ['1.2', ['1.2.7', '1.3.0'], ['1.2.7']],
    ['=1', ['1.4.0', '2.0.0'], ['1.4.0']],
    ['*', ['0.0.1', '3.0.0'], ['0.0.1', '3.0.0']],
    ['x', ['3.0.0'], ['3.0.0']],
    ['v1.2.3', ['1.2.3', '1.2.4'], ['1.2.3']],
    ['~1.2.3', ['1.2.2', '1.2.3', '1.2.9', '1.3.0'], ['1.2.3', '1.2.9']],
    ['~1', ['0.9.0', '1.0.0', '1.9.9', '2.0.0'], ['1.0.0', '1.9.9']],
    ['~>1.2', ['1.2.9', '1.3.0'], ['1.2.9']],
    ['~0.0.0', ['0.0.0', '5.0.0'], ['0.0.0', '5.0.0']],
    ['^1.2.3', ['1.2.2', '1.2.3', '1.9.0', '2.0.0'], ['1.2.3', '1.9.0']],
    ['^0.2.3', ['0.2.3', '0.2.9', '0.3.0'], ['0.2.3', '0.2.9']],
    ['^0.0.3', ['0.0.3', '0.0.4'], ['0.0.3']],
    ['^0', ['0.9.0', '1.0.0'], ['0.9.0']],
    ['<= 2.x', ['2.9.9', '3.0.0'], ['2.9.9']],
    ['> 1.2.x', ['1.2.5', '1.3.0'], ['1.3.0']],
    ['>11', ['11.1.0', '12.0.0'], ['12.0.0']],
    ['>1.2.3', ['1.2.3', '1.2.4'], ['1.2.4']],
    ['=>1.2.0, =<1.4', ['1.1.0', '1.2.0', '1.4.9', '1.5.0'], ['1.2.0', '1.4.9']],
    ['1.2 - 1.4.5', ['1.1.9', '1.2.0', '1.4.5', '1.4.6'], ['1.2.0', '1.4.5']],
    ['2.3.4 - 4.5', ['2.3.3', '2.3.4', '4.5.9', '4.6.0'], ['2.3.4', '4.5.9']],
    ['v3.0.0 - v4', ['3.0.0', '4.9.0', '5.0.0'], ['3.0.0', '4.9.0']],
    ['!=1.2.x', ['1.1.9', '1.2.5', '1.3.0'], ['1.1.9', '1.3.0']],
    ['>=1.2, !=1.4.x', ['1.1.0', '1.3.9', '1.4.2', '1.5.0'], ['1.3.9', '1.5.0']],
    ['^3.0, != 3.5.0 != 3.6.1', ['3.4.0', '3.5.0', '3.6.0', '3.6.1', '4.0.0'], ['3.4.0', '3.6.0']],
    ['!=4 || 4.2.0', ['3.9.0', '4.1.0', '4.2.0', '5.0.0'], ['3.9.0', '4.2.0', '5.0.0']],
  ];
  it.each(cases)('%s', (constraint, tried, want) => {
    expect(admitted(constraint, tried)).toEqual(want);
  });

  it('no constraint: a branch, a tag that is no version, empty text, an operator alone, four parts, an empty alternative', () => {
    for (const text of ['latest', 'main', '', '>=', '1.2.3.4', '>=3 ||', '3.0 -', 'v', '>=1 <2 garbage']) expect([text, mastermindsRange(text)]).toEqual([text, undefined]);
  });

  it('more than eight exclusions in one alternative are not multiplied out', () => {
    const nine = Array.from({ length: 9 }, (_, i) => `!=1.${i}.0`).join(', ');
    expect(mastermindsRange(nine)).toBeUndefined();
    expect(mastermindsRange(Array.from({ length: 8 }, (_, i) => `!=1.${i}.0`).join(', '))).toBeDefined();
  });
});

describe('the majors a constraint admits', () => {
  const cases: [string, ReturnType<typeof rangeMajors>][] = [
    ['>=4.0.0', { lowest: 4, highest: Infinity }],
    ['>= 3.0.0 <4.0.0', { lowest: 3, highest: 3 }],
    ['>=3.0.0, <4.0.0', { lowest: 3, highest: 3 }],
    ['^3.0', { lowest: 3, highest: 3 }],
    ['~3.7', { lowest: 3, highest: 3 }],
    ['~>3', { lowest: 3, highest: 3 }],
    ['3.x', { lowest: 3, highest: 3 }],
    ['3.*', { lowest: 3, highest: 3 }],
    ['3', { lowest: 3, highest: 3 }],
    ['4.1.1', { lowest: 4, highest: 4 }],
    ['v4.1.1', { lowest: 4, highest: 4 }],
    ['=>4.0', { lowest: 4, highest: Infinity }],
    ['<4.0.0', { highest: 3 }],
    ['<4.1', { highest: 4 }],
    ['<=4.1', { highest: 4 }],
    ['=<4', { highest: 4 }],
    ['3.0 - 4.1', { lowest: 3, highest: 4 }],
    ['^3.0 || ^4.0', { lowest: 3, highest: 4 }],
    ['<3 || >=5', { highest: Infinity }],
    ['>3', { lowest: 4, highest: Infinity }],
    ['>3.7.3', { lowest: 3, highest: Infinity }],
    ['^3.0, !=3.5.0', { lowest: 3, highest: 3 }],
    ['!=4', { highest: Infinity }],
    ['~0.0.0', { highest: Infinity }],
    ['*', { highest: Infinity }],
    // An alternative admitting nothing is left out; a constraint admitting nothing reads as none.
    ['>=5.0.0 <4.0.0 || ^3.1', { lowest: 3, highest: 3 }],
    ['>=5.0.0 <4.0.0', undefined],
    ['not a range', undefined],
  ];
  it.each(cases)('%s', (range, want) => {
    expect(rangeMajors(range)).toEqual(want);
  });
});

describe('whether a constraint admits only versions below one', () => {
  it('versions, ranges within and ranges reaching past it, and what is no constraint', () => {
    const below = (text: string) => admitsOnlyBelow(text, '1.5.0');
    expect(['v1.3.1', '1.4', '~1.4.0', '<1.5', '1.4.x', '>=1.2 <1.5.0', '1.5.0-rc.1'].map(below)).toEqual([true, true, true, true, true, true, true]);
    expect(['1.5.0', '>=1.3.0', '^1.4.0', '*', '<=1.5'].map(below)).toEqual([false, false, false, false, false]);
    expect(below('main')).toBeUndefined();
  });
});
