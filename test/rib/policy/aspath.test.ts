import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AsPathSegment, PathAttrs } from '../../../bgp/packet/types.js';
import { matchAsPathList } from '../../../rib/policy/lists.js';
import { compileFrrRegex, formatAsPath } from '../../../rib/policy/regex.js';
import { compiled } from './helpers.js';

const seq = (...asns: number[]): AsPathSegment => ({ type: 2, asns });
const set = (...asns: number[]): AsPathSegment => ({ type: 1, asns });

test('formatAsPath: FRR text for every segment type', () => {
  assert.equal(formatAsPath(undefined), '');
  assert.equal(formatAsPath([]), '');
  assert.equal(formatAsPath([seq(65001, 65002), set(65003, 65004)]), '65001 65002 {65003,65004}');
  assert.equal(
    formatAsPath([{ type: 3, asns: [65010, 65011] }, { type: 4, asns: [65012, 65013] }, seq(4200000000)]),
    '(65010 65011) [65012,65013] 4200000000',
  );
});

function re(src: string): RegExp {
  const r = compileFrrRegex(src);
  assert.ok(r.ok, src);
  return r.value;
}

test('_ matches start, end, space, braces, parentheses and commas', () => {
  const r = re('_65001_');
  for (const s of ['65001', '65001 2', '1 65001', '1 65001 2', '{65001,2}', '{2,65001}', '(65001 1)', '1 {3,65001}'])
    assert.ok(r.test(s), s);
  for (const s of ['650011', '165001', '1 650012', '', '65002']) assert.ok(!r.test(s), s);
});

test('anchors: ^65001$, ^65001_, _65001$ and ^$ (locally originated)', () => {
  assert.ok(re('^65001$').test('65001'));
  assert.ok(!re('^65001$').test('65001 65002'));
  assert.ok(re('^65001_').test('65001 65002'));
  assert.ok(!re('^65001_').test('65002 65001'));
  assert.ok(re('_65001$').test('65002 65001'));
  assert.ok(re('^$').test(''));
  assert.ok(!re('^$').test('65001'));
  assert.ok(re('.*').test(''));
  assert.ok(re('.*').test('1 2 3'));
});

test('POSIX ERE pieces: bracket expressions, classes, alternation, intervals', () => {
  assert.ok(re('^6500[0-9]_').test('65003 1'));
  assert.ok(re('^[[:digit:]]+$').test('65001'));
  assert.ok(!re('^[[:digit:]]+$').test('65001 2'));
  assert.ok(re('_(65001|65002)_').test('1 65002 3'));
  assert.ok(re('^([0-9]+_){2}[0-9]+$').test('1 2 3'));
  assert.ok(!re('^([0-9]+_){2}[0-9]+$').test('1 2 3 4'));
  assert.ok(re('[]a]').test(']'), 'a leading ] is literal inside brackets');
  assert.ok(re('[_]').test('_'), '_ inside brackets stays literal');
  assert.ok(re('\\{65003').test('{65003,1}'));
});

test('bad regexes are errors, not exceptions', () => {
  for (const bad of ['(', '[0-9', '[[:nope:]]', 'a\\', '(?=1)', '*1'])
    assert.equal(compileFrrRegex(bad).ok, false, bad);
});

test('AS-path list: first matching entry decides, none → deny, sets and confederations', () => {
  const pol = compiled({
    asPathLists: {
      FROM: [
        { action: 'deny', regex: '_64512_' },
        { action: 'permit', regex: '^65001_' },
        { action: 'permit', regex: '^$' },
      ],
    },
  });
  const list = pol.asPathLists.get('FROM');
  const m = (asPath: AsPathSegment[] | undefined) => matchAsPathList(list, asPath ? { asPath } : {});
  assert.equal(m([seq(65001, 65002)]), 'permit');
  assert.equal(m([seq(65001), set(64512, 7)]), 'deny');
  assert.equal(m([seq(65002, 65001)]), 'deny');
  assert.equal(m(undefined), 'permit', 'locally originated');
  assert.equal(m([]), 'permit', 'empty AS_PATH');
  assert.equal(matchAsPathList(undefined, {}), 'deny', 'absent list');
});

test('AS-path results are cached per attribute object', () => {
  const pol = compiled({ asPathLists: { L: [{ action: 'permit', regex: '_65001_' }] } });
  const list = pol.asPathLists.get('L');
  assert.ok(list);
  let calls = 0;
  const entry = list.entries[0];
  assert.ok(entry);
  const origTest = entry.re.test.bind(entry.re);
  entry.re.test = (s: string) => {
    calls++;
    return origTest(s);
  };
  const shared: PathAttrs = { asPath: [seq(1, 65001)] };
  for (let i = 0; i < 100; i++) assert.equal(matchAsPathList(list, shared), 'permit');
  assert.equal(calls, 1);
  assert.equal(matchAsPathList(list, { asPath: [seq(1, 65001)] }), 'permit');
  assert.equal(calls, 2, 'a different object is evaluated again');
});
