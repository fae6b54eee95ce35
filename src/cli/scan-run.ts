import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { componentLines } from '../modules/intel/scan-locate.js';
import { decodeScanBytes, readScanSbom } from '../modules/intel/scan-input.js';
import { describeViolation, parseFailOn, type FailOnRule } from '../modules/intel/scan-policy.js';
import { SCAN_RESULT_FORMAT, SCAN_RESULT_VERSION, scanDocument, type ScanResult } from '../modules/intel/scan.js';
import { toSarif } from '../modules/intel/scan-sarif.js';
import { renderTable } from '../modules/intel/scan-table.js';
import { toVdr } from '../modules/intel/scan-vdr.js';
import { readSnapshotFile } from '../modules/intel/snapshot-file.js';
import { SnapshotError } from '../modules/intel/snapshot.js';

/**
 * `vigil scan`, loaded only when the verb runs. It needs no database and opens no server:
 * the snapshot mode reads two files, the server mode makes one HTTP request. Exit codes are
 * context.ts's EXIT (0 pass, 1 policy failed, 2 the scan could not be run: bad flags,
 * unreadable or invalid SBOM, bad snapshot, server refused or unreachable) — repeated here,
 * not imported, so a scan does not load the database layer context.ts brings along.
 */
const EXIT_OK = 0;
const EXIT_POLICY_FAILED = 1;
const EXIT_INPUT = 2;

export const SCAN_FORMATS = ['table', 'json', 'sarif', 'cyclonedx-vdr'] as const;
type ScanFormat = (typeof SCAN_FORMATS)[number];

export interface ScanFlags {
  readonly snapshot?: string;
  readonly server?: string;
  readonly token?: string;
  readonly failOn?: string;
  readonly format: string;
  readonly output?: string;
}

export interface ScanIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Why the scan could not run; its message is the whole story told on stderr. */
class ScanInputError extends Error {}

