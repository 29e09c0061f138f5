/**
 * `noverlay run` / `noverlayd`: start the daemon, wire signals, return the exit code.
 *   SIGHUP           reload the config (validated first; an invalid file leaves the running config)
 *   SIGTERM, SIGINT  orderly shutdown; a second signal forces exit
 */
import { formatDiagnostic } from './config/diagnostic.js';
import { Daemon, type DaemonOptions, EXIT, StartupError } from './daemon.js';

export async function runDaemon(opts: DaemonOptions): Promise<number> {
  const d = new Daemon(opts);
  try {
    await d.start();
  } catch (e) {
    if (e instanceof StartupError) {
      console.error(`noverlayd: ${e.message}`);
      for (const diag of e.diagnostics) console.error(formatDiagnostic(diag));
      return e.exitCode;
    }
    console.error('noverlayd: failed to start:', (e as Error).message);
    return EXIT.failure;
  }
  return new Promise<number>((resolve) => {
    let stopping = false;
    const onStop = (sig: string) => {
      if (stopping) {
        d.log.warn({ signal: sig }, 'second signal: exiting now');
        process.exit(EXIT.failure);
      }
      stopping = true;
      d.log.info({ signal: sig }, 'shutting down');
      d.stop().then(
        () => resolve(EXIT.ok),
        (e: unknown) => {
          d.log.error({ err: e }, 'shutdown failed');
          resolve(EXIT.failure);
        },
      );
    };
    process.on('SIGTERM', () => onStop('SIGTERM'));
    process.on('SIGINT', () => onStop('SIGINT'));
    process.on('SIGHUP', () => {
      d.reload('sighup').catch((e: unknown) => d.log.error({ err: e }, 'reload failed'));
    });
  });
}
