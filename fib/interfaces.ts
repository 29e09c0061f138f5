/**
 * The RIB's InterfaceSource (rib/sources/interfaces.ts) over a dataplane's link and address cache: live,
 * driven by kernel events instead of polling. Like `os.networkInterfaces()` (libuv), it lists only
 * interfaces that are up and running unless `includeDown` is set, so a prefix is advertised only while its
 * interface can carry traffic. A burst of events (a resync, a link with many addresses) is one onChange.
 */
import { formatAddr, prefixLen } from '../lib/prefix.js';
import type { InterfaceAddr, InterfaceInfo, InterfaceSource } from '../rib/sources/interfaces.js';
import type { Dataplane, DataplaneEvent } from './dataplane.js';

export class DataplaneInterfaceSource implements InterfaceSource {
  private cached: InterfaceInfo[] | undefined;
  private shape = '';
  private readonly cbs: (() => void)[] = [];
  private readonly off: () => void;
  private notifyQueued = false;

  constructor(
    private readonly dp: Pick<Dataplane, 'links' | 'addresses' | 'on'>,
    private readonly includeDown = false,
  ) {
    this.off = dp.on((e) => this.onEvent(e));
    this.shape = shapeOf(this.list());
  }

  list(): InterfaceInfo[] {
    this.cached ??= this.build();
    return this.cached;
  }

  onChange(cb: () => void): void {
    this.cbs.push(cb);
  }

  close(): void {
    this.off();
    this.cbs.length = 0;
  }

  private build(): InterfaceInfo[] {
    const out: InterfaceInfo[] = [];
    const byIndex = new Map<number, InterfaceAddr[]>();
    for (const a of this.dp.addresses()) {
      let l = byIndex.get(a.index);
      if (!l) {
        l = [];
        byIndex.set(a.index, l);
      }
      l.push({ afi: a.afi, addr: a.addr, prefix: a.prefix, text: formatAddr(a.addr) });
    }
    for (const l of this.dp.links()) {
      if (!this.includeDown && !(l.up && l.running)) continue;
      out.push({ name: l.name, addrs: byIndex.get(l.index) ?? [] });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  private onEvent(e: DataplaneEvent): void {
    if (e.kind === 'route-added' || e.kind === 'route-removed') return;
    this.cached = undefined;
    if (this.notifyQueued) return;
    this.notifyQueued = true;
    queueMicrotask(() => {
      this.notifyQueued = false;
      const shape = shapeOf(this.list());
      if (shape === this.shape) return;
      this.shape = shape;
      for (const cb of this.cbs) cb();
    });
  }
}

/** What the RIB sees of the interfaces: names and address/length pairs. */
function shapeOf(ifs: readonly InterfaceInfo[]): string {
  return ifs.map((i) => `${i.name}=${i.addrs.map((a) => `${a.text}/${prefixLen(a.prefix)}`).join(',')}`).join(' ');
}
