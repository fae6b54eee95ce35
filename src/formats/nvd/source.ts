import { open, stat } from 'node:fs/promises';
import { readCve5File, readCve5Folder } from './cve5-files.js';
import { readCve5Zip } from './cve5-zip.js';
import { resolveLimits, type ReadOptions } from './limits.js';
import { readNvdApiFile } from './nvd-stream.js';
import { errorIssue, type IntelReadItem } from './read-item.js';

/** What {@link detectNvdSource} recognised. */
export type NvdSourceKind = 'cve5-folder' | 'cve5-zip' | 'cve5-file' | 'nvd-api';

/** Enough of a file to see its first members: NVD responses and current CVE 5 files name their kind first. */
const SNIFF_BYTES = 64 * 1024;

async function head(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function jsonKind(text: string): NvdSourceKind | undefined {
  if (/"format"\s*:\s*"NVD_CVE"/.test(text) || /"vulnerabilities"\s*:\s*\[/.test(text) || /"resultsPerPage"\s*:/.test(text)) return 'nvd-api';
  if (/"dataType"\s*:\s*"CVE_RECORD"/.test(text) || /"cveMetadata"\s*:/.test(text)) return 'cve5-file';
  return undefined;
}

/**
 * Recognises a source by content: a directory is a cvelistV5 folder, `PK\x03\x04` a release
 * zip, gzip an NVD API response (.json.gz), and JSON by its members. Converted CVE 5 records
 * may put `containers` before `dataType`, so a small file that the first 64 KB do not settle
 * is parsed whole. Returns undefined when none fits.
 */
export async function detectNvdSource(path: string, options?: ReadOptions): Promise<NvdSourceKind | undefined> {
  const info = await stat(path);
  if (info.isDirectory()) return 'cve5-folder';
  const bytes = await head(path, SNIFF_BYTES);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'cve5-zip';
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'nvd-api';
  const sniffed = jsonKind(bytes.toString('utf8'));
  if (sniffed !== undefined || info.size <= bytes.length || info.size > resolveLimits(options).maxRecordBytes) return sniffed;
  return jsonKind((await head(path, info.size)).toString('utf8'));
}

/**
 * Reads any supported vulnerability source at `path`: a cvelistV5 folder or release zip,
 * one CVE JSON 5 file, or an NVD CVE API 2.0 response (.json or .json.gz). Yields records of
 * source `cve5` or `nvd`, and issues; an unrecognised input is one error issue.
 */
export async function* readNvdSource(path: string, options?: ReadOptions): AsyncGenerator<IntelReadItem> {
  let kind: NvdSourceKind | undefined;
  try {
    kind = await detectNvdSource(path, options);
  } catch (e) {
    yield { issue: errorIssue('source.read', `Could not read ${path}: ${(e as Error).message}`, path) };
    return;
  }
  switch (kind) {
    case 'cve5-folder':
      return yield* readCve5Folder(path, options);
    case 'cve5-zip':
      return yield* readCve5Zip(path, options);
    case 'cve5-file':
      return yield* await readCve5File(path, options);
    case 'nvd-api':
      return yield* readNvdApiFile(path, options);
    case undefined:
      yield { issue: errorIssue('source.unknown', 'Not a cvelistV5 folder or zip, a CVE JSON 5 record, or an NVD CVE API 2.0 response.', path) };
  }
}
