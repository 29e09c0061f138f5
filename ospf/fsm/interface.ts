/**
 * The OSPFv2 interface state machine (RFC 2328 §9.3) as a pure function:
 * `stepInterface(state, event, env) -> { state, actions }`. The driver owns sockets and timers, feeds events
 * one at a time and executes the actions in order; `env.neighbors` is its snapshot of this interface's
 * neighbors.
 *
 * RFCs: 2328 §9.1-9.5 (states, events, table, DR election, Hellos), §10.4 (via AdjOK?), §12.4 (which changes
 * re-originate the router-LSA and the network-LSA); 1112/2236 only as far as joining AllSPFRouters and
 * AllDRouters goes (§A.1).
 *
 * The table `TABLE` has one row per state and one handler per event, so every state x event pair is explicit.
 * Local decisions, each cited where it is made:
 * - Network types: broadcast and point-to-point. NBMA, point-to-multipoint and virtual links are not built.
 * - A passive interface sends and accepts no Hellos and joins no groups; it comes up without waiting (there
 *   is nobody to hear) and elects itself on a broadcast network, like FRR, so `show` output reads the same.
 * - Hellos: one immediately on InterfaceUp, then every HelloInterval shortened by up to 10% at random, so
 *   routers that booted together do not stay in step (a shorter interval never risks RouterDeadInterval).
 * - Events not in the §9.3 table (e.g. NeighborChange in Waiting, WaitTimer after BackupSeen) are no-ops.
 */
import { electDesignatedRouter } from './election.js';
import { buildHello } from './hello.js';
import {
  ALL_D_ROUTERS,
  ALL_SPF_ROUTERS,
  GROUP_BIT,
  IF_TIMER_BIT,
  type IfAction,
  type IfEnv,
  type IfEvent,
  type IfEventType,
  type IfState,
  type IfStateName,
  type IfStepResult,
  type IfTimerName,
  nbrAtLeast,
  secs,
} from './types.js';

/** A fresh interface: Down, no DR, nothing running. */
export function initialInterface(): IfState {
  return { state: 'Down', dr: 0, bdr: 0, drId: 0, bdrId: 0, timers: 0, groups: 0 };
}

/** The event a driver feeds when an interface timer fires. */
export const IF_TIMER_EVENT: { readonly [T in IfTimerName]: Readonly<IfEvent> } = {
  Hello: { type: 'HelloTimer' },
  Wait: { type: 'WaitTimer' },
};

/**
 * §8.2: "packets whose IP destination is AllDRouters should only be accepted if the state of the receiving
 * interface is DR or Backup".
 */
export function acceptsAllDRouters(ifc: IfState): boolean {
  return ifc.state === 'DR' || ifc.state === 'Backup';
}

/** HelloInterval with up to 10% jitter below it (see the header). */
export function helloDelayMs(helloInterval: number, random: () => number): number {
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(secs(helloInterval) * (1 - 0.1 * r));
}

// ---- step machinery ----

type Draft = { -readonly [K in keyof IfState]: IfState[K] };

interface Ctx {
  n: Draft;
  acts: IfAction[];
  env: IfEnv;
}

type Handler = (c: Ctx) => void;
type Row = { readonly [E in IfEventType]: Handler };

export function stepInterface(state: IfState, event: IfEvent, env: IfEnv): IfStepResult {
  const c: Ctx = { n: { ...state }, acts: [], env };
  TABLE[state.state][event.type](c);
  if (c.n.state !== state.state) {
    c.acts.push({ type: 'stateChange', from: state.state, to: c.n.state, event: event.type });
    // §12.4 (2): an interface state change re-originates the router-LSA; §12.4 (3) a DR change too.
    c.acts.push({ type: 'originateRouterLsa' });
  } else if (c.n.dr !== state.dr) {
    c.acts.push({ type: 'originateRouterLsa' });
  }
  return { state: c.n, actions: c.acts };
}

function ignore(_c: Ctx): void {}

function startTimer(c: Ctx, timer: IfTimerName, ms: number): void {
  c.n.timers |= IF_TIMER_BIT[timer];
  c.acts.push({ type: 'startTimer', timer, ms });
}

