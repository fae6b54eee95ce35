/**
 * CVE JSON 5 and NVD CVE API 2.0 readers producing `IntelRecord`s (docs/formats/nvd.md).
 *
 * - mapCve5Record / parseCve5Json: one CVE 5 record → source `cve5`
 * - mapNvdVulnerability: one NVD `vulnerabilities[]` element → source `nvd`
 * - readCve5Folder, readCve5Zip, readCve5File, readNvdApiFile, readNvdApiStream, readNvdSource:
 *   bounded-memory sources yielding `{ record } | { issue }`
 */
export { mapCve5Record, parseCve5Json } from './cve5-map.js';
export { mapNvdVulnerability } from './nvd-map.js';
export { readCve5File, readCve5Folder, isCve5FileName } from './cve5-files.js';
export { readCve5Zip } from './cve5-zip.js';
export { readNvdApiFile, readNvdApiStream } from './nvd-stream.js';
export { detectNvdSource, readNvdSource, type NvdSourceKind } from './source.js';
export { JsonArraySplitter, type SplitEvent, type SplitterLimits } from './json-array-splitter.js';
export { DEFAULT_LIMITS, type ReadLimits, type ReadOptions } from './limits.js';
export type { IntelReadItem, MapOutcome } from './read-item.js';
