/** The dataplane-backed InterfaceSource: live list, one onChange per burst, down links hidden. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryDataplane } from '../../fib/memory.js';
import { formatPrefix } from '../../lib/prefix.js';

test('interfaces: up links with their addresses; changes arrive as one onChange per burst', async () => {
  const d = new MemoryDataplane();
  const eth0 = d.addLink('eth0');
  d.addAddress(eth0.index, '10.0.0.1/24');
  const src = d.interfaces();
  const all = d.interfaces({ includeDown: true });
  assert.deepEqual(
    src.list().map((i) => [i.name, i.addrs.map((x) => `${x.text} ${formatPrefix(x.prefix)}`)]),
    [
      ['eth0', ['10.0.0.1 10.0.0.0/24']],
      ['lo', []],
    ],
  );
  let changes = 0;
  src.onChange(() => changes++);
  const cbr0 = d.addLink('cbr0');
  d.addAddress(cbr0.index, '10.244.1.1/24');
  d.addAddress(cbr0.index, 'fd00:244:1::1/64');
  await Promise.resolve();
  assert.equal(changes, 1);
  assert.deepEqual(
    src
      .list()
      .find((i) => i.name === 'cbr0')
      ?.addrs.map((x) => x.text),
    ['10.244.1.1', 'fd00:244:1::1'],
  );
  d.setLinkUp(cbr0.index, false);
  await Promise.resolve();
  assert.equal(changes, 2);
  assert.equal(
    src.list().some((i) => i.name === 'cbr0'),
    false,
    'a down link is not listed',
  );
  assert.equal(
    all.list().some((i) => i.name === 'cbr0'),
    true,
  );
  // An event that changes nothing the RIB sees: no onChange.
  d.addLink('tap0', { up: false });
  await Promise.resolve();
  assert.equal(changes, 2);
  src.close();
  d.addAddress(eth0.index, '10.0.5.1/24');
  await Promise.resolve();
  assert.equal(changes, 2, 'closed: no more callbacks');
});