function stopTimer(c: Ctx, timer: IfTimerName): void {
  if ((c.n.timers & IF_TIMER_BIT[timer]) === 0) return;
  c.n.timers &= ~IF_TIMER_BIT[timer];
  c.acts.push({ type: 'stopTimer', timer });
}

function running(c: Ctx, timer: IfTimerName): boolean {
  return (c.n.timers & IF_TIMER_BIT[timer]) !== 0;
}

function join(c: Ctx, bit: number, group: number): void {
  if ((c.n.groups & bit) !== 0) return;
  c.n.groups |= bit;
  c.acts.push({ type: 'joinGroup', group });
}

function leave(c: Ctx, bit: number, group: number): void {
  if ((c.n.groups & bit) === 0) return;
  c.n.groups &= ~bit;
  c.acts.push({ type: 'leaveGroup', group });
}

function sendHello(c: Ctx): void {
  c.acts.push({ type: 'sendHello', hello: buildHello(c.env.cfg, c.n, c.env.neighbors) });
}

// ---- handlers ----

/**
 * Down, InterfaceUp (§9.3): start Hellos; a point-to-point link goes to Point-to-point; a router ineligible to
 * become DR goes to DR Other; otherwise Waiting, with the Wait Timer, to discover an existing DR first.
 */
function interfaceUp(c: Ctx): void {
  const cfg = c.env.cfg;
  if (cfg.passive === true) {
    if (cfg.type === 'pointToPoint') c.n.state = 'PointToPoint';
    else elect(c);
    return;
  }
  join(c, GROUP_BIT.AllSPFRouters, ALL_SPF_ROUTERS);
  if (cfg.type === 'pointToPoint') c.n.state = 'PointToPoint';
  else if (cfg.priority === 0) c.n.state = 'DROther';
  else {
    c.n.state = 'Waiting';
    startTimer(c, 'Wait', secs(cfg.routerDeadInterval));
  }
  sendHello(c);
  startTimer(c, 'Hello', helloDelayMs(cfg.helloInterval, c.env.random));
}

function helloTimer(c: Ctx): void {
  if (!running(c, 'Hello')) return; // stale: raced a stop
  sendHello(c);
  startTimer(c, 'Hello', helloDelayMs(c.env.cfg.helloInterval, c.env.random));
}

/** Waiting, WaitTimer (§9.3): the wait is over: elect. */
function waitTimer(c: Ctx): void {
  if (!running(c, 'Wait')) return;
  c.n.timers &= ~IF_TIMER_BIT.Wait; // it fired: nothing to stop
  elect(c);
}

/** Waiting, BackupSeen (§9.3): a Backup (or a DR with no Backup) exists: elect now, stop waiting. */
function backupSeen(c: Ctx): void {
  stopTimer(c, 'Wait');
  elect(c);
}

/**
 * §9.4 steps 1-7 for this router. Step 6 (NBMA) does not apply. The new role decides the state (step 5), the
 * AllDRouters membership (§A.1) and the network-LSA (§12.4.2); a changed DR or BDR makes every neighbor in
 * state 2-Way or higher re-examine its adjacency with AdjOK? (step 7).
 */
function elect(c: Ctx): void {
  const cfg = c.env.cfg;
  const self = { routerId: cfg.routerId, address: cfg.address, priority: cfg.priority, dr: c.n.dr, bdr: c.n.bdr };
  const bidirectional = c.env.neighbors.filter((n) => nbrAtLeast(n.state, '2-Way'));
  const r = electDesignatedRouter(self, bidirectional);
  const was: IfStateName = c.n.state;
  const changed = r.dr !== c.n.dr || r.bdr !== c.n.bdr;
  c.n.dr = r.dr;
  c.n.bdr = r.bdr;
  c.n.drId = r.drId;
  c.n.bdrId = r.bdrId;
  c.n.state = r.dr === cfg.address ? 'DR' : r.bdr === cfg.address ? 'Backup' : 'DROther';
  // A passive interface has no neighbors: no AllDRouters traffic, never a network-LSA to originate.
  if (cfg.passive === true) return;
  if (c.n.state === 'DR' || c.n.state === 'Backup') join(c, GROUP_BIT.AllDRouters, ALL_D_ROUTERS);
  else leave(c, GROUP_BIT.AllDRouters, ALL_D_ROUTERS);
  if (c.n.state === 'DR' && was !== 'DR') c.acts.push({ type: 'originateNetworkLsa' });
  if (c.n.state !== 'DR' && was === 'DR') c.acts.push({ type: 'flushNetworkLsa' });
  if (changed) {
    for (const n of bidirectional) {
      c.acts.push({ type: 'neighborEvent', routerId: n.routerId, address: n.address, event: { type: 'AdjOK?' } });
    }
  }
}

