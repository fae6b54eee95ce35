/**
 * Bounds every OSV reader enforces, so that a hostile or corrupt input costs bounded memory
 * and time. The largest real OSV records are a few hundred KB (Linux kernel advisories with
 * long `versions[]` lists); 16 MiB per record leaves a wide margin.
 */
export interface OsvReadLimits {
  /** Largest single record: a JSON file, zip entry, JSON-lines line or JSON array element. */
  readonly maxRecordBytes: number;
  /** Largest ratio of uncompressed to compressed size accepted for a zip entry above {@link RATIO_CHECK_FLOOR} bytes. */
  readonly maxCompressionRatio: number;
  /** Most bytes read from one source after decompression (all zip entries, or a whole gzip stream). */
  readonly maxTotalBytes: number;
}

/** Default limits: 16 MiB per record, ratio 200, 64 GiB per source. */
export const DEFAULT_OSV_LIMITS: OsvReadLimits = {
  maxRecordBytes: 16 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxTotalBytes: 64 * 1024 * 1024 * 1024,
};

/**
 * Entries smaller than this are not ratio-checked: small JSON files legitimately compress
 * far (runs of indentation) and cannot be a bomb on their own.
 */
export const RATIO_CHECK_FLOOR = 1024 * 1024;

/** Options every OSV reader accepts: any subset of the limits. */
export type OsvReadOptions = Partial<OsvReadLimits>;

/** The limits in force for these options. */
export function resolveOsvLimits(options: OsvReadOptions | undefined): OsvReadLimits {
  return { ...DEFAULT_OSV_LIMITS, ...options };
}
