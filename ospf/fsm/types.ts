/**
 * Types of the OSPFv2 interface and neighbor state machines (RFC 2328 §9, §10): configuration of one OSPF
 * interface, the views each machine takes of the other, the injected database view, the events (with the RFC
 * names) and the actions the driver executes.
 *
 * Units: configuration is in seconds (as in the RFC and in FRR's configuration); timer actions carry
 * milliseconds. Addresses, masks and router IDs are u32 numbers as in `ospf/packet/types.ts`.
 *
 * The packet-size and option constants below repeat a few code points of RFC 2328 Appendix A so this folder
 * depends on nothing but the wire types.
 */
import type { DbDescPkt, HelloPkt, LsaHeader, LsaType, LsRequestPkt } from '../packet/types.js';
import type { LsRequestList } from './request-list.js';

// ---- constants (RFC 2328 Appendix A, B) ----

/** 224.0.0.5 and 224.0.0.6 as u32 (§A.1). */
export const ALL_SPF_ROUTERS = 0xe0000005;
export const ALL_D_ROUTERS = 0xe0000006;

/** Options (§A.2): E (AS-external-LSAs flooded into the area), N/P (NSSA, RFC 3101), L (LLS, RFC 5613). */
export const OPT_E = 0x02;
export const OPT_NP = 0x08;
export const OPT_L = 0x10;

/** Database Description flags (§A.3.3). */
export const DD_MS = 0x01;
export const DD_M = 0x02;
export const DD_I = 0x04;

/** Sizes used to page DD and LSR packets so they fit the interface MTU without fragmentation (§A.3). */
export const IP_HEADER_LEN = 20;
export const OSPF_HEADER_LEN = 24;
export const DD_FIXED_LEN = 8;
export const LSA_HEADER_LEN = 20;
export const LSR_ENTRY_LEN = 12;

/** Appendix B. */
export const MAX_AGE = 3600;
export const MAX_AGE_DIFF = 900;

/** Appendix C.3 defaults, as FRR uses them. */
export const DEFAULT_HELLO_INTERVAL = 10;
export const DEFAULT_DEAD_INTERVAL = 40;
export const DEFAULT_RXMT_INTERVAL = 5;
export const DEFAULT_PRIORITY = 1;

// ---- configuration ----

/** The network types implemented (§1.2): NBMA, point-to-multipoint and virtual links are not. */
export type IfNetworkType = 'broadcast' | 'pointToPoint';

/** One OSPF interface (§9.1 "interface data structure", the configured part). Seconds unless stated. */
export interface IfCfg {
  type: IfNetworkType;
  /**
   * No Hellos sent, none accepted, no adjacencies; the interface still comes up so the router-LSA lists its
   * subnet as a stub link (FRR `ip ospf passive`).
   */
  passive?: boolean;
  /** This router's Router ID. */
  routerId: number;
  areaId: number;
  /** The interface's IP address and mask (the Hello's Network Mask on broadcast networks). */
  address: number;
  mask: number;
  /** Router Priority, 0..255; 0 = never DR or BDR (§9.4). */
  priority: number;
  helloInterval: number;
  routerDeadInterval: number;
  rxmtInterval: number;
  /** IP MTU of the interface, octets: sent in DD packets and bounds every packet we build (§10.6, §10.8). */
  mtu: number;
  /**
   * Options sent in Hellos and DDs (§A.2). E set unless the area is a stub; N/P for an NSSA. The E and N/P
   * bits of received Hellos must match these (§10.5, RFC 3101 §2.3).
   */
  options: number;
  /** Octets appended after each packet (cryptographic authentication digest, §D.4.3): reduces the room per packet. */
  authTrailerLen?: number;
  /** Accept DD packets whose Interface MTU exceeds ours (FRR `ip ospf mtu-ignore`; off by default). */
  mtuIgnore?: boolean;
}

// ---- states ----

/** §9.1 interface states. */
export type IfStateName = 'Down' | 'Loopback' | 'Waiting' | 'PointToPoint' | 'DROther' | 'Backup' | 'DR';

/**
 * §10.1 neighbor states. Attempt (NBMA only) is omitted: NBMA networks are not implemented, so the Start
 * event is a no-op.
 */
export type NbrStateName = 'Down' | 'Init' | '2-Way' | 'ExStart' | 'Exchange' | 'Loading' | 'Full';

const NBR_RANK: { readonly [S in NbrStateName]: number } = {
  Down: 0,
  Init: 1,
  '2-Way': 2,
  ExStart: 3,
  Exchange: 4,
  Loading: 5,
  Full: 6,
};

