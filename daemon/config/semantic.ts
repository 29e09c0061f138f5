/**
 * Checks a schema cannot express: prefixes with host bits set, duplicate neighbors, a router ID of 0.0.0.0.
 * Each problem names the config path of the node at fault.
 */
import { isIP } from 'node:net';
import { parsePrefix } from '../../lib/prefix.js';
import { err, ok, type Result } from '../../lib/result.js';
import type { ConfigPath } from './diagnostic.js';
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

export function semanticChecks(raw: RawConfig): Problem[] {
  const out: Problem[] = [];
  if (raw.routerId === '0.0.0.0') out.push({ path: ['routerId'], message: 'must not be 0.0.0.0' });
  const bgp = raw.bgp;
  if (bgp) {
    const seen = new Map<string, number>();
    (bgp.neighbors ?? []).forEach((n, i) => {
      const key = n.address.toLowerCase();
      const first = seen.get(key);
      if (first !== undefined) {
        out.push({
          path: ['bgp', 'neighbors', i, 'address'],
          message: `duplicate neighbor (also bgp.neighbors[${first}])`,
        });
      } else seen.set(key, i);
    });
    (bgp.advertise?.prefixes ?? []).forEach((p, i) => {
      const r = parsePrefix(p, true);
      if (!r.ok) out.push({ path: ['bgp', 'advertise', 'prefixes', i], message: r.error });
    });
  }
  return out;
}
