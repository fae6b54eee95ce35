/** Package URL (purl) parsing, building, canonical formatting and OSV ecosystem mapping. */
export type { Purl, PurlParts } from './types.js';
export { parsePurl, parsePurlOrThrow } from './parse.js';
export { buildPurl } from './build.js';
export { formatPurl, canonicalizePurl } from './format.js';
export { purlEcosystem, purlToOsvPackage, type OsvPackage } from './ecosystem.js';
