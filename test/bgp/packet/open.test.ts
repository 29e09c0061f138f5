import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeMessage, encodeMessage } from '../../../bgp/packet/index.js';
import type { OpenMsg } from '../../../bgp/packet/types.js';
import { ctx, msg } from './util.js';

const c = ctx();

function openErr(body: string): string {
  const r = decodeMessage(msg(1, body), c);
  return r.ok ? 'ok' : `${r.error.code}/${r.error.subcode} ${r.error.action}`;
}

test('optional-parameter length 0xFF with nothing after it is an OPEN error, not a crash', () => {
  assert.equal(openErr('04 fde9 005a 0a000001 ff'), '2/0 reset');
});
test('RFC 9072 marker with a truncated extended length', () => {
  assert.equal(openErr('04 fde9 005a 0a000001 ff ff 01'), '2/0 reset');
});
test('optional-parameter length disagreeing with the message', () => {
  assert.equal(openErr('04 fde9 005a 0a000001 04 02 02 02 00 00'), '2/0 reset');
  assert.equal(openErr('04 fde9 005a 0a000001 05 02 02 02 00'), '2/0 reset');
});
test('parameter overrunning the parameters, capability overrunning its parameter', () => {
  assert.equal(openErr('04 fde9 005a 0a000001 04 02 05 02 00'), '2/0 reset');
  assert.equal(openErr('04 fde9 005a 0a000001 04 02 02 41 04'), '2/0 reset');
  assert.equal(openErr('04 fde9 005a 0a000001 03 02 01 41'), '2/0 reset');
  assert.equal(openErr('04 fde9 005a 0a000001 01 02'), '2/0 reset');
});
test('known capabilities with impossible lengths', () => {
  assert.equal(openErr('04 fde9 005a 0a000001 05 02 03 01 01 00'), '2/0 reset'); // multiprotocol of 1
  assert.equal(openErr('04 fde9 005a 0a000001 06 02 04 41 02 0000'), '2/0 reset'); // 4-octet AS of 2
  assert.equal(openErr('04 fde9 005a 0a000001 05 02 03 02 01 00'), '2/0 reset'); // route refresh of 1
  assert.equal(openErr('04 fde9 005a 0a000001 05 02 03 40 01 00'), '2/0 reset'); // graceful restart of 1
  assert.equal(openErr('04 fde9 005a 0a000001 07 02 05 05 03 000100'), '2/0 reset'); // ext next hop of 3
  assert.equal(openErr('04 fde9 005a 0a000001 06 02 04 49 02 05 41'), '2/0 reset'); // FQDN hostname overrun
});
test('ADD-PATH with an invalid Send/Receive value is kept as unknown (RFC 7911 §4: ignored)', () => {
  const r = decodeMessage(msg(1, '04 fde9 005a 0a000001 08 02 06 45 04 0001 01 07'), c);
  assert.ok(r.ok);
  assert.deepEqual((r.value as OpenMsg).capabilities, [
    { kind: 'unknown', code: 69, value: Uint8Array.of(0, 1, 1, 7) },
  ]);
});
test('FQDN without the domain part reads an empty domain', () => {
  const r = decodeMessage(msg(1, '04 fde9 005a 0a000001 07 02 05 49 03 02 6869'), c);
  assert.ok(r.ok);
  assert.deepEqual((r.value as OpenMsg).capabilities, [{ kind: 'fqdn', hostname: 'hi', domain: '' }]);
});
test('semantics are not checked here: version 3, hold time 1 and AS 0 decode', () => {
  const r = decodeMessage(msg(1, '03 0000 0001 00000000 00'), c);
  assert.ok(r.ok);
  assert.equal((r.value as OpenMsg).version, 3);
});
test('the RFC 9072 form is used only above 255 octets of parameters', () => {
  const open = (n: number): OpenMsg => ({
    type: 'open',
    version: 4,
    myAs: 1,
    holdTime: 90,
    bgpId: 1,
    capabilities: [{ kind: 'unknown', code: 200, value: new Uint8Array(n) }],
    otherParams: [],
  });
  const small = encodeMessage(open(251), c); // 2 + 2 + 251 = 255 octets of parameters
  assert.equal(small[28], 255);
  assert.equal(small[29], 2, 'plain form: first parameter type follows');
  const big = encodeMessage(open(252), c);
  assert.deepEqual([big[28], big[29]], [255, 255]);
  for (const b of [small, big]) {
    const r = decodeMessage(b, c);
    assert.ok(r.ok);
    assert.deepEqual(r.value, open(b === small ? 251 : 252));
  }
});
