/**
 * noverlayd's composition root: loads and applies config, owns the state store, the state-dir lock, the
 * operation queue, readiness and metrics, and starts the HTTP API. Capabilities (BGP, FIB, OSPF, announcer)
 * are wired in here as they arrive.
 *
 * Config transactions: a new config is validated completely before anything changes; a rejected one leaves
 * the running config in place and is recorded (with its reason) in the revision history.
 */
import { networkInterfaces, hostname as osHostname } from 'node:os';
import type { FastifyInstance } from 'fastify';
import { createMetrics, type DaemonMetrics } from '../api/metrics.js';
import { createApiServer } from '../api/server.js';
import { BgpInstance } from '../bgp/instance.js';
import { createBgpMetrics } from '../bgp/metrics.js';
import { nativeTransport } from '../bgp/transport/native.js';
import { tcpTransport } from '../bgp/transport/tcp.js';
import type { Transport } from '../bgp/transport/types.js';
import type { Dataplane } from '../fib/dataplane.js';
import { type Clock, realClock } from '../lib/clock.js';
import { nativeAvailable, nativeProblem } from '../native/index.js';
import { OspfInstance } from '../ospf/instance.js';
import { NativeOspfIo, type OspfIo } from '../ospf/io.js';
import { createOspfMetrics } from '../ospf/metrics.js';
import { ConnectedRoutes } from '../rib/connected.js';
import { Rib } from '../rib/rib.js';
import type { InterfaceSource } from '../rib/sources/interfaces.js';
import { StaticRoutes } from '../rib/static.js';
import { type Diagnostic, formatDiagnostic } from './config/diagnostic.js';
import { type LoadedConfig, loadConfigFile } from './config/load.js';
import type { DaemonConfig, LogLevelName } from './config/schema.js';
import { KernelSide } from './kernel.js';
import { acquireStateLock, type StateLock } from './lock.js';
import { createLogger, type Logger } from './log.js';
import { OpQueue } from './queue.js';
import { Readiness } from './readiness.js';
import { type ConfigRevision, Store } from './store/sqlite.js';
import { isLoopback, resolveToken } from './token.js';
import { VERSION } from './version.js';

export interface DaemonOptions {
  configPath: string;
  /** Overrides config `logLevel` (CLI --log-level). */
  logLevel?: LogLevelName;
  /** Overrides config `stateDir` (CLI --state-dir). */
  stateDir?: string;
  logger?: Logger;
  clock?: Clock;
  env?: NodeJS.ProcessEnv;
  /** BGP transport (default TCP); tests pass the in-memory network. */
  transport?: Transport;
  /** Interface addresses (default: the dataplane's); tests pass a static source. */
  interfaces?: InterfaceSource;
  /** Kernel state (default: netlink, or in memory with fib.enabled false); tests pass a MemoryDataplane. */
  dataplane?: Dataplane;
  /** OSPF packet I/O (default: raw sockets); tests pass the in-memory network. */
  ospfIo?: OspfIo;
}

/** Start-up failures carry an exit code (see docs/cli.md). */
export class StartupError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
    this.name = 'StartupError';
  }
}

export const EXIT = { ok: 0, failure: 1, config: 2, locked: 3, unsafe: 4 } as const;

export interface ReloadOutcome {
  result: 'applied' | 'unchanged' | 'rejected';
  revision: number;
  checksum: string;
  diagnostics: Diagnostic[];
  message: string;
}

export interface StatusInfo {
  version: string;
  uptimeSeconds: number;
  routerId: string;
  hostname: string;
  configRevision: number;
  configChecksum: string;
  configPath: string;
  ready: boolean;
  pending: string[];
}

export class Daemon {
  readonly queue = new OpQueue();
  readonly readiness = new Readiness();
  readonly clock: Clock;
  log: Logger;
  metrics!: DaemonMetrics;
  bgp: BgpInstance | undefined;
  ospf: OspfInstance | undefined;
  readonly rib = new Rib();
  private readonly staticRoutes = new StaticRoutes(this.rib);
  private interfaces: InterfaceSource | undefined;
  kernel: KernelSide | undefined;
  private readinessTimer: NodeJS.Timeout | undefined;
  private store!: Store;
  private lock: StateLock | undefined;
  private api: FastifyInstance | undefined;
  private loaded!: LoadedConfig;
  private revision = 0;
  private startedAt = 0;
  private routerId = '';
  private stopping: Promise<void> | undefined;

