import assert from 'node:assert/strict';
import { after } from 'node:test';
import { BgpInstance } from '../../bgp/instance.js';
import type { MemoryNetwork } from '../../bgp/transport/memory.js';
import { parseConfigText } from '../../daemon/config/load.js';
import { createLogger } from '../../daemon/log.js';
import { realClock } from '../../lib/clock.js';
import { ConnectedRoutes } from '../../rib/connected.js';
import { Rib } from '../../rib/rib.js';
import { StaticInterfaceSource } from '../../rib/sources/interfaces.js';

export interface TestSpeaker {
  bgp: BgpInstance;
  rib: Rib;
  ifs: StaticInterfaceSource;
}

/** A BGP instance on the in-memory network, from YAML (the same config users write). */
export async function speaker(
  net: MemoryNetwork,
  address: string,
  yaml: string,
  ifs: Record<string, string[]>,
  extra: { gateway?: () => string | undefined; gatewayPollMs?: number; start?: boolean } = {},
): Promise<TestSpeaker> {
  const { start = true, ...deps } = extra;
  const r = parseConfigText(yaml, `${address}.yaml`);
  assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.error));
  const cfg = r.value.config;
  const rib = new Rib();
  const src = new StaticInterfaceSource(ifs);
  new ConnectedRoutes(rib, src);
  const bgp = new BgpInstance(cfg.bgp!, cfg.policy, cfg.routerId ?? address, undefined, {
    clock: realClock,
    random: Math.random,
    transport: net.transport(address),
    log: createLogger('silent'),
    rib,
    interfaces: src,
    ...deps,
  });
  if (start) await bgp.start();
  after(() => bgp.stop());
  return { bgp, rib, ifs: src };
}
