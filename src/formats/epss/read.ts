import { parse } from 'csv-parse';
import type { EpssHeader, EpssScore, IntelIssue } from '../intel/model.js';
import { type EpssColumns, mapEpssHeader, parseEpssComment, toEpssScore } from './rows.js';
import { type ByteSource, decodedBytes, tapFirstLine, through } from './streams.js';

/** Scores per yielded batch unless the caller says otherwise. */
export const DEFAULT_EPSS_BATCH_SIZE = 5_000;
/** The comment line is looked for in this many first bytes (real ones are about 60). */
const MAX_COMMENT_BYTES = 4_096;
/** Issues kept in the summary; a broken 300k-row file must not fill memory with messages. */
export const MAX_KEPT_EPSS_ISSUES = 1_000;

export interface EpssReadOptions {
  /** Scores per yielded batch (default 5,000). */
  readonly batchSize?: number;
  /** Called once with the comment-line header, before the first batch (`{}` when the file has none). */
  readonly onHeader?: (header: EpssHeader) => void;
  /** Called for every issue as it is found, including those beyond the summary's cap. */
  readonly onIssue?: (issue: IntelIssue) => void;
}

/** What `readEpssCsv` returns when done (the generator's return value). */
export interface EpssReadSummary {
  readonly header: EpssHeader;
  /** Scores yielded. */
  readonly scores: number;
  /** The first MAX_KEPT_EPSS_ISSUES issues. */
  readonly issues: readonly IntelIssue[];
  /** All issues found, kept or not. */
  readonly issueCount: number;
}

interface ParsedRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
}

interface CsvSkip {
  readonly message: string;
  readonly lines?: number;
}

/** Issues in arrival order, kept up to the cap, all of them passed to the caller's callback. */
class IssueLog {
  readonly kept: IntelIssue[] = [];
  count = 0;
  constructor(private readonly onIssue?: (issue: IntelIssue) => void) {}

  add(issue: IntelIssue): void {
    this.count += 1;
    if (this.kept.length < MAX_KEPT_EPSS_ISSUES) this.kept.push(issue);
    this.onIssue?.(issue);
  }
}

function csvParser(log: IssueLog) {
  return parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // The comment line is read apart (tapFirstLine). Left to the parser as a 2-field record it
    // would set the expected record length to 2, and csv-parse then builds (and, relaxed,
    // discards) an error object for every 3-field row: 40 times slower.
    comment: '#',
    comment_no_infix: true,
    // A row with broken quoting is an issue, not the end of the file.
    skip_records_with_error: true,
    on_skip: (error: CsvSkip | undefined) => {
      if (error) log.add({ severity: 'error', code: 'csv-syntax', message: `Row skipped, not readable as CSV: ${error.message}`, location: `line ${error.lines ?? 0}` });
    },
  });
}

/**
 * Streams a FIRST EPSS scores file (`epss_scores-YYYY-MM-DD.csv` or `.csv.gz`, gunzipped when
 * the bytes say gzip) and yields its scores in batches. Layout: an optional comment line
 * `#model_version:…,score_date:…` (→ `EpssHeader`), the header `cve,epss,percentile` (columns
 * matched by name), then one score per row. A row with a malformed CVE id, a score that is not
 * a number from 0 to 1, or the wrong number of fields becomes an issue at `line N` and is
 * skipped. A file without the EPSS header gives one `not-epss` error and no scores.
 *
 * Memory stays bounded by the batch size: the file is read only as fast as batches are
 * consumed. The header arrives through `onHeader` and, with the issues, in the returned
 * summary. Failures to read the bytes (a missing file, corrupt gzip) are thrown.
 */
export async function* readEpssCsv(input: ByteSource, options: EpssReadOptions = {}): AsyncGenerator<EpssScore[], EpssReadSummary, undefined> {
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_EPSS_BATCH_SIZE);
  const log = new IssueLog(options.onIssue);
  let header: EpssHeader | undefined;
  let columns: { readonly map: EpssColumns; readonly width: number } | undefined;
  let batch: EpssScore[] = [];
  let scores = 0;
  const summary = (): EpssReadSummary => ({ header: header ?? {}, scores, issues: log.kept, issueCount: log.count });
  let comment: string | undefined;
  // The header is known once the first record arrives: by then the comment line has gone by.
  const announceHeader = () => {
    header = comment === undefined ? {} : parseEpssComment(comment);
    options.onHeader?.(header);
  };

  const bytes = tapFirstLine(decodedBytes(input), MAX_COMMENT_BYTES, (line) => {
    const text = line.replace(/^\uFEFF/, '');
    if (text.startsWith('#')) comment = text;
  });
  for await (const { record, info } of through<ParsedRecord>(bytes, csvParser(log))) {
    const line = info.lines;
    if (columns === undefined) {
      announceHeader();
      const mapped = mapEpssHeader(record);
      if (typeof mapped === 'string') {
        log.add({ severity: 'error', code: 'not-epss', message: `Not an EPSS scores file: ${mapped}.`, location: `line ${line}` });
        return summary();
      }
      columns = { map: mapped, width: record.length };
      continue;
    }
    const result = toEpssScore(record, columns.map, columns.width, line);
    if ('severity' in result) {
      log.add(result);
      continue;
    }
    batch.push(result);
    scores += 1;
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (columns === undefined) {
    announceHeader();
    log.add({ severity: 'error', code: 'not-epss', message: 'Not an EPSS scores file: no cve,epss,percentile header.', location: 'line 1' });
  }
  if (batch.length > 0) yield batch;
  return summary();
}
