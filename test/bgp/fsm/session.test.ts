/**
 * Whole-session FSM scenarios on a FakeClock: the Harness executes timer actions and feeds expiries back,
 * standing in for the driver.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveCollision } from '../../../bgp/fsm/collision.js';
import { forkForCollision, promoteFork, step } from '../../../bgp/fsm/fsm.js';
import type { FsmEvent, FsmStateName } from '../../../bgp/fsm/types.js';
import { fmt, Harness, ip, LOCAL, makeEnv, peerOpen } from './helpers.js';

const NOTIF = { type: 'notification' as const, code: 6, subcode: 3, data: new Uint8Array(0) };

test('happy path: Idle -> Connect -> OpenSent -> OpenConfirm -> Established', () => {
  const h = new Harness();
  assert.equal(h.s.state, 'Idle');
  assert.deepEqual(h.feed({ type: 'ManualStart' }), ['start ConnectRetry 105000', 'connect']);
  assert.equal(h.s.state, 'Connect');
  h.advance(1000);
  assert.deepEqual(h.feed({ type: 'Tcp_CR_Acked' }), ['stop ConnectRetry', 'sendOpen', 'start Hold 240000']);
  assert.equal(h.s.state, 'OpenSent');
  const ours = h.actions('sendOpen')[0]?.msg;
  assert.ok(ours);
  assert.equal(ours.myAs, 65001);
  assert.equal(ours.holdTime, 90);
  assert.equal(ours.bgpId, ip(10, 0, 0, 1));
  assert.ok(ours.capabilities.some((c) => c.kind === 'four-octet-as' && c.asn === 65001));

  assert.deepEqual(h.feed({ type: 'BGPOpen', msg: peerOpen() }), [
    'sendKeepalive',
    'start Keepalive 26250',
    'start Hold 90000',
  ]);
  assert.equal(h.s.state, 'OpenConfirm');
  assert.deepEqual(h.feed({ type: 'KeepAliveMsg' }), ['start Hold 90000', 'established']);
  assert.equal(h.s.state, 'Established');
  const est = h.actions('established')[0];
  assert.ok(est);
  assert.equal(est.negotiated.peerAs, 65002);
  assert.equal(est.negotiated.holdTime, 90);
  assert.equal(est.negotiated.keepaliveTime, 30);
  assert.equal(est.negotiated.codecCtx.fourOctetAs, true);
  assert.equal(h.s.establishedAt, 1000);
  assert.equal(h.s.establishedCount, 1);
  assert.equal(h.clock.timers, 2); // Hold and Keepalive
});

test('keepalives every hold/3 with jitter while the peer keeps the session up', () => {
  const randoms = [0.1, 0.9, 0.3, 0.7, 0.5];
  let i = 0;
  const h = new Harness({}, () => randoms[i++ % randoms.length] ?? 0);
  h.establish();
  for (let k = 0; k < 10; k++) {
    h.advance(30_000);
    h.feed({ type: 'KeepAliveMsg' });
  }
  assert.equal(h.s.state, 'Established');
  const sent = h.log.filter((e) => e.action.type === 'sendKeepalive').map((e) => e.at);
  assert.ok(sent.length >= 11 && sent.length <= 14, `${sent.length} keepalives`);
  for (let k = 1; k < sent.length; k++) {
    const gap = (sent[k] ?? 0) - (sent[k - 1] ?? 0);
    assert.ok(gap >= 22_500 && gap <= 30_000, `gap ${gap}`);
  }
});

test('keepalive count with a fixed random factor', () => {
  const h = new Harness();
  h.establish();
  h.advance(80_000);
  h.feed({ type: 'KeepAliveMsg' });
  h.advance(80_000);
  // One at OpenConfirm, then at 26.25 s intervals over 160 s: 6 more.
  assert.equal(h.actions('sendKeepalive').length, 7);
  assert.equal(h.s.state, 'Established');
});

test('hold timer expiry sends 4/0, brings the session down, and restarts after the idle hold', () => {
  const h = new Harness();
  h.establish();
  h.advance(89_999);
  assert.equal(h.s.state, 'Established');
  h.advance(1);
  assert.equal(h.s.state, 'Idle');
  const n = h.actions('sendNotification').at(-1);
  assert.deepEqual(n && [n.code, n.subcode], [4, 0]);
  const down = h.actions('sessionDown').at(-1);
  assert.equal(down?.reason, 'holdTimerExpired');
  assert.deepEqual(down?.sent, { code: 4, subcode: 0, data: new Uint8Array(0) });
  assert.equal(down?.negotiated.peerAs, 65002);
  assert.equal(h.s.lastDown?.reason, 'holdTimerExpired');
  assert.equal(h.s.lastDown?.from, 'Established');
  const connects = h.actions('connect').length;
  h.advance(1000);
  assert.equal(h.s.state, 'Connect');
  assert.equal(h.actions('connect').length, connects + 1);
});

test('the large OpenSent hold timer (4 minutes) bounds the wait for the OPEN', () => {
  const h = new Harness();
  h.feed({ type: 'ManualStart' });
  h.feed({ type: 'Tcp_CR_Acked' });
  h.advance(239_999);
  assert.equal(h.s.state, 'OpenSent');
  h.advance(1);
  assert.equal(h.s.state, 'Idle');
  assert.equal(h.actions('sendNotification').at(-1)?.code, 4);
});

test('passive neighbor: never connects, accepts, and stays passive after a failure', () => {
  const h = new Harness({ passive: true });
  assert.deepEqual(h.feed({ type: 'ManualStart' }), []);
  assert.equal(h.s.state, 'Active');
  h.advance(600_000);
  assert.equal(h.clock.timers, 0);
  assert.deepEqual(h.feed({ type: 'TcpConnectionConfirmed' }), ['accept', 'sendOpen', 'start Hold 240000']);
  h.feed({ type: 'BGPOpen', msg: peerOpen() });
  h.feed({ type: 'KeepAliveMsg' });
  assert.equal(h.s.state, 'Established');
  h.feed({ type: 'TcpConnectionFails' });
  h.advance(600_000);
  assert.equal(h.s.state, 'Active');
  assert.equal(h.actions('connect').length, 0);
});

function driveTo(h: Harness, target: FsmStateName): void {
  const path: Record<FsmStateName, FsmEvent[]> = {
    Idle: [],
    Connect: [{ type: 'ManualStart' }],
    Active: [{ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }, { type: 'TcpConnectionFails' }],
    OpenSent: [{ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }],
    OpenConfirm: [{ type: 'ManualStart' }, { type: 'Tcp_CR_Acked' }, { type: 'BGPOpen', msg: peerOpen() }],
    Established: [
      { type: 'ManualStart' },
      { type: 'Tcp_CR_Acked' },
      { type: 'BGPOpen', msg: peerOpen() },
      { type: 'KeepAliveMsg' },
    ],
  };
  for (const ev of path[target]) h.feed(ev);
  assert.equal(h.s.state, target);
}

test('ManualStop from each state: Cease 6/2 once OPEN was sent, routes deleted if Established, no restart', () => {
  const states: FsmStateName[] = ['Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'Established'];
  for (const target of states) {
    const h = new Harness();
    driveTo(h, target);
    const acts = h.feed({ type: 'ManualStop' });
    assert.equal(h.s.state, 'Idle', target);
    const cease = ['OpenSent', 'OpenConfirm', 'Established'].includes(target);
    assert.equal(acts.includes('notify 6/2'), cease, `${target}: ${acts.join(', ')}`);
    assert.equal(acts.includes('down manualStop'), target === 'Established', target);
    if (target !== 'Idle') assert.ok(acts.includes('dropConnection') && acts.includes('releaseResources'), target);
    assert.equal(h.s.connectRetryCounter, 0);
    assert.equal(h.s.autoRestart, false);
    const logged = h.log.length;
    h.advance(600_000);
    assert.equal(h.log.length, logged, `${target}: nothing happens after ManualStop`);
    assert.equal(h.clock.timers, 0, target);
  }
});

test('ManualStop carries a shutdown communication and subcode through', () => {
  const h = new Harness();
  h.establish();
  const data = Uint8Array.of(3, 0x62, 0x79, 0x65);
  h.feed({ type: 'ManualStop', subcode: 4, data });
  const n = h.actions('sendNotification').at(-1);
  assert.deepEqual(n, { type: 'sendNotification', code: 6, subcode: 4, data });
});

test('NOTIFICATION received in Established: session down with what was received, then restart', () => {
  const h = new Harness();
  h.establish();
  assert.deepEqual(h.feed({ type: 'NotifMsg', msg: NOTIF }), [
    'stop Hold',
    'stop Keepalive',
    'dropConnection',
    'down notificationReceived',
    'releaseResources',
    'start IdleHold 1000',
  ]);
  const down = h.actions('sessionDown')[0];
  assert.deepEqual(down?.received, { code: 6, subcode: 3, data: new Uint8Array(0) });
  assert.equal(down?.sent, undefined);
  assert.equal(h.actions('sendNotification').length, 0);
  assert.equal(h.s.connectRetryCounter, 1);
  h.advance(1000);
  assert.equal(h.s.state, 'Connect');
});

test('ConnectRetry: jittered in [0.75, 1.0] x 120 s, fresh random each time', () => {
  const randoms = [0, 0.25, 0.5, 0.999];
  let i = 0;
  const h = new Harness({}, () => randoms[i++] ?? 0);
  h.feed({ type: 'ManualStart' });
  for (let k = 0; k < 3; k++) h.advance(120_000);
  const ms = h
    .actions('startTimer')
    .filter((a) => a.timer === 'ConnectRetry')
    .map((a) => a.ms);
  assert.deepEqual(ms, [90_000, 97_500, 105_000, 119_970]);
  const connectTimes = h.log.filter((e) => e.action.type === 'connect').map((e) => e.at);
  assert.deepEqual(connectTimes, [0, 90_000, 187_500, 292_500]);
  assert.equal(h.s.state, 'Connect');
});

test('ConnectRetry jitter stays in range for any random value; configurable base', () => {
  for (let k = 0; k <= 20; k++) {
    const r = Math.min(k / 20, 0.999999);
    const out = step(
      { ...new Harness().s },
      { type: 'ManualStart' },
      makeEnv({ connectRetryTime: 30 }, undefined, () => r),
    );
    const t = out.actions.find((a) => a.type === 'startTimer');
    assert.ok(t && t.type === 'startTimer' && t.ms >= 22_500 && t.ms <= 30_000, `${r}`);
  }
});

/** Connect → OpenSent → OpenConfirm: a session that got as far as the peer's OPEN. */
function toOpenConfirm(h: Harness): void {
  h.feed({ type: 'Tcp_CR_Acked' });
  h.feed({ type: 'BGPOpen', msg: peerOpen() });
}

