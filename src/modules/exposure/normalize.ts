/**
 * Keys that let a CMMS export's free text meet a vendor's catalog (pure). Hospitals type
 * "ACME Medical Devices, Inc.", "Acme Medical" or "acme"; models "CW 200", "cw-200"; versions
 * "v5.0.2", "5.0.2 (build 77)", "5.0". The keys keep what identifies and drop the rest.
 */

/** Legal and generic words that do not tell manufacturers apart. */
const NAME_NOISE = new Set([
  'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'ltd', 'limited', 'llc', 'plc', 'gmbh', 'ag', 'sa', 'sas', 'srl', 'bv', 'nv', 'kk', 'oy', 'ab', 'as',
  'the', 'medical', 'devices', 'device', 'systems', 'healthcare', 'health', 'technologies', 'technology', 'international', 'group', 'holdings', 'usa', 'us',
]);

/** A manufacturer / vendor name as a comparison key: lower case, accents and punctuation gone, legal suffixes and generic words dropped. */
export function nameKey(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/gu, '')
    .toLowerCase()
    .replace(/&/gu, ' and ')
    .split(/[^a-z0-9]+/u)
    .filter((w) => w !== '');
  const kept = words.filter((w) => !NAME_NOISE.has(w));
  // A name made only of noise words ("Medical Systems Inc") keeps them rather than becoming empty.
  return (kept.length > 0 ? kept : words).join(' ');
}

/** A model number or product name as a key: case, spaces, dashes, dots and slashes do not count ("CW 200" = "cw-200"). */
export function modelKey(model: string): string {
  return model.normalize('NFKD').replace(/[\u0300-\u036f]/gu, '').toLowerCase().replace(/[^a-z0-9]+/gu, '');
}

/**
 * A software version as a key: a leading "v"/"version", build and parenthesised suffixes and
 * trailing ".0" parts removed, so "v5.0.2", "5.0.2 (build 77)" and "5.0.2.0" meet; "5.0" = "5".
 */
export function versionKey(version: string): string {
  let v = version.trim().toLowerCase();
  v = v.replace(/\(.*?\)/gu, ' ').replace(/\bbuild\b.*$/u, '').trim();
  v = v.replace(/^(version|ver\.?|rel(ease)?\.?|v)\s*/u, '');
  v = v.split(/\s+/u)[0] ?? '';
  v = v.replace(/[-_+]/gu, '.');
  while (/\.0+$/u.test(v) && v.includes('.')) v = v.replace(/\.0+$/u, '');
  return v;
}