/** §10.1 orders the states ("state is at least 2-Way"): is `s` at least `min`? */
export function nbrAtLeast(s: NbrStateName, min: NbrStateName): boolean {
  return NBR_RANK[s] >= NBR_RANK[min];
}

/**
 * What the interface machine needs of one neighbor (§10 neighbor data structure): `NbrState` satisfies it.
 * `dr` and `bdr` are the neighbor's Designated Router and Backup as listed in its last Hello (addresses).
 */
export interface NbrView {
  readonly state: NbrStateName;
  readonly routerId: number;
  readonly address: number;
  readonly priority: number;
  readonly dr: number;
  readonly bdr: number;
}

/**
 * What the neighbor machine needs of the link-state database (the instance implements it over the LSDB).
 * Ages are current ages (stored age plus time in the database).
 */
export interface DbView {
  /**
   * §10.3 NegotiationDone: the headers of every LSA the Database summary list must describe (the area's LSAs,
   * plus AS-scope ones unless the area is a stub). MaxAge ones may be included: the machine moves them to the
   * retransmission list as the RFC says.
   */
  summary(): readonly LsaHeader[];
  /** §10.6: the neighbor's instance `h` against ours: 'newer' means the neighbor's is more recent (§13.1). */
  compare(h: LsaHeader): 'newer' | 'same' | 'older' | 'absent';
  /** §10.7: is an instance of this LSA in the database? */
  has(type: LsaType, lsid: number, advRouter: number): boolean;
  /**
   * §10.6: false for an LS type this database does not take (an unknown one; an AS-external-LSA in a stub
   * area): the DD naming it is SeqNumberMismatch. Types stored as opaque data (6-8) are the LSDB's call.
   */
  acceptsType(type: number): boolean;
}

// ---- interface state machine ----

export type IfTimerName = 'Hello' | 'Wait';

/** §9.2 interface events, plus the expiry of the Hello timer (§9.5), which the RFC leaves implicit. */
export type IfEvent =
  | { type: 'InterfaceUp' }
  | { type: 'WaitTimer' }
  | { type: 'BackupSeen' }
  | { type: 'NeighborChange' }
  | { type: 'LoopInd' }
  | { type: 'UnloopInd' }
  | { type: 'InterfaceDown' }
  /** The periodic Hello timer fired (§9.5): send a Hello, restart it. */
  | { type: 'HelloTimer' };

export type IfEventType = IfEvent['type'];

/** Per-interface machine state: plain immutable data (`stepInterface` returns a new record). */
export interface IfState {
  readonly state: IfStateName;
  /** The network's Designated Router and Backup as interface addresses (what our Hellos list), 0 = none. */
  readonly dr: number;
  readonly bdr: number;
  /** Their router IDs (0 = none), for show output and the router-LSA. */
  readonly drId: number;
  readonly bdrId: number;
  /** Bit set of running timers (IF_TIMER_BIT); expiries of timers not running are stale and ignored. */
  readonly timers: number;
  /** Multicast groups joined on this interface (GROUP_BIT). */
  readonly groups: number;
}

export const IF_TIMER_BIT: { readonly [T in IfTimerName]: number } = { Hello: 1, Wait: 2 };
export const GROUP_BIT = { AllSPFRouters: 1, AllDRouters: 2 } as const;

/** A neighbor event the interface machine asks the driver to run on one neighbor (§9.3, §9.4 step 7). */
export type IfNbrEvent = { type: 'AdjOK?' } | { type: 'KillNbr' };

/** What the driver does for the interface, in array order. */
export type IfAction =
  /** Multicast this Hello to AllSPFRouters (§9.5). */
  | { type: 'sendHello'; hello: HelloPkt }
  | { type: 'startTimer'; timer: IfTimerName; ms: number }
  | { type: 'stopTimer'; timer: IfTimerName }
  | { type: 'joinGroup'; group: number }
  | { type: 'leaveGroup'; group: number }
  /** Run this event on the neighbor (identified by address on broadcast networks, router ID on p2p: §8.2). */
  | { type: 'neighborEvent'; routerId: number; address: number; event: IfNbrEvent }
  /** §12.4 (2)/(3): the interface state or the network's DR changed: re-originate our router-LSA. */
  | { type: 'originateRouterLsa' }
  /** §12.4.2: we became DR: originate the network-LSA (the instance does so once a neighbor is Full). */
  | { type: 'originateNetworkLsa' }
  /** §12.4.2: we are no longer DR: flush our network-LSA for this network (premature aging, §14.1). */
  | { type: 'flushNetworkLsa' }
  | { type: 'stateChange'; from: IfStateName; to: IfStateName; event: IfEventType };