test('a refused connection waits in Active for ConnectRetry, without idle-hold damping', () => {
  const h = new Harness({ connectRetryTime: 10 });
  h.feed({ type: 'ManualStart' });
  for (let k = 0; k < 5; k++) {
    assert.equal(h.s.state, 'Connect');
    assert.deepEqual(h.feed({ type: 'TcpConnectionFails' }).at(-1)?.startsWith('start ConnectRetry'), true);
    assert.equal(h.s.state, 'Active');
    h.advance(10_000);
  }
  assert.equal(h.s.state, 'Connect');
  assert.equal(h.s.idleHoldTime, 1, 'no backoff for refused connections');
});

test('idle hold doubles per consecutive failure up to the ceiling', () => {
  const h = new Harness();
  h.feed({ type: 'ManualStart' });
  const waits: number[] = [];
  for (let k = 0; k < 9; k++) {
    assert.equal(h.s.state, 'Connect');
    toOpenConfirm(h);
    const acts = h.feed({ type: 'TcpConnectionFails' });
    const hold = acts.find((a) => a.startsWith('start IdleHold'));
    assert.ok(hold);
    const ms = Number(hold.split(' ')[2]);
    waits.push(ms);
    h.advance(ms - 1);
    assert.equal(h.s.state, 'Idle');
    h.advance(1);
  }
  assert.deepEqual(
    waits,
    [1, 2, 4, 8, 16, 32, 64, 120, 120].map((s) => s * 1000),
  );
});