  constructor(private readonly opts: DaemonOptions) {
    this.clock = opts.clock ?? realClock;
    this.log = opts.logger ?? createLogger(opts.logLevel ?? 'info');
  }

  get config(): DaemonConfig {
    return this.loaded.config;
  }

  /** The API's address once listening, e.g. http://127.0.0.1:9179. */
  apiUrl(): string | undefined {
    const a = this.api?.server.address();
    if (!a || typeof a === 'string') return undefined;
    return `http://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}`;
  }

  async start(): Promise<void> {
    const first = await loadConfigFile(this.opts.configPath);
    if (!first.ok) {
      throw new StartupError(`invalid config ${this.opts.configPath}`, EXIT.config, first.error);
    }
    const cfg = this.effective(first.value.config);
    this.loaded = { ...first.value, config: cfg };
    if (!this.opts.logger) this.log = createLogger(cfg.logLevel);
    this.readiness.require('config');

    const token = resolveToken(cfg.api, this.opts.env ?? process.env);
    if (!token.ok) throw new StartupError(token.error, EXIT.config);
    if (!isLoopback(cfg.api.host) && token.value === undefined) {
      throw new StartupError(
        `refusing to serve the API on non-loopback address ${cfg.api.host} without a token: set api.tokenFile or ${cfg.api.tokenEnv}`,
        EXIT.unsafe,
      );
    }

    const lock = acquireStateLock(cfg.stateDir);
    if (!lock.ok) throw new StartupError(lock.error, EXIT.locked);
    this.lock = lock.value;
    try {
      this.store = Store.open(cfg.stateDir);
      this.metrics = createMetrics(VERSION);
      this.readiness.onChange((r) => this.metrics.ready.set(r ? 1 : 0));
      this.startedAt = this.clock.now();
      this.routerId = cfg.routerId ?? pickRouterId();
      this.commit('start', this.loaded);
      await this.startRouting(cfg);
      this.api = await createApiServer({ daemon: this, token: token.value, logger: this.log });
      await this.api.listen({ host: cfg.api.host, port: cfg.api.port });
    } catch (e) {
      this.releaseResources();
      throw e;
    }
    this.log.info(
      { api: this.apiUrl(), routerId: this.routerId, stateDir: cfg.stateDir, version: VERSION },
      'noverlayd started',
    );
  }

  /** The kernel side (dataplane, FIB) first, so the RIB's first batch already reaches the FIB. */
  private async startRouting(cfg: DaemonConfig): Promise<void> {
    this.kernel = await KernelSide.open({
      cfg: cfg.fib,
      clock: this.clock,
      log: this.log,
      registry: this.metrics.registry,
      rib: this.rib,
      ...(this.opts.dataplane ? { dataplane: this.opts.dataplane } : {}),
      ...(this.opts.interfaces ? { interfaces: this.opts.interfaces } : {}),
    });
    this.readiness.require('fib');
    void this.kernel.ready.then(() => this.readiness.set('fib', true));
    this.interfaces = this.kernel.interfaces;
    new ConnectedRoutes(this.rib, this.interfaces);
    this.applyRouting(cfg);
    await this.startBgp(cfg);
    await this.startOspf(cfg);
    this.watchConvergence();
  }

  /**
   * Readiness per protocol (initial sync done, or its grace period passed); once every protocol is there, our
   * routes left from a previous run that nobody wants are swept. With no protocol there is nothing to wait for.
   */
  private watchConvergence(): void {
    const check = () => {
      const bgp = !this.bgp || this.bgp.initialSyncDone();
      const ospf = !this.ospf || this.ospf.initialSyncDone();
      if (this.bgp) this.readiness.set('bgp', bgp);
      if (this.ospf) this.readiness.set('ospf', ospf);
      if (bgp && ospf) {
        this.kernel?.fib?.markConverged(this.bgp || this.ospf ? 'initial sync done' : 'no routing protocol configured');
        if (this.readinessTimer) clearInterval(this.readinessTimer);
      }
    };
    this.readinessTimer = setInterval(check, 500);
    this.readinessTimer.unref();
    check();
  }

