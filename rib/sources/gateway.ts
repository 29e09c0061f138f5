/**
 * The host's IPv4 default gateway, for the Calico-style "peer with my default gateway" convenience.
 * Read from /proc/net/route (the calling process's network namespace): the lowest-metric default route with
 * the gateway flag. Replaced by the netlink route monitor when the FIB capability provides one.
 */
import { readFileSync } from 'node:fs';

const RTF_UP = 0x1;
const RTF_GATEWAY = 0x2;

/** Parse /proc/net/route text; addresses there are little-endian hex. */
export function parseDefaultGateway(text: string): string | undefined {
  let best: { gw: string; metric: number } | undefined;
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const [, dest, gw, flags, , , metric, mask] = f;
    if (dest !== '00000000' || mask !== '00000000') continue;
    const fl = Number.parseInt(flags ?? '0', 16);
    if ((fl & RTF_UP) === 0 || (fl & RTF_GATEWAY) === 0) continue;
    const v = Number.parseInt(gw ?? '0', 16);
    const addr = `${v & 255}.${(v >>> 8) & 255}.${(v >>> 16) & 255}.${(v >>> 24) & 255}`;
    const m = Number(metric);
    if (!best || m < best.metric) best = { gw: addr, metric: m };
  }
  return best?.gw;
}

export function defaultGateway(): string | undefined {
  try {
    return parseDefaultGateway(readFileSync('/proc/net/route', 'utf8'));
  } catch {
    return undefined;
  }
}
