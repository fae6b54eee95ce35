import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCve5Json } from './cve5-map.js';
import { resolveLimits, type ReadOptions } from './limits.js';
import { errorIssue, itemsOf, warningIssue, type IntelReadItem } from './read-item.js';

/** cvelistV5 record file names: `CVE-2021-44228.json`. `delta.json` and `deltaLog.json` never match. */
const CVE_FILE = /^CVE-[0-9]{4}-[0-9]{4,19}\.json$/;

/** Whether a file name (no directory) is a cvelistV5 record file. */
export function isCve5FileName(name: string): boolean {
  return CVE_FILE.test(name);
}

/** Code-unit order: the same on every platform and locale, so runs are reproducible. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Maps the text of one record file, adding a warning when the file name and the record's
 * CVE id disagree (a misplaced or mis-named file would otherwise go unnoticed).
 */
export function cve5ItemsFromText(text: string, location: string, fileName: string): IntelReadItem[] {
  const outcome = parseCve5Json(text, location);
  const items = itemsOf(outcome);
  const id = outcome.record?.id;
  if (id !== undefined && fileName !== `${id}.json`) {
    items.unshift({ issue: warningIssue('cve5.filename.mismatch', `File name ${fileName} does not match the record's id ${id}.`, location) });
  }
  return items;
}

/** Record file paths below `root`, sorted; an unreadable folder is an issue and the walk goes on. */
async function* walk(root: string, relative: string): AsyncGenerator<string | IntelReadItem> {
  let entries;
  try {
    entries = await readdir(join(root, relative), { withFileTypes: true });
  } catch (e) {
    yield { issue: errorIssue('cve5.read', `Could not list the folder: ${(e as Error).message}`, relative === '' ? root : relative) };
    return;
  }
  entries.sort((a, b) => compareNames(a.name, b.name));
  for (const entry of entries) {
    const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
    // Symbolic links are not followed: a link cycle would never end, and cvelistV5 has none.
    if (entry.isDirectory()) yield* walk(root, path);
    else if (entry.isFile() && isCve5FileName(entry.name)) yield path;
  }
}

/** Reads one record file of at most `maxRecordBytes`; issue locations start with `location`. */
export async function readCve5File(path: string, options?: ReadOptions, location = path): Promise<IntelReadItem[]> {
  const limits = resolveLimits(options);
  try {
    const { size } = await stat(path);
    if (size > limits.maxRecordBytes) {
      return [{ issue: errorIssue('cve5.file.too_large', `File is ${size} bytes, over the ${limits.maxRecordBytes} limit; skipped.`, location) }];
    }
    const text = await readFile(path, 'utf8');
    const fileName = path.slice(path.replace(/\\/g, '/').lastIndexOf('/') + 1);
    return cve5ItemsFromText(text, location, fileName);
  } catch (e) {
    return [{ issue: errorIssue('cve5.read', `Could not read the file: ${(e as Error).message}`, location) }];
  }
}

/**
 * Reads a cvelistV5 checkout (or its `cves/` folder): every `CVE-*.json` below `dir`, in
 * sorted path order, one file in memory at a time. Issue locations are paths relative to `dir`.
 */
export async function* readCve5Folder(dir: string, options?: ReadOptions): AsyncGenerator<IntelReadItem> {
  for await (const found of walk(dir, '')) {
    if (typeof found === 'string') yield* await readCve5File(join(dir, found), options, found);
    else yield found;
  }
}
