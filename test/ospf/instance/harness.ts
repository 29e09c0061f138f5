/**
 * Scenario fixtures: OSPF instances in one process on the fake clock, each with a MemoryDataplane (its
 * links and addresses), a RIB (flushed through the clock), and the in-memory I/O plugging its interfaces into
 * simulated segments. `Lab.until` advances time until a condition holds (or fails with the states).
 */

import { normalizeOspf, type OspfCfg, type RawOspfCfg } from '../../../daemon/config/ospf.js';
import { MemoryDataplane } from '../../../fib/memory.js';
import { FakeClock } from '../../../lib/clock.js';
import { formatIPv4, parsePrefix } from '../../../lib/prefix.js';
import type { OspfLog } from '../../../ospf/counters.js';
import { OspfInstance } from '../../../ospf/instance.js';
import { type MemoryOspfIo, MemoryOspfNet, type MemorySegment } from '../../../ospf/memory-io.js';
import { type CompiledPolicy, compilePolicy } from '../../../rib/policy/index.js';
import { Rib } from '../../../rib/rib.js';

export interface LogLine {
  level: string;
  msg: string;
  obj: object;
}

export function memLog(lines: LogLine[]): OspfLog {
  return {
    info: (obj, msg) => lines.push({ level: 'info', msg, obj }),
    warn: (obj, msg) => lines.push({ level: 'warn', msg, obj }),
    debug: () => {},
  };
}

export function emptyPolicy(): CompiledPolicy {
  const p = compilePolicy(undefined);
  if (!p.ok) throw new Error('empty policy does not compile');
  return p.value;
}

export interface IfSpec {
  /** Interface name. */
  name: string;
  /** Address with prefix length. */
  cidr: string;
  /** Segment to plug into (none for a passive stub). */
  segment?: string;
}

export class Node {
  readonly dp = new MemoryDataplane();
  readonly rib: Rib;
  readonly logs: LogLine[] = [];
  readonly io: MemoryOspfIo;
  ospf!: OspfInstance;
  cfg!: OspfCfg;

  constructor(
    readonly lab: Lab,
    readonly name: string,
    readonly routerId: string,
    ifs: IfSpec[],
  ) {
    this.rib = new Rib({ schedule: (fn) => lab.clock.setTimer(0, fn) });
    this.io = lab.net.io(name);
    for (const i of ifs) {
      const l = this.dp.addLink(i.name);
      this.dp.addAddress(l.index, i.cidr);
      if (i.segment) this.io.attach(i.name, lab.net.segment(i.segment));
    }
  }

  async start(raw: RawOspfCfg, policy = emptyPolicy()): Promise<this> {
    this.cfg = normalizeOspf(raw);
    this.ospf = new OspfInstance(this.cfg, policy, this.routerId, {
      clock: this.lab.clock,
      random: this.lab.random,
      io: this.io,
      dataplane: this.dp,
      rib: this.rib,
      log: memLog(this.logs),
    });
    await this.ospf.start();
    return this;
  }

  /** Neighbor states by router ID. */
  neighbors(): Record<string, string> {
    const o: Record<string, string> = {};
    for (const i of this.ospf.interfaces()) for (const n of i.nbrs.values()) o[formatIPv4(n.st.routerId)] = n.st.state;
    return o;
  }

  iface(name: string) {
    const i = [...this.ospf.interfaces()].find((x) => x.name === name);
    if (!i) throw new Error(`${this.name} has no OSPF interface ${name}`);
    return i;
  }

  /** The RIB's selected route for a prefix as "proto metric gw%if ..." text, or undefined. */
  route(prefix: string): string | undefined {
    const p = parsePrefix(prefix);
    if (!p.ok) throw new Error(p.error);
    const r = this.rib.candidates(p.value).selected;
    if (!r) return undefined;
    const hops = r.nexthops.map((h) => `${h.gateway ? [...h.gateway].join('.') : 'direct'}%${h.ifname ?? ''}`);
    return `${r.protocol} ${r.metric} ${hops.sort().join(' ')}`;
  }

  /** The OSPF candidate in the RIB (whether selected or not). */
  ospfRoute(prefix: string): string | undefined {
    const p = parsePrefix(prefix);
    if (!p.ok) throw new Error(p.error);
    const c = this.rib.candidates(p.value).candidates.find((x) => x.protocol === 'ospf');
    if (!c) return undefined;
    const hops = c.nexthops.map((h) => `${h.gateway ? [...h.gateway].join('.') : 'direct'}%${h.ifname ?? ''}`);
    return `${c.metric} ${hops.sort().join(' ')}`;
  }

  warnings(): LogLine[] {
    return this.logs.filter((l) => l.level === 'warn');
  }
}

export class Lab {
  readonly clock = new FakeClock();
  readonly net = new MemoryOspfNet(this.clock, 1);
  readonly nodes: Node[] = [];
  private seed = 7;
  readonly random = (): number => {
    this.seed = (this.seed * 1103515245 + 12345) & 0x7fffffff;
    return this.seed / 0x80000000;
  };

  node(name: string, routerId: string, ifs: IfSpec[]): Node {
    const n = new Node(this, name, routerId, ifs);
    this.nodes.push(n);
    return n;
  }

  segment(name: string): MemorySegment {
    return this.net.segment(name);
  }

  advance(ms: number): void {
    this.clock.advance(ms);
  }

  /** Advance in 100 ms steps until `pred` holds; throws with `what` after `limitMs` of simulated time. */
  until(what: string, pred: () => boolean, limitMs = 120_000): number {
    const start = this.clock.now();
    while (!pred()) {
      if (this.clock.now() - start > limitMs) {
        const states = this.nodes.map((n) => `${n.name}: ${JSON.stringify(n.ospf ? n.neighbors() : {})}`);
        throw new Error(`timed out after ${limitMs} ms (simulated) waiting for ${what}; ${states.join('; ')}`);
      }
      this.clock.advance(100);
    }
    return this.clock.now() - start;
  }

  /** No instance hit an internal error (a bug) so far. */
  internalErrors(): number {
    return this.nodes.reduce((s, n) => s + (n.ospf?.counters.internalErrors ?? 0), 0);
  }
}

/** An OSPF configuration: one area 0 with these interfaces (FRR defaults unless given). */
export function ospfCfg(
  ifs: (Partial<RawOspfCfg['areas'][number]['interfaces'][number]> & { name: string })[],
  more: Partial<RawOspfCfg> = {},
): RawOspfCfg {
  return { areas: [{ id: '0.0.0.0', interfaces: ifs }], ...more };
}
