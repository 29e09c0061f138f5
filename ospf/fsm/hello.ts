/**
 * Hello packets (RFC 2328 §9.5 sending, §10.5 receiving) as pure functions: build our Hello for an interface,
 * check a received one against the interface (a mismatch is a typed drop reason, counted, never thrown), and
 * turn an accepted one into the neighbor and interface events §10.5 prescribes.
 *
 * RFCs: 2328 §8.2 (area, own router ID, source subnet), §9.5, §10.5; 3101 §2.3 (the N bit must match).
 */
import { err, ok, type Result } from '../../lib/result.js';
import type { HelloPkt } from '../packet/types.js';
import {
  type HelloInfo,
  type IfCfg,
  type IfEvent,
  type IfState,
  type NbrEvent,
  type NbrView,
  nbrAtLeast,
  OPT_E,
  OPT_NP,
} from './types.js';

/** Why a received Hello was dropped (§8.2, §10.5): one counter per reason. */
export type HelloDropReason =
  /** The interface is Down or Loopback. */
  | 'interface-down'
  /** Passive interfaces neither send nor accept Hellos. */
  | 'passive'
  /** §8.2: the OSPF header's Area ID is not the interface's area. */
  | 'area-mismatch'
  /** §8.2: the sender uses our own Router ID (a duplicate router ID, or our packet looped back). */
  | 'duplicate-router-id'
  /** §8.2: on a broadcast network the source must be on the interface's subnet. */
  | 'wrong-subnet'
  /** §10.5: Network Mask differs (broadcast networks only). */
  | 'mask-mismatch'
  | 'hello-interval-mismatch'
  | 'dead-interval-mismatch'
  /** §10.5: the E bit must match the area's ExternalRoutingCapability (stub or not). */
  | 'e-bit-mismatch'
  /** RFC 3101 §2.3: the N bit must match (NSSA or not). */
  | 'n-bit-mismatch';

/** Who sent the Hello: the OSPF header's Router ID and Area ID, the IP source address. */
export interface HelloSource {
  routerId: number;
  areaId: number;
  address: number;
}

/** What an accepted Hello causes (§10.5), to be run in this order: neighbor events, then interface events. */
export interface HelloOutcome {
  /** HelloReceived, then 2-WayReceived or 1-WayReceived. */
  nbrEvents: NbrEvent[];
  /** BackupSeen and/or NeighborChange, each at most once (the driver may coalesce with the NSM's). */
  ifEvents: IfEvent[];
  /** No neighbor structure existed: the driver creates one (`newNeighbor`) before running `nbrEvents`. */
  isNew: boolean;
}

/**
 * §9.5: our Hello. The neighbor list holds the Router IDs of the neighbors heard recently (state Init or
 * higher); DR and BDR are the interface's (0.0.0.0 on point-to-point links).
 */
export function buildHello(cfg: IfCfg, ifc: IfState, neighbors: readonly NbrView[]): HelloPkt {
  const heard: number[] = [];
  for (const n of neighbors) if (nbrAtLeast(n.state, 'Init')) heard.push(n.routerId);
  return {
    type: 1,
    mask: cfg.mask,
    helloInterval: cfg.helloInterval,
    options: cfg.options,
    priority: cfg.priority,
    deadInterval: cfg.routerDeadInterval,
    dr: ifc.dr,
    bdr: ifc.bdr,
    neighbors: heard,
  };
}

/** §8.2 and §10.5 checks, in the RFC's order. */
export function checkHello(cfg: IfCfg, ifc: IfState, src: HelloSource, hello: HelloPkt): HelloDropReason | undefined {
  if (ifc.state === 'Down' || ifc.state === 'Loopback') return 'interface-down';
  if (cfg.passive === true) return 'passive';
  if (src.areaId >>> 0 !== cfg.areaId >>> 0) return 'area-mismatch';
  if (src.routerId >>> 0 === cfg.routerId >>> 0) return 'duplicate-router-id';
  const broadcast = cfg.type === 'broadcast';
  // §8.2: "the packet's IP source address is required to be on the same network as the receiving interface"
  // (point-to-point links may be unnumbered, so the rule applies to broadcast networks only).
  if (broadcast && ((src.address ^ cfg.address) & cfg.mask) !== 0) return 'wrong-subnet';
  // §10.5: "on point-to-point networks ... the Network Mask in the received Hello Packet should be ignored".
  if (broadcast && hello.mask >>> 0 !== cfg.mask >>> 0) return 'mask-mismatch';
  if (hello.helloInterval !== cfg.helloInterval) return 'hello-interval-mismatch';
  if (hello.deadInterval !== cfg.routerDeadInterval) return 'dead-interval-mismatch';
  if ((hello.options & OPT_E) !== (cfg.options & OPT_E)) return 'e-bit-mismatch';
  if ((hello.options & OPT_NP) !== (cfg.options & OPT_NP)) return 'n-bit-mismatch';
  return undefined;
}

/**
 * §10.5: check a received Hello and derive the events. `nbr` is the existing neighbor structure (found by
 * source address on broadcast networks, by Router ID on point-to-point links, §8.2), undefined when new.
 * Events compare the neighbor's previous Hello fields with the new ones, so pass `nbr` as it was before.
 */
export function processHello(
  cfg: IfCfg,
  ifc: IfState,
  nbr: NbrView | undefined,
  src: HelloSource,
  hello: HelloPkt,
): Result<HelloOutcome, HelloDropReason> {
  const drop = checkHello(cfg, ifc, src, hello);
  if (drop !== undefined) return err(drop);
  const info: HelloInfo = {
    routerId: src.routerId,
    address: src.address,
    priority: hello.priority,
    dr: hello.dr,
    bdr: hello.bdr,
    options: hello.options,
  };
  const nbrEvents: NbrEvent[] = [{ type: 'HelloReceived', hello: info }];
  const ifEvents: IfEvent[] = [];
  const out = { nbrEvents, ifEvents, isNew: nbr === undefined };
  // "If the router itself appears in this list ... 2-WayReceived. Otherwise ... 1-WayReceived, and the
  // processing of the packet stops."
  if (!hello.neighbors.some((id) => id >>> 0 === cfg.routerId >>> 0)) {
    nbrEvents.push({ type: '1-WayReceived' });
    return ok(out);
  }
  nbrEvents.push({ type: '2-WayReceived' });
  if (cfg.type !== 'broadcast') return ok(out);
  // A new neighbor has no previous values: its first Hello is no "change" (reaching 2-Way raises
  // NeighborChange from the neighbor machine anyway).
  const prev = nbr ?? { priority: hello.priority, dr: 0, bdr: 0, address: src.address };
  const waiting = ifc.state === 'Waiting';
  let change = prev.priority !== hello.priority;
  let backupSeen = false;
  const declaresDr = hello.dr === src.address;
  const declaredDr = prev.dr === prev.address;
  if (declaresDr && hello.bdr === 0 && waiting) backupSeen = true;
  else if (declaresDr !== declaredDr) change = true;
  const declaresBdr = hello.bdr === src.address;
  const declaredBdr = prev.bdr === prev.address;
  if (declaresBdr && waiting) backupSeen = true;
  else if (declaresBdr !== declaredBdr) change = true;
  if (backupSeen) ifEvents.push({ type: 'BackupSeen' });
  if (change) ifEvents.push({ type: 'NeighborChange' });
  return ok(out);
}
