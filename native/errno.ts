/**
 * errno numbers and names (from Node's os.constants.errno), for errors reported as values. Pure: usable
 * by codecs without loading the addon.
 */
import { constants as osConstants } from 'node:os';

/** errno number -> name; aliases lose to the names the kernel headers use first. */
const ERRNO_NAMES: Map<number, string> = (() => {
  const aliases = new Set(['EWOULDBLOCK', 'ENOTSUP', 'EDEADLOCK']);
  const m = new Map<number, string>();
  for (const [name, n] of Object.entries(osConstants.errno)) if (!aliases.has(name)) m.set(n, name);
  for (const [name, n] of Object.entries(osConstants.errno)) if (!m.has(n)) m.set(n, name);
  return m;
})();

/** The errno name for a (positive or negative) errno value, e.g. 105 -> 'ENOBUFS'. */
export function errnoName(errno: number): string {
  return ERRNO_NAMES.get(Math.abs(errno)) ?? `E${Math.abs(errno)}`;
}

/** The errno number for a name, e.g. 'ENOBUFS' -> 105. */
export function errnoNumber(name: string): number | undefined {
  return (osConstants.errno as Record<string, number>)[name];
}
