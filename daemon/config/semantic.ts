/**
 * Checks a schema cannot express: prefixes with host bits set, duplicate neighbors, a router ID of 0.0.0.0.
 * Each problem names the config path of the node at fault.
 */
import { isIP } from 'node:net';
import { parsePrefix } from '../../lib/prefix.js';
import { err, ok, type Result } from '../../lib/result.js';
import { checkBgp } from './bgp.js';
import type { ConfigPath } from './diagnostic.js';
import { checkOspf } from './ospf.js';
import { checkRouting } from './routing.js';
import type { RawConfig } from './schema.js';

export interface Problem {
  path: ConfigPath;
  message: string;
}

/** "127.0.0.1:9179", "[::1]:9179", "0.0.0.0:9179". */
export function parseHostPort(s: string): Result<{ host: string; port: number }, string> {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([0-9.]+)):([0-9]{1,5})$/.exec(s);
  if (!m) return err('expected address:port');
  const host = m[1] ?? m[2] ?? '';
  const port = Number(m[3]);
  if ((m[1] !== undefined && isIP(host) !== 6) || (m[2] !== undefined && isIP(host) !== 4)) return err('bad address');
  if (port > 65535) return err('port out of range');
  return ok({ host, port });
}

export function semanticChecks(raw: RawConfig, routeMaps: ReadonlySet<string>): Problem[] {
  const out: Problem[] = [];
  if (raw.routerId === '0.0.0.0') out.push({ path: ['routerId'], message: 'must not be 0.0.0.0' });
  if (raw.bgp?.routerId === '0.0.0.0') out.push({ path: ['bgp', 'routerId'], message: 'must not be 0.0.0.0' });
  out.push(...checkRouting(raw.rib, raw.fib));
  if (raw.ospf) out.push(...checkOspf(raw.ospf, routeMaps));
  const bgp = raw.bgp;
  if (bgp) {
    out.push(...checkBgp(bgp, routeMaps));
    (bgp.advertise?.prefixes ?? []).forEach((p, i) => {
      const r = parsePrefix(p, true);
      if (!r.ok) out.push({ path: ['bgp', 'advertise', 'prefixes', i], message: r.error });
    });
    (bgp.dynamicNeighbors ?? []).forEach((d, i) => {
      const r = parsePrefix(d.range, true);
      if (!r.ok) out.push({ path: ['bgp', 'dynamicNeighbors', i, 'range'], message: r.error });
    });
  }
  return out;
}