  private async startOspf(cfg: DaemonConfig): Promise<void> {
    const ospfMetrics = createOspfMetrics(this.metrics.registry, () => this.ospf);
    if (!cfg.ospf || !this.kernel) return;
    const log = this.log.child({ component: 'ospf' });
    const metrics = ospfMetrics;
    this.ospf = new OspfInstance(cfg.ospf, cfg.policy, this.routerId, {
      metrics,
      clock: this.clock,
      random: Math.random,
      io: this.opts.ospfIo ?? new NativeOspfIo(),
      dataplane: this.kernel.dataplane,
      rib: this.rib,
      log: { info: (o, m) => log.info(o, m), warn: (o, m) => log.warn(o, m), debug: (o, m) => log.debug(o, m) },
    });
    this.readiness.require('ospf');
    await this.ospf.start();
  }

  private async startBgp(cfg: DaemonConfig): Promise<void> {
    const bgpMetrics = createBgpMetrics(this.metrics.registry, () => this.bgp?.gaugeSource());
    const interfaces = this.interfaces;
    if (!interfaces) throw new Error('startBgp before the interfaces');
    if (!cfg.bgp) return;
    this.bgp = new BgpInstance(cfg.bgp, cfg.policy, this.routerId, cfg.hostname ?? osHostname(), {
      clock: this.clock,
      random: Math.random,
      transport: this.opts.transport ?? this.bgpTransport(cfg),
      log: this.log.child({ component: 'bgp' }),
      rib: this.rib,
      interfaces,
      metrics: bgpMetrics,
    });
    this.readiness.require('bgp');
    await this.bgp.start();
  }

  /** Distances and static routes (the `rib` section), at start and on every reload. */
  private applyRouting(cfg: DaemonConfig): void {
    this.rib.setDistances(cfg.rib.distances);
    this.staticRoutes.apply(cfg.rib.staticRoutes);
  }

  /** The native transport (MD5, TTL, GTSM, CS6) when the addon is built; plain TCP otherwise, if that suffices. */
  private bgpTransport(cfg: DaemonConfig): Transport {
    if (nativeAvailable()) return nativeTransport;
    const b = cfg.bgp;
    const sessions = b ? [...b.neighbors, ...b.dynamicNeighbors, ...(b.gatewayPeer ? [b.gatewayPeer] : [])] : [];
    if (sessions.some((s) => s.password !== undefined || s.ebgpMultihop !== undefined || s.ttlSecurity !== undefined)) {
      throw new StartupError(
        `BGP password/ebgpMultihop/ttlSecurity need the native addon: ${nativeProblem()}`,
        EXIT.failure,
      );
    }
    this.log.warn({ problem: nativeProblem() }, 'native addon unavailable: BGP uses plain TCP');
    return tcpTransport;
  }

  /** CLI overrides win over the file. */
  private effective(c: DaemonConfig): DaemonConfig {
    return {
      ...c,
      logLevel: this.opts.logLevel ?? c.logLevel,
      stateDir: this.opts.stateDir ?? c.stateDir,
    };
  }

  private commit(source: ConfigRevision['source'], next: LoadedConfig): number {
    this.loaded = next;
    this.log.level = next.config.logLevel;
    this.revision =
      this.store.recordRevision({
        appliedAt: this.clock.wallNow(),
        checksum: next.checksum,
        source,
        result: 'applied',
        error: null,
      }) ?? this.revision;
    this.metrics.configReloads.inc({ result: 'applied' });
    this.metrics.configRevision.set(this.revision);
    this.readiness.set('config', true);
    return this.revision;
  }

