import { join } from 'node:path';
import { after } from 'node:test';
import type { Transport } from '../../bgp/transport/types.js';
import { Daemon } from '../../daemon/daemon.js';
import { createLogger } from '../../daemon/log.js';
import { MemoryDataplane } from '../../fib/memory.js';
import type { InterfaceSource } from '../../rib/sources/interfaces.js';
import { tempDir } from './tmp.js';

/** Start an in-process daemon on an ephemeral loopback port with its own state dir. */
export async function startDaemon(
  extraYaml = '',
  opts: {
    env?: NodeJS.ProcessEnv;
    listen?: string;
    transport?: Transport;
    interfaces?: InterfaceSource;
    dataplane?: MemoryDataplane;
  } = {},
): Promise<{ d: Daemon; url: string; configPath: string; write: (yaml: string) => void; stateDir: string }> {
  const t = tempDir();
  const stateDir = join(t.dir, 'state');
  const body = (y: string) => `stateDir: ${stateDir}\napi: { listen: "${opts.listen ?? '127.0.0.1:0'}" }\n${y}`;
  const configPath = t.file('noverlay.yaml', body(extraYaml));
  const d = new Daemon({
    configPath,
    logger: createLogger('silent'),
    env: opts.env ?? {},
    ...(opts.transport ? { transport: opts.transport } : {}),
    ...(opts.interfaces ? { interfaces: opts.interfaces } : {}),
    // Never the host's kernel from an in-process test: a FIB on an in-memory kernel.
    dataplane: opts.dataplane ?? new MemoryDataplane({ checkNexthops: false, record: false }),
  });
  await d.start();
  after(() => d.stop());
  return { d, url: d.apiUrl()!, configPath, write: (y) => t.file('noverlay.yaml', body(y)), stateDir };
}