/**
 * Any state, InterfaceDown (§9.3): timers off, interface variables reset, every neighbor killed (KillNbr).
 * We also leave the groups and flush the network-LSA we originated as DR (§12.4.2, §14.1).
 */
function shutdown(c: Ctx, to: 'Down' | 'Loopback'): void {
  stopTimer(c, 'Hello');
  stopTimer(c, 'Wait');
  for (const n of c.env.neighbors) {
    c.acts.push({ type: 'neighborEvent', routerId: n.routerId, address: n.address, event: { type: 'KillNbr' } });
  }
  leave(c, GROUP_BIT.AllDRouters, ALL_D_ROUTERS);
  leave(c, GROUP_BIT.AllSPFRouters, ALL_SPF_ROUTERS);
  if (c.n.state === 'DR' && c.env.cfg.passive !== true) c.acts.push({ type: 'flushNetworkLsa' });
  c.n.dr = 0;
  c.n.bdr = 0;
  c.n.drId = 0;
  c.n.bdrId = 0;
  c.n.state = to;
}

const interfaceDown: Handler = (c) => shutdown(c, 'Down');
/** Any state, LoopInd (§9.3): Loopback, with the InterfaceDown actions. */
const loopInd: Handler = (c) => shutdown(c, 'Loopback');

/** Loopback, UnloopInd (§9.3): back to Down; "no actions are necessary". */
function unloopInd(c: Ctx): void {
  c.n.state = 'Down';
}

// ---- the table: RFC 2328 §9.3, one row per state ----

const DOWN_ROW: Row = {
  InterfaceUp: interfaceUp,
  WaitTimer: ignore,
  BackupSeen: ignore,
  NeighborChange: ignore,
  LoopInd: loopInd,
  UnloopInd: ignore,
  InterfaceDown: ignore,
  HelloTimer: ignore,
};

/** Point-to-point, DR Other, Backup and DR share the row, with NeighborChange electing on broadcast states. */
function upRow(neighborChange: Handler): Row {
  return {
    InterfaceUp: ignore,
    WaitTimer: ignore,
    BackupSeen: ignore,
    NeighborChange: neighborChange,
    LoopInd: loopInd,
    UnloopInd: ignore,
    InterfaceDown: interfaceDown,
    HelloTimer: helloTimer,
  };
}

const TABLE: { readonly [S in IfStateName]: Row } = {
  Down: DOWN_ROW,
  Loopback: {
    InterfaceUp: ignore,
    WaitTimer: ignore,
    BackupSeen: ignore,
    NeighborChange: ignore,
    LoopInd: ignore,
    UnloopInd: unloopInd,
    InterfaceDown: interfaceDown,
    HelloTimer: ignore,
  },
  Waiting: {
    InterfaceUp: ignore,
    WaitTimer: waitTimer,
    BackupSeen: backupSeen,
    // Not in the §9.3 table for Waiting: the election waits for the Wait Timer or BackupSeen.
    NeighborChange: ignore,
    LoopInd: loopInd,
    UnloopInd: ignore,
    InterfaceDown: interfaceDown,
    HelloTimer: helloTimer,
  },
  // A point-to-point link has no DR: the set of bidirectional neighbors changes nothing here.
  PointToPoint: upRow(ignore),
  // DR Other, Backup, DR / NeighborChange: "Recalculate the attached network's Backup Designated Router and
  // Designated Router, as shown in Section 9.4."
  DROther: upRow(elect),
  Backup: upRow(elect),
  DR: upRow(elect),
};
