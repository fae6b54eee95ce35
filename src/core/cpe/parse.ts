import { err, ok, unwrap, type Result } from '../result.js';
import { formatCpe23, parseCpe23 } from './formatted-string.js';
import { formatCpeUri, parseCpeUri } from './uri.js';
import type { Wfn } from './wfn.js';

/** Parses either binding: `cpe:2.3:` formatted strings or `cpe:/` URIs. */
export function parseCpe(input: string): Result<Wfn> {
  const head = input.slice(0, 8).toLowerCase();
  if (head.startsWith('cpe:2.3:')) return parseCpe23(input);
  if (head.startsWith('cpe:/')) return parseCpeUri(input);
  return err('cpe.prefix', 'A CPE name starts with "cpe:2.3:" or "cpe:/".', 0);
}

/** {@link parseCpe} that throws a `CoreParseError` instead of returning an error. */
export function parseCpeOrThrow(input: string): Wfn {
  return unwrap(parseCpe(input));
}

/** Converts a URI binding to the formatted string binding through the WFN (NISTIR 7695 6.3). */
export function cpeUriToFormattedString(uri: string): Result<string> {
  const wfn = parseCpeUri(uri);
  return wfn.ok ? ok(formatCpe23(wfn.value)) : wfn;
}

/** Converts a formatted string binding to the URI binding through the WFN (NISTIR 7695 6.3). */
export function cpeFormattedStringToUri(fs: string): Result<string> {
  const wfn = parseCpe23(fs);
  return wfn.ok ? ok(formatCpeUri(wfn.value)) : wfn;
}