test('idle hold: a short Established does not reset the backoff, a long one does', () => {
  const h = new Harness({ idleHoldResetTime: 60 });
  h.feed({ type: 'ManualStart' });
  for (const wait of [1000, 2000, 4000]) {
    toOpenConfirm(h);
    h.feed({ type: 'TcpConnectionFails' });
    h.advance(wait);
  }
  const up = (ms: number): void => {
    h.feed({ type: 'Tcp_CR_Acked' });
    h.feed({ type: 'BGPOpen', msg: peerOpen() });
    h.feed({ type: 'KeepAliveMsg' });
    for (let t = 0; t < ms; t += 30_000) {
      h.advance(Math.min(30_000, ms - t));
      h.feed({ type: 'KeepAliveMsg' });
    }
  };
  up(30_000);
  assert.deepEqual(h.feed({ type: 'TcpConnectionFails' }).at(-1), 'start IdleHold 8000');
  h.advance(8000);
  up(61_000);
  assert.deepEqual(h.feed({ type: 'TcpConnectionFails' }).at(-1), 'start IdleHold 1000');
  h.advance(1000);
  toOpenConfirm(h);
  assert.deepEqual(h.feed({ type: 'TcpConnectionFails' }).at(-1), 'start IdleHold 2000');
});

test('AutomaticStart during the idle hold waits for it (damping)', () => {
  const h = new Harness();
  h.establish();
  h.feed({ type: 'TcpConnectionFails' });
  assert.deepEqual(h.feed({ type: 'AutomaticStart' }), []);
  assert.equal(h.s.state, 'Idle');
  h.advance(1000);
  assert.equal(h.s.state, 'Connect');
});