const toolVersion = (): string => (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

interface Plan {
  readonly format: ScanFormat;
  readonly failOn: FailOnRule[];
  readonly source: { readonly kind: 'snapshot'; readonly file: string } | { readonly kind: 'server'; readonly url: URL; readonly token: string };
}

function plan(flags: ScanFlags, env: ScanIo['env']): Plan {
  if (!(SCAN_FORMATS as readonly string[]).includes(flags.format)) throw new ScanInputError(`--format must be one of ${SCAN_FORMATS.join(', ')} (got "${flags.format}").`);
  let failOn: FailOnRule[] = [];
  if (flags.failOn !== undefined) {
    const parsed = parseFailOn(flags.failOn);
    if ('error' in parsed) throw new ScanInputError(parsed.error);
    failOn = parsed.rules;
  }
  if (flags.snapshot !== undefined && flags.server !== undefined) throw new ScanInputError('Give either --snapshot FILE (offline) or --server URL (online), not both.');
  if (flags.snapshot !== undefined) return { format: flags.format as ScanFormat, failOn, source: { kind: 'snapshot', file: flags.snapshot } };
  if (flags.server === undefined) throw new ScanInputError('Say where the intelligence comes from: --snapshot FILE (offline) or --server URL with --token (online).');
  let url: URL;
  try {
    url = new URL(flags.server);
  } catch {
    throw new ScanInputError(`--server must be an http(s) URL (got "${flags.server}").`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ScanInputError(`--server must be an http(s) URL (got "${flags.server}").`);
  const token = flags.token ?? env['VIGIL_TOKEN'];
  if (!token) throw new ScanInputError('--server needs an API token: --token TOKEN or the VIGIL_TOKEN environment variable.');
  return { format: flags.format as ScanFormat, failOn, source: { kind: 'server', url, token } };
}

async function readInput(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScanInputError(`Cannot read the SBOM ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message}.`);
  }
}

const MAX_LISTED_ISSUES = 10;

async function scanOffline(file: string, bytes: Buffer, snapshotFile: string, failOn: FailOnRule[]): Promise<{ result: ScanResult; text: string }> {
  // The snapshot streams through gunzip on the thread pool while the SBOM is parsed here.
  const snapshot = readSnapshotFile(snapshotFile);
  snapshot.catch(() => undefined); // awaited below; an SBOM error must not leave it "unhandled"
  const sbom = readScanSbom(bytes);
  if (!sbom.ok) {
    const listed = sbom.issues.slice(0, MAX_LISTED_ISSUES).map((i) => `\n  ${i.location ?? '/'}: ${i.code}: ${i.message}`).join('');
    throw new ScanInputError(`${file} is not a readable SBOM: ${sbom.message}${listed}`);
  }
  let loaded;
  try {
    loaded = await snapshot;
  } catch (error) {
    if (error instanceof SnapshotError) throw new ScanInputError(`Bad snapshot: ${error.message}`);
    throw error;
  }
  try {
    const result = scanDocument(sbom.document, loaded.index, {
      file,
      encoding: sbom.encoding,
      intelligence: { source: 'snapshot', org: loaded.header.org, asOf: loaded.header.createdAt },
      failOn,
    });
    return { result, text: sbom.text };
  } catch (error) {
    // A record is parsed when first used: one broken past its head surfaces here.
    if (error instanceof SnapshotError) throw new ScanInputError(`Bad snapshot: ${snapshotFile}: ${error.message}`);
    throw error;
  }
}

async function problemDetail(response: Response): Promise<string> {
  const body = await response.text().catch(() => '');
  try {
    const problem = JSON.parse(body) as { detail?: string; title?: string; errors?: { pointer: string; message: string }[] };
    const fields = (problem.errors ?? []).slice(0, MAX_LISTED_ISSUES).map((e) => `\n  ${e.pointer || '/'}: ${e.message}`).join('');
    return `${problem.detail ?? problem.title ?? body.slice(0, 200)}${fields}`;
  } catch {
    return body.slice(0, 200) || response.statusText;
  }
}

function isScanResult(value: unknown): value is ScanResult {
  const v = value as Partial<ScanResult> | null;
  return typeof v === 'object' && v !== null && v.format === SCAN_RESULT_FORMAT && v.version === SCAN_RESULT_VERSION && Array.isArray(v.findings) && typeof v.policy?.passed === 'boolean';
}

/** Long enough for a 64 MiB SBOM on a busy server, short enough that a hung pipeline step ends. */
const SERVER_TIMEOUT_MS = 5 * 60_000;

async function scanOnline(file: string, bytes: Buffer, url: URL, token: string, failOn: FailOnRule[]): Promise<{ result: ScanResult; text: string | undefined }> {
  const base = url.href.endsWith('/') ? url.href : `${url.href}/`;
  const endpoint = new URL('api/v1/scan', base);
  if (failOn.length > 0) endpoint.searchParams.set('failOn', failOn.join(','));
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', accept: 'application/json' },
      body: new Uint8Array(bytes), // a copy with its own ArrayBuffer, as BodyInit is typed
      signal: AbortSignal.timeout(SERVER_TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new ScanInputError(`Cannot reach ${url.origin}: ${cause?.code ?? cause?.message ?? (error as Error).message}.`);
  }
  if (!response.ok) {
    const detail = await problemDetail(response);
    const what =
      response.status === 401 ? 'refused the token'
      : response.status === 403 ? 'does not let this token read intelligence'
      : response.status === 413 || response.status === 415 || response.status === 422 ? `refused ${file}`
      : `answered ${response.status}`;
    throw new ScanInputError(`The server ${what} (${response.status}): ${detail}`);
  }
  let result: unknown;
  try {
    result = await response.json();
  } catch {
    throw new ScanInputError(`The server's answer is not JSON; is ${url.origin} a Vigil server?`);
  }
  if (!isScanResult(result)) throw new ScanInputError(`The server's answer is not a Vigil scan result (format ${SCAN_RESULT_FORMAT} version ${SCAN_RESULT_VERSION}); is ${url.origin} a Vigil server of the same version?`);
  const decoded = decodeScanBytes(bytes);
  return { result: { ...result, sbom: { ...result.sbom, file } }, text: decoded.ok ? decoded.text : undefined };
}

/** The SBOM as a SARIF URI reference: relative to the working directory (a repository checkout) when inside it. */
export function sbomUri(file: string, cwd: string): string {
  const absolute = resolve(cwd, file);
  const rel = relative(cwd, absolute);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return pathToFileURL(absolute).href;
  return encodeURI(rel.split(sep).join('/')).replace(/[?#]/g, (c) => encodeURIComponent(c));
}

function render(format: ScanFormat, result: ScanResult, text: string | undefined, file: string): string {
  switch (format) {
    case 'table':
      return renderTable(result);
    case 'json':
      return `${JSON.stringify(result, null, 2)}\n`;
    case 'sarif': {
      const lines = text === undefined ? undefined : componentLines(text, result.sbom.encoding, result.findings.map((f) => f.component.ref));
      return `${JSON.stringify(toSarif(result, { sbomUri: sbomUri(file, process.cwd()), toolVersion: toolVersion(), ...(lines ? { lines } : {}) }), null, 2)}\n`;
    }
    case 'cyclonedx-vdr':
      return `${JSON.stringify(toVdr(result, { toolVersion: toolVersion() }), null, 2)}\n`;
  }
}

/** Runs one scan and returns the exit code; every expected failure is a message on stderr, never a stack. */
export async function runScan(file: string, flags: ScanFlags, io: ScanIo): Promise<number> {
  try {
    const p = plan(flags, io.env);
    const bytes = await readInput(file);
    const { result, text } =
      p.source.kind === 'snapshot' ? await scanOffline(file, bytes, p.source.file, p.failOn) : await scanOnline(file, bytes, p.source.url, p.source.token, p.failOn);
    const report = render(p.format, result, text, file);
    if (flags.output !== undefined) {
      try {
        await writeFile(flags.output, report);
      } catch (error) {
        throw new ScanInputError(`Cannot write ${flags.output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
      }
    } else io.stdout(report);
    // The table says all of this itself; other formats (or a file) get a short verdict on stderr for the CI log.
    if (!(p.format === 'table' && flags.output === undefined)) {
      const s = result.summary;
      io.stderr(`vigil scan: ${s.findings} finding(s) in ${s.components} components (${Object.entries(s.bySeverity).filter(([, n]) => n > 0).map(([l, n]) => `${n} ${l}`).join(', ') || 'none'}).\n`);
    }
    const tableOnStdout = p.format === 'table' && flags.output === undefined;
    if (!result.policy.passed) {
      if (!tableOnStdout) io.stderr(`vigil scan: policy failed\n${result.policy.violations.map((v) => `  ${describeViolation(v)}\n`).join('')}`);
      return EXIT_POLICY_FAILED;
    }
    return EXIT_OK;
  } catch (error) {
    // Exit 1 must only ever mean "policy failed": anything that stopped the scan is exit 2.
    io.stderr(`vigil: ${error instanceof ScanInputError ? error.message : `the scan stopped unexpectedly: ${(error as Error).message ?? String(error)}`}\n`);
    return EXIT_INPUT;
  }
}
