/**
 * The FRR/Cisco regular-expression dialect used by AS-path and community lists, and the AS_PATH text it runs over.
 *
 * FRR (bgpd/bgp_regex.c) compiles POSIX extended regexes after replacing each `_` with `(^|[,{}() ]|$)`: a
 * delimiter of the AS_PATH text, or either end. We translate the same dialect to a JavaScript RegExp once, at
 * compile time. Only match/no-match is asked, so POSIX leftmost-longest versus JS leftmost-first does not matter.
 *
 * Differences from FRR, all in corners: `_` inside a bracket expression is a literal underscore here (FRR
 * substitutes it there too, producing a broken bracket); `[.x.]`/`[=x=]` collating elements and `(?` constructs
 * (not ERE) are rejected; backslash escapes outside brackets keep their JS meaning (glibc gives \w \s \b the same).
 *
 * AS_PATH text (bgpd/bgp_aspath.c aspath_make_str_count): segments separated by one space; AS_SEQUENCE "1 2",
 * AS_SET "{1,2}", AS_CONFED_SEQUENCE "(1 2)", AS_CONFED_SET "[1,2]" (RFC 4271 §4.3, RFC 5065 §3).
 */
import type { AsPathSegment } from '../../bgp/packet/types.js';
import { err, ok, type Result } from '../../lib/result.js';

const BOUNDARY = '(?:^|[,{}() ]|$)';

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: '0-9A-Za-z',
  upper: 'A-Z',
  lower: 'a-z',
  xdigit: '0-9A-Fa-f',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  cntrl: '\\x00-\\x1f\\x7f',
  print: '\\x20-\\x7e',
  graph: '\\x21-\\x7e',
  word: '0-9A-Za-z_',
};

/** Translate one bracket expression starting at src[start] === '['; returns the JS text and the index after it. */
function bracket(src: string, start: number): Result<{ text: string; next: number }, string> {
  let i = start + 1;
  let out = '[';
  if (src[i] === '^') {
    out += '^';
    i++;
  }
  let first = true;
  for (; i < src.length; i++) {
    const c = src[i] ?? '';
    if (c === ']' && !first) return ok({ text: `${out}]`, next: i + 1 });
    first = false;
    if (c === '[' && (src[i + 1] === ':' || src[i + 1] === '.' || src[i + 1] === '=')) {
      const kind = src[i + 1] ?? '';
      const close = src.indexOf(`${kind}]`, i + 2);
      if (close < 0) return err(`unterminated [${kind} in bracket expression at offset ${i}`);
      const name = src.slice(i + 2, close);
      const cls = kind === ':' ? POSIX_CLASSES[name] : undefined;
      if (cls === undefined) return err(`unsupported bracket item [${kind}${name}${kind}] at offset ${i}`);
      out += cls;
      i = close + 1;
      continue;
    }
    // POSIX: inside brackets `]` (first), `\` and `[` are literal characters; JS needs them escaped.
    out += c === ']' || c === '\\' || c === '[' ? `\\${c}` : c;
  }
  return err(`unterminated bracket expression at offset ${start}`);
}

/** Compile an FRR-dialect regex. The error text is for diagnostics. */
export function compileFrrRegex(src: string): Result<RegExp, string> {
  let out = '';
  for (let i = 0; i < src.length; ) {
    const c = src[i] ?? '';
    if (c === '\\') {
      if (i + 1 >= src.length) return err('trailing backslash');
      out += src.slice(i, i + 2);
      i += 2;
    } else if (c === '[') {
      const b = bracket(src, i);
      if (!b.ok) return b;
      out += b.value.text;
      i = b.value.next;
    } else if (c === '_') {
      out += BOUNDARY;
      i++;
    } else if (c === '(' && src[i + 1] === '?') {
      return err(`"(?" at offset ${i} is not POSIX extended regex syntax`);
    } else {
      out += c;
      i++;
    }
  }
  try {
    return ok(new RegExp(out));
  } catch (e) {
    return err(e instanceof Error ? e.message : String(e));
  }
}

const OPEN: Readonly<Record<number, string>> = { 1: '{', 3: '(', 4: '[' };
const CLOSE: Readonly<Record<number, string>> = { 1: '}', 3: ')', 4: ']' };

/** FRR text of an AS_PATH: "65001 65002 {65003,65004}"; locally originated (empty) → "". */
export function formatAsPath(segments: readonly AsPathSegment[] | undefined): string {
  if (!segments) return '';
  let s = '';
  for (const seg of segments) {
    if (seg.asns.length === 0) continue;
    if (s !== '') s += ' ';
    const sep = seg.type === 1 || seg.type === 4 ? ',' : ' ';
    s += (OPEN[seg.type] ?? '') + seg.asns.join(sep) + (CLOSE[seg.type] ?? '');
  }
  return s;
}
