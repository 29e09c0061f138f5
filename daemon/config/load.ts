/**
 * Config loading: YAML text → schema validation → semantic checks → normalized `DaemonConfig`.
 *
 * Every problem becomes a Diagnostic that points at the YAML node at fault (file:line), so an operator can fix
 * a file from one line of output. Nothing here touches running state: a reload validates first and only then
 * swaps the config (daemon/daemon.ts).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { Ajv, type ErrorObject } from 'ajv';
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { parsePrefix } from '../../lib/prefix.js';
import { err, ok, type Result } from '../../lib/result.js';
import { type CompiledPolicy, compilePolicy } from '../../rib/policy/index.js';
import { normalizeBgp } from './bgp.js';
import type { ConfigPath, Diagnostic } from './diagnostic.js';
import { normalizeOspf } from './ospf.js';
import { normalizeFib, normalizeRib } from './routing.js';
import { ConfigSchema, type DaemonConfig, DEFAULTS, type RawConfig } from './schema.js';
import { parseHostPort, semanticChecks } from './semantic.js';

export interface LoadedConfig {
  config: DaemonConfig;
  /** sha256 of the file bytes, hex. */
  checksum: string;
  file: string;
}

const ajv = new Ajv({ allErrors: true, strict: true, verbose: true });
ajv.addKeyword({ keyword: 'errorMessage', schemaType: 'string' });
ajv.addFormat('ipv4', (s: string) => isIP(s) === 4);
ajv.addFormat('ip', (s: string) => isIP(s) !== 0);
ajv.addFormat('prefix', (s: string) => s.includes('/') && parsePrefix(s).ok);
ajv.addFormat('host-port', (s: string) => parseHostPort(s).ok);
const validate = ajv.compile<RawConfig>(ConfigSchema);

export async function loadConfigFile(file: string): Promise<Result<LoadedConfig, Diagnostic[]>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    return err([{ file, line: 0, col: 0, path: [], message: `cannot read file (${code})` }]);
  }
  return parseConfigText(text, file);
}

export function parseConfigText(text: string, file: string): Result<LoadedConfig, Diagnostic[]> {
  const checksum = createHash('sha256').update(text).digest('hex');
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    const p = lc.linePos(offset ?? 0);
    return { line: p.line, col: p.col };
  };
  if (doc.errors.length > 0) {
    return err(doc.errors.map((e) => ({ file, ...at(e.pos[0]), path: [], message: `YAML: ${firstLine(e.message)}` })));
  }
  const raw: unknown = doc.toJS() ?? {};
  if (!validate(raw)) {
    const diags = schemaDiagnostics(validate.errors ?? []).map((d) => {
      const node = nodeAt(doc.contents, d.path, d.key);
      return { file, ...at(node?.range?.[0]), path: d.path, message: d.message };
    });
    return err(dedupe(diags).sort((a, b) => a.line - b.line));
  }
  const policy = compilePolicy(raw.policy);
  const problems = [
    ...semanticChecks(raw, new Set(Object.keys(raw.policy?.routeMaps ?? {}))),
    ...(policy.ok ? [] : policy.error.map((d) => ({ path: d.path, message: d.reason }))),
  ];
  if (problems.length > 0 || !policy.ok) {
    const diags = problems.map((p) => ({ file, ...at(nodeAt(doc.contents, p.path)?.range?.[0]), ...p }));
    return err(diags.sort((a, b) => a.line - b.line));
  }
  return ok({ config: normalize(raw, policy.value), checksum, file });
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

interface SchemaProblem {
  path: ConfigPath;
  /** For "unknown key" problems, the key itself (so the line points at the key, not its parent). */
  key?: string;
  message: string;
}

/**
 * Turn ajv errors into one clear problem per place. Errors inside a failed union are noise (each branch
 * complains); the union node's own errorMessage says what was expected.
 */
function schemaDiagnostics(errors: ErrorObject[]): SchemaProblem[] {
  const unionFails = new Set(
    errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf').map((e) => e.instancePath),
  );
  const out: SchemaProblem[] = [];
  for (const e of errors) {
    const path = pointerToPath(e.instancePath);
    const insideUnion = [...unionFails].some(
      (u) => e.instancePath.startsWith(u) && e.keyword !== 'anyOf' && e.keyword !== 'oneOf',
    );
    if (insideUnion) continue;
    const custom = (e.parentSchema as { errorMessage?: string } | undefined)?.errorMessage;
    if (e.keyword === 'additionalProperties') {
      const key = String((e.params as { additionalProperty: string }).additionalProperty);
      out.push({ path: [...path, key], key, message: `unknown key ${JSON.stringify(key)}` });
    } else if (e.keyword === 'required') {
      const key = String((e.params as { missingProperty: string }).missingProperty);
      out.push({ path, message: `missing required key ${JSON.stringify(key)}` });
    } else if (e.keyword === 'type' && !custom) {
      out.push({ path, message: `must be ${article((e.params as { type: string }).type)}` });
    } else {
      out.push({ path, message: custom ?? e.message ?? 'invalid' });
    }
  }
  return out;
}

function article(t: string): string {
  const name = t === 'object' ? 'mapping' : t === 'array' ? 'list' : t;
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

function pointerToPath(ptr: string): ConfigPath {
  if (ptr === '') return [];
  return ptr
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** The YAML node at `path` (or the key node of `key` under it), for its line number. */
function nodeAt(root: unknown, path: ConfigPath, key?: string): Node | undefined {
  let node = root as Node | undefined;
  const steps = key === undefined ? path : path.slice(0, -1);
  for (const step of steps) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === step);
      node = (pair?.value ?? pair?.key) as Node | undefined;
    } else if (isSeq(node) && typeof step === 'number') {
      node = node.items[step] as Node | undefined;
    } else break;
  }
  if (key !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
    if (pair) return pair.key as Node;
  }
  return node;
}

function dedupe(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.line}|${d.path.join('.')}|${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function normalize(raw: RawConfig, policy: CompiledPolicy): DaemonConfig {
  const listen = parseHostPort(raw.api?.listen ?? DEFAULTS.apiListen);
  if (!listen.ok) throw new Error('normalize: listen was validated');
  return {
    routerId: raw.routerId,
    hostname: raw.hostname,
    logLevel: raw.logLevel ?? DEFAULTS.logLevel,
    stateDir: raw.stateDir ?? DEFAULTS.stateDir,
    api: {
      host: listen.value.host,
      port: listen.value.port,
      tokenFile: raw.api?.tokenFile,
      tokenEnv: raw.api?.tokenEnv ?? DEFAULTS.tokenEnv,
    },
    rib: normalizeRib(raw.rib),
    fib: normalizeFib(raw.fib),
    bgp: raw.bgp && normalizeBgp(raw.bgp),
    ospf: raw.ospf && normalizeOspf(raw.ospf),
    policy,
  };
}
