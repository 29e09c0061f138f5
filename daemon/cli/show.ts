/** `noverlay show …`: readable views of the daemon's API; `--json` prints the raw JSON instead. */
import type { StatusInfo } from '../daemon.js';
import { CliError, type ClientOptions, getJson } from './client.js';
import { duration, keyValues } from './table.js';

export type ShowFormatter = (body: never) => string;

interface ShowView {
  path: string;
  format: (body: never) => string;
}

const VIEWS: Record<string, ShowView> = {
  status: {
    path: '/api/v1/status',
    format: (s: StatusInfo) =>
      keyValues([
        ['Version', s.version],
        ['Hostname', s.hostname],
        ['Router ID', s.routerId],
        ['Uptime', duration(s.uptimeSeconds)],
        ['Config', s.configPath],
        ['Config revision', `${s.configRevision} (sha256 ${s.configChecksum.slice(0, 12)})`],
        ['Ready', s.ready ? 'yes' : `no (waiting for: ${s.pending.join(', ')})`],
      ]),
  },
};

export function showTopics(): string[] {
  return Object.keys(VIEWS);
}

export async function show(topic: string[], o: ClientOptions, json: boolean): Promise<string> {
  const view = VIEWS[topic.join(' ')];
  if (!view) throw new CliError(`unknown show topic "${topic.join(' ')}"; try: ${showTopics().join(', ')}`, 2);
  const body = await getJson<never>(o, view.path);
  return json ? JSON.stringify(body, null, 2) : view.format(body);
}
