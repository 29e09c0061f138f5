/** The machine and software a result was measured on. */
import { cpus, loadavg, release, totalmem } from 'node:os';
import { DRIVERS } from './daemons/index.js';
import type { Machine } from './model.js';

export function machineInfo(): Machine {
  const versions: Record<string, string> = {};
  for (const d of Object.values(DRIVERS)) versions[d.name] = d.problem() === undefined ? d.version() : 'not installed';
  const [a = 0, b = 0, c = 0] = loadavg();
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memGiB: totalmem() / 2 ** 30,
    kernel: release(),
    node: process.version,
    loadAvg: [a, b, c],
    versions,
  };
}
