import type { Dirent } from 'node:fs';
import { opendir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseOsvFile } from './file-record.js';
import { errorIssue, itemsOf, type OsvReadItem } from './items.js';
import { resolveOsvLimits, type OsvReadLimits, type OsvReadOptions } from './limits.js';
import { reasonOf } from './streams.js';

/**
 * Reads every `*.json` file under a folder, one record per file: an OSV export folder, or a
 * clone of the GitHub advisory database (`advisories/github-reviewed/YYYY/MM/GHSA-…/GHSA-….json`
 * and `advisories/unreviewed/…`). The walk is depth-first and deterministic: the entries of
 * each folder in code-unit order of their names. Hidden entries (`.git`, `.github`) and
 * symbolic links are skipped, the latter so a link cycle cannot loop. Locations are paths
 * relative to `dir`, with `/` separators.
 */
export async function* readOsvFolder(dir: string, options?: OsvReadOptions): AsyncGenerator<OsvReadItem> {
  const limits = resolveOsvLimits(options);
  yield* walk(dir, '', limits);
}

async function* walk(root: string, relative: string, limits: OsvReadLimits): AsyncGenerator<OsvReadItem> {
  let children: Dirent[];
  try {
    children = await sortedChildren(join(root, relative));
  } catch (e) {
    yield { issue: errorIssue('osv.read.failed', `Folder could not be listed: ${reasonOf(e)}`, relative || '.') };
    return;
  }
  for (const child of children) {
    if (child.name.startsWith('.') || child.isSymbolicLink()) continue;
    const path = relative === '' ? child.name : `${relative}/${child.name}`;
    if (child.isDirectory()) yield* walk(root, path, limits);
    else if (child.isFile() && child.name.toLowerCase().endsWith('.json')) yield* fileItems(root, path, limits);
  }
}

async function sortedChildren(dir: string): Promise<Dirent[]> {
  const children: Dirent[] = [];
  // opendir streams the listing; only names are kept, never file contents.
  for await (const child of await opendir(dir)) children.push(child);
  return children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function* fileItems(root: string, path: string, limits: OsvReadLimits): AsyncGenerator<OsvReadItem> {
  const full = join(root, path);
  try {
    const { size } = await stat(full);
    if (size > limits.maxRecordBytes) {
      const message = `File of ${size} bytes exceeds the ${limits.maxRecordBytes}-byte record limit; skipped.`;
      yield { issue: errorIssue('osv.record.too-large', message, path) };
      return;
    }
    yield* itemsOf(parseOsvFile(await readFile(full, 'utf8'), path));
  } catch (e) {
    yield { issue: errorIssue('osv.read.failed', `File could not be read: ${reasonOf(e)}`, path) };
  }
}
