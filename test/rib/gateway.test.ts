import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDefaultGateway } from '../../rib/sources/gateway.js';

const HEADER = 'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n';

test('the lowest-metric default route with a gateway wins; addresses are little-endian hex', () => {
  const text = `${HEADER}eth0\t00000000\t0101000A\t0003\t0\t0\t100\t00000000\t0\t0\t0
eth1\t00000000\t0102000A\t0003\t0\t0\t50\t00000000\t0\t0\t0
eth0\t0001000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
`;
  assert.equal(parseDefaultGateway(text), '10.0.2.1');
});

test('no default route, or one without the gateway flag, gives none', () => {
  assert.equal(parseDefaultGateway(HEADER), undefined);
  assert.equal(parseDefaultGateway(`${HEADER}eth0\t00000000\t00000000\t0001\t0\t0\t0\t00000000\t0\t0\t0\n`), undefined);
  assert.equal(
    parseDefaultGateway(`${HEADER}eth0\t00000000\t0101000A\t0002\t0\t0\t0\t00000000\t0\t0\t0\n`),
    undefined,
    'route not up',
  );
});
