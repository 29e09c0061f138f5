/**
 * Config diagnostics: `file:line: path: reason`, the one format used by `noverlay config check`, start-up,
 * SIGHUP and the reload API.
 */
export type ConfigPath = (string | number)[];

export interface Diagnostic {
  file: string;
  /** 1-based; 0 when no position is known. */
  line: number;
  col: number;
  path: ConfigPath;
  message: string;
}

/** `bgp.neighbors[0].remoteAs`; the document itself is `(root)`. */
export function formatPath(path: ConfigPath): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? p : `.${p}`;
  return s === '' ? '(root)' : s;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}: ${formatPath(d.path)}: ${d.message}`;
}
