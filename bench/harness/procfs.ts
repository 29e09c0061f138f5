/**
 * What /proc says about the daemons under test: CPU time (utime + stime of every thread, proc(5) stat
 * fields 14 and 15) and memory (VmRSS now, VmHWM = peak resident set), summed over a daemon's processes.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let clkTck: number | undefined;

function ticksPerSecond(): number {
  clkTck ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
  return clkTck;
}

/** CPU seconds used so far by each pid, summed; a pid that is gone counts 0. */
export function cpuSeconds(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ')'.
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {}
  }
  return ticks / ticksPerSecond();
}

export interface Mem {
  /** Resident set now, bytes. */
  rss: number;
  /** Peak resident set (high-water mark), bytes. */
  hwm: number;
}

/** VmRSS and VmHWM summed over the pids, in bytes. */
export function memory(pids: readonly number[]): Mem {
  const m = { rss: 0, hwm: 0 };
  for (const pid of pids) {
    try {
      const s = readFileSync(`/proc/${pid}/status`, 'utf8');
      m.rss += Number(/^VmRSS:\s+(\d+) kB/m.exec(s)?.[1] ?? 0) * 1024;
      m.hwm += Number(/^VmHWM:\s+(\d+) kB/m.exec(s)?.[1] ?? 0) * 1024;
    } catch {}
  }
  return m;
}
