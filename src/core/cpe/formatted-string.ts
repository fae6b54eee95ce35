import { err, ok, type Result } from '../result.js';
import { ANY, CPE_ATTRIBUTES, NA, cpeValue, invalidWfnValueAt, isAlphanumeric, validateWfn, type CpeValue, type Wfn } from './wfn.js';

const PREFIX = 'cpe:2.3:';

/**
 * Unbinds one formatted-string value (NISTIR 7695 6.2.3.2 `unbind_value_fs` /
 * `add_quoting`): `*` is ANY, `-` is NA, otherwise every character that is not a
 * letter, digit, `_` or an already quoted pair is quoted; `*` and `?` stay wildcards
 * and are checked for position by the WFN value rules.
 */
function unbindValue(s: string, start: number, end: number): Result<CpeValue> {
  if (end - start === 1) {
    const c = s.charCodeAt(start);
    if (c === 42) return ok(ANY);
    if (c === 45) return ok(NA);
  }
  if (end === start) return err('cpe.fs.empty', 'A formatted-string component must not be empty (use "*" for ANY).', start);
  // Fast path: letters, digits and "_" need no quoting and are always a valid value.
  let plain = start;
  while (plain < end && (isAlphanumeric(s.charCodeAt(plain)) || s.charCodeAt(plain) === 95)) plain++;
  if (plain === end) return ok(cpeValue(s.slice(start, end)));
  let out = '';
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (isAlphanumeric(c) || c === 95 || c === 42 || c === 63) out += s[i];
    else if (c === 92) {
      if (i + 1 >= end) return err('cpe.fs.escape', 'A backslash must quote a following character.', i);
      out += s.slice(i, i + 2);
      i++;
    } else if (c <= 0x20 || c >= 0x7f) return err('cpe.fs.char', 'CPE values are printable ASCII without whitespace.', i);
    else out += '\\' + s[i];
  }
  const bad = invalidWfnValueAt(out);
  if (bad >= 0) {
    // Map the offset in the quoted value back to the input: quoting only adds characters.
    return err('cpe.value.wildcard', 'Wildcards "*" and "?" may only lead or trail a value, and "*" only once.', Math.min(end - 1, start + locate(s, start, end, out, bad)));
  }
  return ok(cpeValue(out));
}

/** Input offset (relative to `start`) of the character at `outIndex` of the quoted form. */
function locate(s: string, start: number, end: number, out: string, outIndex: number): number {
  let o = 0;
  for (let i = start; i < end; i++) {
    if (o >= outIndex) return i - start;
    const c = s.charCodeAt(i);
    if (c === 92) {
      o += 2;
      i++;
    } else o += isAlphanumeric(c) || c === 95 || c === 42 || c === 63 ? 1 : 2;
  }
  return Math.max(0, Math.min(outIndex, end - start - 1));
}

/**
 * Parses a CPE 2.3 formatted string (`cpe:2.3:part:vendor:...`, 13 colon-separated
 * components, `\:` etc. quoted) into a WFN. Linear time; errors carry positions.
 */
export function parseCpe23(input: string): Result<Wfn> {
  if (input.slice(0, PREFIX.length).toLowerCase() !== PREFIX)
    return err('cpe.fs.prefix', 'A CPE 2.3 formatted string starts with "cpe:2.3:".', 0);
  const values: CpeValue[] = [];
  let start = PREFIX.length;
  let i = start;
  for (; i <= input.length; i++) {
    const c = i < input.length ? input.charCodeAt(i) : 58;
    if (c === 92) {
      i++; // skip the quoted character, which may be ':'
      continue;
    }
    if (c !== 58) continue;
    if (values.length === CPE_ATTRIBUTES.length)
      return err('cpe.fs.count', 'A CPE 2.3 formatted string has exactly 11 attribute components.', start - 1);
    const value = unbindValue(input, start, Math.min(i, input.length));
    if (!value.ok) return value;
    values.push(values.length === 0 && value.value.kind === 'value' ? cpeValue(value.value.value.toLowerCase()) : value.value);
    start = i + 1;
  }
  if (values.length !== CPE_ATTRIBUTES.length)
    return err('cpe.fs.count', 'A CPE 2.3 formatted string has exactly 11 attribute components.', input.length);
  const wfn = Object.fromEntries(CPE_ATTRIBUTES.map((a, k) => [a, values[k]!])) as Record<(typeof CPE_ATTRIBUTES)[number], CpeValue>;
  const valid = validateWfn(wfn);
  return valid.ok ? valid : err(valid.error.code, valid.error.message, PREFIX.length);
}

/** `process_quoted_chars` (NISTIR 7695 6.2.2.2): `.`, `-` and `_` lose their quotes. */
function bindValue(v: CpeValue): string {
  if (v.kind === 'any') return '*';
  if (v.kind === 'na') return '-';
  const s = v.value;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) === 92 && i + 1 < s.length) {
      const next = s[i + 1]!;
      out += next === '.' || next === '-' || next === '_' ? next : '\\' + next;
      i++;
    } else out += s[i];
  }
  return out;
}

/** Binds a WFN to its CPE 2.3 formatted string (NISTIR 7695 6.2.2). */
export function formatCpe23(wfn: Wfn): string {
  return PREFIX + CPE_ATTRIBUTES.map((a) => bindValue(wfn[a])).join(':');
}
