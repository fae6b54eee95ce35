import { err, ok, type Result } from '../result.js';
import { ANY, CPE_ATTRIBUTES, NA, cpeValue, isAlphanumeric, validateWfn, type CpeAttribute, type CpeValue, type Wfn } from './wfn.js';

const PREFIX = 'cpe:/';

/** The percent-encodings NISTIR 7695 6.1.2.3 `pct_encode` produces, decoded. */
const PCT_DECODE: Readonly<Record<string, string>> = {
  '21': '!', '22': '"', '23': '#', '24': '$', '25': '%', '26': '&', '27': "'", '28': '(', '29': ')',
  '2a': '*', '2b': '+', '2c': ',', '2f': '/', '3a': ':', '3b': ';', '3c': '<', '3d': '=', '3e': '>',
  '3f': '?', '40': '@', '5b': '[', '5c': '\\', '5d': ']', '5e': '^', '60': '`', '7b': '{', '7c': '|',
  '7d': '}', '7e': '~',
};
const PCT_ENCODE: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(PCT_DECODE).map(([hex, ch]) => [ch, '%' + hex]),
);

/**
 * URI `decode` (NISTIR 7695 6.1.3.2): lower-cases, quotes `.`, `-` and `~`, turns
 * `%01` into `?` and `%02` into `*` (only at either end), decodes the listed
 * percent-encodings as quoted characters and rejects any other `%` form.
 */
function decodeValue(s: string, start: number, end: number): Result<CpeValue> {
  if (end === start) return ok(ANY);
  if (end - start === 1 && s.charCodeAt(start) === 45) return ok(NA);
  let out = '';
  let embedded = false;
  for (let i = start; i < end; ) {
    const c = s[i]!;
    if (c === '.' || c === '-' || c === '~') {
      out += '\\' + c;
      embedded = true;
      i++;
    } else if (c !== '%') {
      const code = s.charCodeAt(i);
      if (code <= 0x20 || code >= 0x7f) return err('cpe.uri.char', 'CPE values are printable ASCII without whitespace.', i);
      out += isAlphanumeric(code) ? c.toLowerCase() : c;
      embedded = true;
      i++;
    } else {
      const form = s.slice(i, i + 3).toLowerCase();
      if (form === '%01') {
        // A run of %01 is allowed only at the very start or the very end of the value.
        const atEdge = i === start || i === end - 3;
        const continuesRun = (!embedded && s.slice(i - 3, i) === '%01') || (embedded && s.slice(i + 3, i + 6).toLowerCase() === '%01');
        if (!atEdge && !continuesRun) return err('cpe.uri.wildcard', 'The "?" wildcard (%01) may only lead or trail a value.', i);
        out += '?';
      } else if (form === '%02') {
        if (i !== start && i !== end - 3) return err('cpe.uri.wildcard', 'The "*" wildcard (%02) may only lead or trail a value.', i);
        out += '*';
      } else {
        const decoded = form.length === 3 ? PCT_DECODE[form.slice(1)] : undefined;
        if (decoded === undefined) return err('cpe.uri.encoding', `"${s.slice(i, i + 3)}" is not a CPE percent-encoding.`, i);
        out += '\\' + decoded;
        embedded = true;
      }
      i += 3;
    }
  }
  return ok(cpeValue(out));
}

/** Unpacks the edition component `~edition~sw_edition~target_sw~target_hw~other` (6.1.3.2). */
function unpackEdition(s: string, start: number, end: number, into: Partial<Record<CpeAttribute, CpeValue>>): Result<true> {
  const bounds: number[] = [start];
  for (let i = start + 1; i < end; i++) if (s.charCodeAt(i) === 126) bounds.push(i);
  if (bounds.length !== 5) return err('cpe.uri.edition', 'A packed edition has exactly five "~"-separated fields.', start);
  bounds.push(end);
  const names: CpeAttribute[] = ['edition', 'sw_edition', 'target_sw', 'target_hw', 'other'];
  for (let k = 0; k < 5; k++) {
    const v = decodeValue(s, bounds[k]! + 1, bounds[k + 1]!);
    if (!v.ok) return v;
    into[names[k]!] = v.value;
  }
  return ok(true);
}

/** Parses a CPE URI binding (`cpe:/a:vendor:product:...`, NISTIR 7695 6.1.3) into a WFN. */
export function parseCpeUri(input: string): Result<Wfn> {
  if (input.slice(0, PREFIX.length).toLowerCase() !== PREFIX)
    return err('cpe.uri.prefix', 'A CPE URI starts with "cpe:/".', 0);
  const uriNames: CpeAttribute[] = ['part', 'vendor', 'product', 'version', 'update', 'edition', 'language'];
  const values: Partial<Record<CpeAttribute, CpeValue>> = {};
  let start = PREFIX.length;
  let k = 0;
  for (let i = start; i <= input.length; i++) {
    if (i < input.length && input.charCodeAt(i) !== 58) continue;
    if (k === uriNames.length) return err('cpe.uri.count', 'A CPE URI has at most seven components.', start - 1);
    const name = uriNames[k]!;
    if (name === 'edition' && input.charCodeAt(start) === 126) {
      const unpacked = unpackEdition(input, start, i, values);
      if (!unpacked.ok) return unpacked;
    } else {
      const v = decodeValue(input, start, i);
      if (!v.ok) return v;
      values[name] = v.value;
    }
    k++;
    start = i + 1;
  }
  const wfn = Object.fromEntries(CPE_ATTRIBUTES.map((a) => [a, values[a] ?? ANY])) as Record<CpeAttribute, CpeValue>;
  const valid = validateWfn(wfn);
  return valid.ok ? valid : err(valid.error.code, valid.error.message, PREFIX.length);
}

/** `transform_for_uri` (6.1.2.3): quoted characters are percent-encoded, wildcards become %01/%02. */
function bindValue(v: CpeValue): string {
  if (v.kind === 'any') return '';
  if (v.kind === 'na') return '-';
  const s = v.value;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      const q = s[++i]!;
      out += q === '.' || q === '-' ? q : (PCT_ENCODE[q] ?? q);
    } else if (c === '?') out += '%01';
    else if (c === '*') out += '%02';
    else out += c;
  }
  return out;
}

/** Binds a WFN to the CPE URI form (NISTIR 7695 6.1.2), packing the extended attributes into edition. */
export function formatCpeUri(wfn: Wfn): string {
  const extended = [wfn.sw_edition, wfn.target_sw, wfn.target_hw, wfn.other];
  const edition = extended.every((v) => v.kind === 'any')
    ? bindValue(wfn.edition)
    : '~' + [wfn.edition, ...extended].map(bindValue).join('~');
  const components = [wfn.part, wfn.vendor, wfn.product, wfn.version, wfn.update].map(bindValue);
  components.push(edition, bindValue(wfn.language));
  // Trailing empty components (ANY) are dropped from the URI.
  let last = components.length;
  while (last > 0 && components[last - 1] === '') last--;
  return PREFIX + components.slice(0, last).join(':');
}