  /** Validate the file again and apply it; on any problem the running config stays. Runs on the queue. */
  reload(source: 'sighup' | 'api'): Promise<ReloadOutcome> {
    return this.queue.post(async () => {
      const next = await loadConfigFile(this.opts.configPath);
      if (!next.ok) return this.reject(source, '', next.error);
      const cfg = this.effective(next.value.config);
      const fixed = restartOnlyChanges(this.config, cfg);
      if (this.config.bgp && cfg.bgp) fixed.push(...BgpInstance.restartOnly(this.config.bgp, cfg.bgp));
      else if ((this.config.bgp === undefined) !== (cfg.bgp === undefined)) fixed.push('bgp');
      if (this.config.ospf && cfg.ospf) fixed.push(...OspfInstance.restartOnly(this.config.ospf, cfg.ospf));
      else if ((this.config.ospf === undefined) !== (cfg.ospf === undefined)) fixed.push('ospf');
      if (fixed.length > 0) {
        const d = fixed.map((k) => ({
          file: next.value.file,
          line: 0,
          col: 0,
          path: [k],
          message: 'cannot change while running; restart noverlayd',
        }));
        return this.reject(source, next.value.checksum, d);
      }
      if (next.value.checksum === this.loaded.checksum) {
        this.metrics.configReloads.inc({ result: 'unchanged' });
        this.log.info({ revision: this.revision, source }, 'config unchanged');
        return {
          result: 'unchanged',
          revision: this.revision,
          checksum: next.value.checksum,
          diagnostics: [],
          message: 'config unchanged',
        } as const;
      }
      this.applyRouting(cfg);
      if (this.bgp && cfg.bgp) this.bgp.reconfigure(cfg.bgp, cfg.policy);
      if (this.ospf && cfg.ospf) this.ospf.reconfigure(cfg.ospf, cfg.policy);
      const rev = this.commit(source, { ...next.value, config: cfg });
      this.log.info({ revision: rev, source }, 'config applied');
      return {
        result: 'applied',
        revision: rev,
        checksum: next.value.checksum,
        diagnostics: [],
        message: `config revision ${rev} applied`,
      } as const;
    });
  }

  private reject(source: ConfigRevision['source'], checksum: string, diags: Diagnostic[]): ReloadOutcome {
    const text = diags.map(formatDiagnostic).join('\n');
    this.store.recordRevision({ appliedAt: this.clock.wallNow(), checksum, source, result: 'rejected', error: text });
    this.metrics.configReloads.inc({ result: 'rejected' });
    this.log.error({ source, diagnostics: diags.map(formatDiagnostic) }, 'config rejected; running config unchanged');
    return {
      result: 'rejected',
      revision: this.revision,
      checksum,
      diagnostics: diags,
      message: `config rejected, running revision ${this.revision} unchanged`,
    };
  }

  status(): Promise<StatusInfo> {
    return this.queue.post(() => ({
      version: VERSION,
      uptimeSeconds: Math.floor((this.clock.now() - this.startedAt) / 1000),
      routerId: this.routerId,
      hostname: this.config.hostname ?? osHostname(),
      configRevision: this.revision,
      configChecksum: this.loaded.checksum,
      configPath: this.opts.configPath,
      ready: this.readiness.ready,
      pending: this.readiness.pending(),
    }));
  }

  revisions(limit: number): Promise<ConfigRevision[]> {
    return this.queue.post(() => this.store.revisions(limit));
  }

  /** Orderly shutdown: stop taking operations, let queued ones finish, close the API, release the lock. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.log.info('noverlayd stopping');
      await this.queue.drain();
      if (this.readinessTimer) clearInterval(this.readinessTimer);
      await this.bgp?.stop();
      await this.ospf?.stop();
      this.kernel?.close();
      await this.api?.close();
      this.releaseResources();
      this.log.info('noverlayd stopped');
    })();
    return this.stopping;
  }

  private releaseResources(): void {
    this.store?.close();
    this.lock?.release();
    this.lock = undefined;
  }
}

/** Keys whose new value only takes effect after a restart. */
function restartOnlyChanges(a: DaemonConfig, b: DaemonConfig): string[] {
  const out: string[] = [];
  if (a.stateDir !== b.stateDir) out.push('stateDir');
  if (a.api.host !== b.api.host || a.api.port !== b.api.port) out.push('api');
  if (a.routerId !== b.routerId) out.push('routerId');
  if (JSON.stringify(a.fib) !== JSON.stringify(b.fib)) out.push('fib');
  return out;
}

/** Like FRR: the highest IPv4 address on a non-loopback interface; 0.0.0.1 if there is none (never 0.0.0.0). */
function pickRouterId(): string {
  let best: string | undefined;
  let bestN = -1;
  for (const addrs of Object.values(networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (a.family !== 'IPv4' || a.internal) continue;
      const n = a.address.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
      if (n > bestN) {
        bestN = n;
        best = a.address;
      }
    }
  }
  return best ?? '0.0.0.1';
}
