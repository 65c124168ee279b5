/** Label selector matching, apimachinery semantics (labels.Requirement.Matches). */
import { matches, selectorText } from '../../src/engine/index.js';
import type { LabelSelector, Labels, Requirement } from '../../src/engine/index.js';

const sel = (matchLabels: Labels = {}, expressions: Requirement[] = []): LabelSelector => ({ matchLabels, expressions });
const req = (key: string, op: Requirement['op'], values: string[] = []): Requirement => ({ key, op, values });

const web: Labels = { app: 'web', tier: 'front' };
const bare: Labels = {};

describe('label selectors', () => {
  it.each<[string, LabelSelector, Labels, boolean]>([
    ['an empty selector matches a labelled pod', sel(), web, true],
    ['an empty selector matches a pod without labels', sel(), bare, true],
    ['matchLabels matches when the value is equal', sel({ app: 'web' }), web, true],
    ['matchLabels fails on a different value', sel({ app: 'db' }), web, false],
    ['matchLabels fails when the key is missing', sel({ app: 'web' }), bare, false],
    ['every matchLabels entry must hold', sel({ app: 'web', tier: 'back' }), web, false],
    ['In matches a listed value', sel({}, [req('tier', 'In', ['front', 'back'])]), web, true],
    ['In fails on an unlisted value', sel({}, [req('tier', 'In', ['back'])]), web, false],
    ['In fails when the key is missing', sel({}, [req('tier', 'In', ['front'])]), bare, false],
    ['NotIn fails on a listed value', sel({}, [req('tier', 'NotIn', ['front'])]), web, false],
    ['NotIn matches an unlisted value', sel({}, [req('tier', 'NotIn', ['back'])]), web, true],
    // Pinned: apimachinery's NotIn matches a label set that lacks the key (cyclonus gets this wrong).
    ['NotIn matches a pod that lacks the key entirely', sel({}, [req('tier', 'NotIn', ['front'])]), bare, true],
    ['Exists matches when the key is present', sel({}, [req('app', 'Exists')]), web, true],
    ['Exists fails when the key is missing', sel({}, [req('app', 'Exists')]), bare, false],
    ['Exists matches an empty value', sel({}, [req('app', 'Exists')]), { app: '' }, true],
    ['DoesNotExist matches when the key is missing', sel({}, [req('app', 'DoesNotExist')]), bare, true],
    ['DoesNotExist fails when the key is present', sel({}, [req('app', 'DoesNotExist')]), web, false],
    ['matchLabels and expressions are ANDed (both hold)', sel({ app: 'web' }, [req('tier', 'In', ['front'])]), web, true],
    ['matchLabels and expressions are ANDed (one fails)', sel({ app: 'web' }, [req('tier', 'NotIn', ['front'])]), web, false],
    ['several expressions are ANDed', sel({}, [req('app', 'Exists'), req('env', 'DoesNotExist')]), web, true],
    ['a key named like an Object method is just a key', sel({ constructor: 'x' }), bare, false],
  ])('%s', (_name, selector, labels, want) => {
    expect(matches(selector, labels)).toBe(want);
  });
});

describe('selectorText', () => {
  it('writes every part', () => {
    expect(selectorText(sel({ app: 'web' }, [req('tier', 'In', ['a', 'b']), req('env', 'NotIn', ['x']), req('k', 'Exists'), req('j', 'DoesNotExist')]))).toBe(
      'app=web,tier in (a,b),env notin (x),k,!j',
    );
  });

  it('writes an empty selector as {}', () => {
    expect(selectorText(sel())).toBe('{}');
  });
});