/** What the pure interface machine may ask of the world. `neighbors` is a snapshot of this interface's neighbors. */
export interface IfEnv {
  cfg: IfCfg;
  neighbors: readonly NbrView[];
  /** In [0, 1): Hello jitter. */
  random(): number;
}

export interface IfStepResult {
  state: IfState;
  actions: IfAction[];
}

// ---- neighbor state machine ----

export type NbrTimerName = 'Inactivity' | 'DdRxmt' | 'LsrRxmt';

export const NBR_TIMER_BIT: { readonly [T in NbrTimerName]: number } = { Inactivity: 1, DdRxmt: 2, LsrRxmt: 4 };

/** What a Hello told us about its sender (§10.5): recorded in the neighbor structure on HelloReceived. */
export interface HelloInfo {
  routerId: number;
  address: number;
  priority: number;
  dr: number;
  bdr: number;
  options: number;
}

/**
 * §10.2 neighbor events (RFC names), then received packets and timer expiries. NegotiationDone, ExchangeDone,
 * LoadingDone, SeqNumberMismatch and BadLSReq are raised by the machine itself while it processes DD, LSR and
 * LSA events; they are accepted from outside too (BadLSReq comes from flooding, §13 step 6).
 */
export type NbrEvent =
  | { type: 'HelloReceived'; hello: HelloInfo }
  /** NBMA only (§10.2): a no-op here. */
  | { type: 'Start' }
  | { type: '2-WayReceived' }
  | { type: 'NegotiationDone' }
  | { type: 'ExchangeDone' }
  | { type: 'BadLSReq' }
  | { type: 'LoadingDone' }
  | { type: 'AdjOK?' }
  | { type: 'SeqNumberMismatch' }
  | { type: '1-WayReceived' }
  | { type: 'KillNbr' }
  | { type: 'InactivityTimer' }
  | { type: 'LLDown' }
  /** A Database Description packet from this neighbor (authenticated, crypto sequence checked). §10.6. */
  | { type: 'DdReceived'; pkt: DbDescPkt }
  /** A Link State Request packet from this neighbor. §10.7. */
  | { type: 'LsReqReceived'; pkt: LsRequestPkt }
  /**
   * §13.3 (1b): flooding installed these newer LSAs; those on this neighbor's Link state request list (at an
   * instance not more recent) are satisfied. Call it for every neighbor in Exchange or Loading.
   */
  | { type: 'LsaReceivedForRequest'; headers: readonly LsaHeader[] }
  /** The DD retransmission timer fired (master, §10.8). */
  | { type: 'DdRxmtTimer' }
  /** The LS Request retransmission timer fired (§10.9). */
  | { type: 'LsrRxmtTimer' };

export type NbrEventType = NbrEvent['type'];

/** Why the Database Exchange restarted (SeqNumberMismatch / BadLSReq), for logs and counters. */
export type ExchangeErrorReason =
  /** §10.6: the MS bit contradicts the negotiated master/slave roles. */
  | 'ms-bit'
  /** §10.6: the I bit in Exchange, Loading or Full. */
  | 'i-bit'
  /** §10.6: the Options differ from those the neighbor sent in ExStart. */
  | 'options'
  /** §10.6: not the next DD sequence number. */
  | 'sequence'
  /** §10.6: an unknown LS type, or an AS-external-LSA in a stub area. */
  | 'bad-lsa-type'
  /** §10.6: a new (non-duplicate) DD after the exchange finished. */
  | 'unexpected-dd'
  /** §10.7: a requested LSA is not in our database. */
  | 'lsa-not-found'
  /** The event was given from outside (flooding's BadLSReq, or a driver). */
  | 'external';

/** Why a DD or LSR packet was dropped without an event (counted per reason). */
export type NbrDropReason =
  /** §10.6: the DD's Interface MTU is larger than ours (mtu-ignore off). */
  | 'dd-mtu-mismatch'
  /** §10.6: DD in Down or 2-Way (or Init when no adjacency is wanted). */
  | 'dd-wrong-state'
  /** §10.6 ExStart: neither negotiation case matched. */
  | 'dd-not-negotiation'
  /** §10.6: a duplicate DD at the master. */
  | 'dd-duplicate'
  /** §10.7: LSR outside Exchange, Loading and Full. */
  | 'lsr-wrong-state';

