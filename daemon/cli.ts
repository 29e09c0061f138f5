/**
 * The `noverlay` command: run the daemon, check config, query a running daemon, drive the lab.
 * Usage errors exit 2; see `noverlay help` and docs/cli.md.
 */
import { parseArgs } from 'node:util';
import { apiErrorLine, CliError, call, clientOptions } from './cli/client.js';
import { show, showTopics } from './cli/show.js';
import { formatDiagnostic } from './config/diagnostic.js';
import { loadConfigFile } from './config/load.js';
import { runDaemon } from './run.js';
import { VERSION } from './version.js';

const USAGE = `usage: noverlay <command> [options]

  run --config FILE [--log-level L] [--state-dir DIR]   run the daemon (same as noverlayd)
  config check FILE                                    validate a config file; exit 2 if invalid
  config reload [--api URL] [--token-file F]           ask the running daemon to reload its config
  show <topic> [--json] [--api URL]                    query the running daemon (topics: ${showTopics().join(', ')})
                                                       e.g. show bgp summary; show bgp neighbors [ADDR [routes|advertised-routes]];
                                                       show bgp rib [PREFIX] [--longer]
  lab up|status|down [--name N] [--racks N] [--hosts N] build/inspect/remove the netns lab (root)
  version                                              print the version

The API address defaults to http://127.0.0.1:9179 (or $NOVERLAY_API); the token comes from
--token-file or $NOVERLAY_API_TOKEN.`;

const common = {
  api: { type: 'string' },
  'token-file': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'run':
      return runFromArgs(rest);
    case 'config':
      return configCmd(rest);
    case 'show': {
      const { values, positionals } = parseArgs({
        args: rest,
        options: { ...common, longer: { type: 'boolean' } },
        allowPositionals: true,
      });
      if (positionals.length === 0) throw new CliError(`show what? topics: ${showTopics().join(', ')}`, 2);
      console.log(
        await show(positionals, clientOptions(values, process.env), values.json ?? false, {
          longer: values.longer ?? false,
        }),
      );
      return 0;
    }
    case 'lab': {
      const { labMain } = await import('../lab/cli.js');
      return labMain(rest);
    }
    case 'version':
    case '--version':
      console.log(VERSION);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return cmd === undefined ? 2 : 0;
    default:
      throw new CliError(`unknown command "${cmd}"\n${USAGE}`, 2);
  }
}

export async function runFromArgs(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      config: { type: 'string', short: 'c' },
      'log-level': { type: 'string' },
      'state-dir': { type: 'string' },
    },
  });
  if (!values.config) throw new CliError('run needs --config FILE', 2);
  const level = values['log-level'];
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
  if (level !== undefined && !(levels as readonly string[]).includes(level)) {
    throw new CliError(`--log-level must be one of ${levels.join(', ')}`, 2);
  }
  return runDaemon({
    configPath: values.config,
    ...(level !== undefined ? { logLevel: level as (typeof levels)[number] } : {}),
    ...(values['state-dir'] !== undefined ? { stateDir: values['state-dir'] } : {}),
  });
}

async function configCmd(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: common, allowPositionals: true });
  const [sub, file] = positionals;
  if (sub === 'check') {
    if (!file) throw new CliError('config check needs a FILE', 2);
    const r = await loadConfigFile(file);
    if (!r.ok) {
      for (const d of r.error) console.error(formatDiagnostic(d));
      return 2;
    }
    console.log(`${file}: ok (sha256 ${r.value.checksum.slice(0, 12)})`);
    return 0;
  }
  if (sub === 'reload') {
    const r = await call<{ result: string; message: string; diagnostics: string[] }>(
      clientOptions(values, process.env),
      'POST',
      '/api/v1/config/reload',
    );
    if (r.status === 200) {
      console.log(r.body.message);
      return 0;
    }
    if (r.status === 422) {
      console.error(r.body.message);
      for (const d of r.body.diagnostics) console.error(d);
      return 2;
    }
    throw new CliError(apiErrorLine(r.status, r.body));
  }
  throw new CliError('usage: noverlay config check FILE | noverlay config reload', 2);
}

/** The program entry (daemon/bin/noverlay.ts): runs a command and sets the exit code. */
export function cliEntry(argv: string[]): void {
  main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if (e instanceof CliError) {
        console.error(`noverlay: ${e.message}`);
        process.exitCode = e.exitCode;
      } else if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
        console.error(`noverlay: ${(e as Error).message}`);
        process.exitCode = 2;
      } else {
        console.error('noverlay: unexpected error:', e);
        process.exitCode = 1;
      }
    },
  );
}
