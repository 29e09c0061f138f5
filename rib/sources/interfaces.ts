/**
 * Interface addresses: the host's connected subnets, the prefixes of interfaces to advertise (`cbr0`,
 * `virbr*` …) and the local addresses toward peers. `OsInterfaceSource` reads them from the OS (polling
 * `os.networkInterfaces()`, which works inside a network namespace); the netlink monitor replaces polling when
 * the FIB capability provides it. `StaticInterfaceSource` is for tests.
 */
import { networkInterfaces } from 'node:os';
import { AFI_IPV4, type Afi, type PrefixKey, parseAddr, parsePrefix } from '../../lib/prefix.js';

export interface InterfaceAddr {
  afi: Afi;
  /** Address octets (4 or 16). */
  addr: Uint8Array;
  /** The connected prefix (host bits cleared). */
  prefix: PrefixKey;
  text: string;
}

export interface InterfaceInfo {
  name: string;
  addrs: InterfaceAddr[];
}

export interface InterfaceSource {
  list(): InterfaceInfo[];
  /** Called after the set of interfaces or addresses changed. */
  onChange(cb: () => void): void;
  close(): void;
}

export function toInterfaceAddr(cidr: string): InterfaceAddr | undefined {
  const slash = cidr.indexOf('/');
  const a = parseAddr(slash < 0 ? cidr : cidr.slice(0, slash));
  const p = parsePrefix(cidr);
  if (!a || !p.ok) return undefined;
  return { afi: a.afi, addr: a.addr, prefix: p.value, text: cidr.slice(0, slash < 0 ? undefined : slash) };
}

function snapshot(): InterfaceInfo[] {
  const out: InterfaceInfo[] = [];
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    const list: InterfaceAddr[] = [];
    for (const a of addrs ?? []) {
      if (!a.cidr) continue;
      const ia = toInterfaceAddr(a.cidr);
      if (ia) list.push(ia);
    }
    out.push({ name, addrs: list });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export class OsInterfaceSource implements InterfaceSource {
  private current = snapshot();
  private key = JSON.stringify(this.current.map((i) => [i.name, i.addrs.map((a) => `${a.text}`)]));
  private readonly cbs: (() => void)[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(pollMs = 2000) {
    this.timer = setInterval(() => this.poll(), pollMs);
    this.timer.unref();
  }

  list(): InterfaceInfo[] {
    return this.current;
  }

  onChange(cb: () => void): void {
    this.cbs.push(cb);
  }

  poll(): void {
    const next = snapshot();
    const key = JSON.stringify(next.map((i) => [i.name, i.addrs.map((a) => `${a.text}`)]));
    if (key === this.key) return;
    this.current = next;
    this.key = key;
    for (const cb of this.cbs) cb();
  }

  close(): void {
    clearInterval(this.timer);
  }
}

export class StaticInterfaceSource implements InterfaceSource {
  private ifs: InterfaceInfo[];
  private readonly cbs: (() => void)[] = [];

  constructor(spec: Record<string, string[]> = {}) {
    this.ifs = StaticInterfaceSource.build(spec);
  }

  static build(spec: Record<string, string[]>): InterfaceInfo[] {
    return Object.entries(spec).map(([name, cidrs]) => ({
      name,
      addrs: cidrs.map((c) => toInterfaceAddr(c)).filter((a): a is InterfaceAddr => a !== undefined),
    }));
  }

  set(spec: Record<string, string[]>): void {
    this.ifs = StaticInterfaceSource.build(spec);
    for (const cb of this.cbs) cb();
  }

  list(): InterfaceInfo[] {
    return this.ifs;
  }

  onChange(cb: () => void): void {
    this.cbs.push(cb);
  }

  close(): void {}
}

/** Shell-style glob (`*`, `?`) match of an interface name. */
export function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(name);
}

/** IPv6 link-local (fe80::/10) addresses are never advertised. */
export function isLinkLocal(a: InterfaceAddr): boolean {
  return a.afi !== AFI_IPV4 && a.addr[0] === 0xfe && ((a.addr[1] ?? 0) & 0xc0) === 0x80;
}