/** What the driver does for the neighbor, in array order. Packets go to the neighbor (§8.1 destinations). */
export type NbrAction =
  | { type: 'startTimer'; timer: NbrTimerName; ms: number }
  | { type: 'stopTimer'; timer: NbrTimerName }
  | { type: 'sendDd'; pkt: DbDescPkt }
  | { type: 'sendLsRequest'; pkt: LsRequestPkt }
  /** §10.7: send these LSAs from the database in LS Updates; they do not go on the retransmission list. */
  | { type: 'sendLsUpdate'; requests: LsRequestPkt['requests'] }
  /** §10.3 NegotiationDone: MaxAge LSAs go on the neighbor's Link state retransmission list (flooding owns it). */
  | { type: 'addToRetransmissionList'; headers: LsaHeader[] }
  /** §10.3 "the Link state retransmission list ... cleared" (flooding owns it). */
  | { type: 'clearRetransmissionList' }
  /** §9.2: the neighbor reached 2-Way or fell below it: run NeighborChange on the interface machine. */
  | { type: 'neighborChange' }
  /** §12.4 (4): reached Full: re-originate the router-LSA, and the network-LSA when DR (§12.4.2). */
  | { type: 'adjacencyUp' }
  /** §12.4 (4): left Full: the same re-originations. */
  | { type: 'adjacencyDown' }
  | { type: 'exchangeRestart'; cause: 'SeqNumberMismatch' | 'BadLSReq'; reason: ExchangeErrorReason }
  | { type: 'dropped'; reason: NbrDropReason }
  | { type: 'stateChange'; from: NbrStateName; to: NbrStateName; event: NbrEventType };

/** §10.6 "Last received Database Description packet": what duplicate detection compares. */
export interface LastDd {
  /** I, M and MS bits. */
  flags: number;
  options: number;
  seq: number;
}

/**
 * The neighbor data structure (§10): plain data, except `requests`, a buffer the machine updates in place
 * (see request-list.ts). `stepNeighbor` returns a new record; keep only the latest one.
 */
export interface NbrState extends NbrView {
  /** Options of the neighbor's last Hello. */
  readonly helloOptions: number;
  /** §10 "Neighbor Options": from the DD that ended ExStart; later DDs must carry the same (§10.6). */
  readonly options: number;
  /** §10 "Master/Slave": true while we are (or claim to be, in ExStart) the master. */
  readonly master: boolean;
  /** §10 "DD Sequence number" (u32); undefined before the first ExStart. */
  readonly ddSeq: number | undefined;
  readonly lastRecvDd: LastDd | undefined;
  /** The last DD we sent: the master retransmits it, the slave repeats it on a duplicate (§10.8). */
  readonly lastSentDd: DbDescPkt | undefined;
  /** §10 "Database summary list": a snapshot taken at NegotiationDone, and how much of it was sent. */
  readonly summary: readonly LsaHeader[];
  readonly summaryPos: number;
  /** §10 "Link state request list". */
  readonly requests: LsRequestList;
  /** Bit set of running timers (NBR_TIMER_BIT); expiries of timers not running are stale and ignored. */
  readonly timers: number;
  /** §D.5.1: the last cryptographic sequence number accepted from this neighbor; undefined = none since Down. */
  readonly cryptoSeq: number | undefined;
}

export interface NbrStepResult {
  state: NbrState;
  actions: NbrAction[];
}

/** The interface as the neighbor machine sees it: its configuration and the current DR and Backup. */
export interface NbrEnv {
  cfg: IfCfg;
  ifc: Pick<IfState, 'dr' | 'bdr'>;
  db: DbView;
  /** In [0, 1): the first DD sequence number (§10.8). */
  random(): number;
}

// ---- sizes ----

function room(cfg: IfCfg): number {
  return cfg.mtu - IP_HEADER_LEN - OSPF_HEADER_LEN - (cfg.authTrailerLen ?? 0);
}

/** How many LSA headers fit in one DD packet on this interface (§10.8: "fit the interface MTU"), at least 1. */
export function ddCapacity(cfg: IfCfg): number {
  return Math.max(1, Math.floor((room(cfg) - DD_FIXED_LEN) / LSA_HEADER_LEN));
}

/** How many requests fit in one LS Request packet (§10.9), at least 1. */
export function lsrCapacity(cfg: IfCfg): number {
  return Math.max(1, Math.floor(room(cfg) / LSR_ENTRY_LEN));
}

/** Seconds to milliseconds. */
export function secs(s: number): number {
  return s * 1000;
}
