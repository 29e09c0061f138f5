/**
 * What the parts of the OSPF instance (interfaces, flooding, origination) need of the instance itself: the
 * injected clock and I/O, the database, the counters, and the notifications that drive origination (§12.4),
 * SPF and the MaxAge sweep. The instance implements it; the parts never reach around it.
 */
import type { Clock } from '../lib/clock.js';
import type { OspfCounters, OspfLog } from './counters.js';
import type { Flooder } from './flood.js';
import type { NbrEventType, NbrStateName } from './fsm/index.js';
import type { Neighbor, OspfInterface } from './iface.js';
import type { OspfIo } from './io.js';
import type { Lsdb, LsdbEntry, SelfOriginatedAction } from './lsdb.js';

export interface OspfHost {
  readonly clock: Clock;
  readonly random: () => number;
  readonly routerId: number;
  readonly lsdb: Lsdb;
  readonly io: OspfIo;
  readonly counters: OspfCounters;
  readonly log: OspfLog;
  readonly flood: Flooder;
  /** Run `fn` as one event, to completion, followed by the end-of-event work (origination, sends, SPF). */
  run(fn: () => void): void;
  /** The interfaces, every area. */
  interfaces(): Iterable<OspfInterface>;
  /** §12.4 (2)-(4): the router-LSA of `area` may have to change. */
  routerLsaChanged(area: number): void;
  /** §12.4.2: the network-LSA of `ifc` may have to change (or be flushed). */
  networkLsaChanged(ifc: OspfInterface): void;
  interfaceChanged(ifc: OspfInterface): void;
  neighborChanged(ifc: OspfInterface, n: Neighbor, from: NbrStateName, to: NbrStateName, event: NbrEventType): void;
  /** §13 step 4, §14: is any neighbor in state Exchange or Loading? */
  anyExchangeOrLoading(): boolean;
  /** §13.4: a newer instance of one of our own LSAs arrived and was installed. */
  selfOriginatedReceived(entry: LsdbEntry, action: SelfOriginatedAction): void;
}