test('DelayOpen: wait for the peer OPEN, or send ours when the timer expires', () => {
  const a = new Harness({ delayOpenTime: 10 });
  a.feed({ type: 'ManualStart' });
  assert.deepEqual(a.feed({ type: 'Tcp_CR_Acked' }), ['stop ConnectRetry', 'start DelayOpen 10000']);
  a.advance(5000);
  assert.deepEqual(a.feed({ type: 'BGPOpen', msg: peerOpen() }), [
    'stop DelayOpen',
    'sendOpen',
    'sendKeepalive',
    'start Keepalive 26250',
    'start Hold 90000',
  ]);
  assert.equal(a.s.state, 'OpenConfirm');

  const b = new Harness({ delayOpenTime: 10 });
  b.feed({ type: 'ManualStart' });
  b.feed({ type: 'Tcp_CR_Acked' });
  b.advance(10_000);
  assert.equal(b.s.state, 'OpenSent');
  assert.equal(b.actions('sendOpen').length, 1);
});

test('collision: a second FSM for the incoming connection; the lower local id keeps the incoming one', () => {
  const primary = new Harness();
  primary.feed({ type: 'ManualStart' });
  primary.feed({ type: 'Tcp_CR_Acked' });
  assert.deepEqual(primary.feed({ type: 'TcpConnectionConfirmed' }), ['track incoming']);

  const fork = new Harness();
  fork.s = forkForCollision(primary.s);
  assert.equal(fork.s.state, 'Active');
  assert.deepEqual(fork.feed({ type: 'TcpConnectionConfirmed' }), ['accept', 'sendOpen', 'start Hold 240000']);

  // The peer's OPEN arrives first on our outgoing connection, then on the incoming one.
  const open = peerOpen();
  primary.feed({ type: 'BGPOpen', msg: open });
  assert.equal(primary.s.state, 'OpenConfirm');
  const r = resolveCollision({
    localBgpId: LOCAL.bgpId,
    remoteBgpId: open.bgpId,
    localAs: LOCAL.localAs,
    remoteAs: 65002,
  });
  assert.equal(r.keep, 'incoming');
  const primaryBefore = primary.s;
  const dump = primary.feed({ type: 'OpenCollisionDump' });
  assert.equal(dump[0], 'notify 6/7');
  assert.equal(primary.s.state, 'Idle');

  fork.feed({ type: 'BGPOpen', msg: open });
  fork.feed({ type: 'KeepAliveMsg' });
  assert.equal(fork.s.state, 'Established');

  const promoted = promoteFork(fork.s, primaryBefore);
  assert.equal(promoted.autoRestart, true);
  assert.equal(promoted.passive, false);
  const after = step(promoted, { type: 'TcpConnectionFails' }, primary.env);
  assert.ok(after.actions.map(fmt).includes('start IdleHold 1000'));
});

test('an unpromoted fork never restarts or connects by itself', () => {
  const primary = new Harness();
  driveTo(primary, 'OpenSent');
  const fork = new Harness();
  fork.s = forkForCollision(primary.s);
  fork.feed({ type: 'TcpConnectionConfirmed' });
  const acts = fork.feed({ type: 'OpenCollisionDump' });
  assert.deepEqual(acts, ['notify 6/7', 'stop Hold', 'dropConnection', 'releaseResources']);
  fork.advance(600_000);
  assert.equal(fork.actions('connect').length, 0);
});
