/**
 * Bounds every reader enforces so that a hostile or corrupt input costs bounded memory and
 * time. The defaults fit the real feeds with a wide margin: the largest CVE JSON 5 records
 * and NVD API elements are a few MB (CVE-2021-44228 is 36 KB in CVE 5, 133 KB in NVD).
 */
export interface ReadLimits {
  /** Largest single record: a CVE 5 file or zip entry, or one NVD `vulnerabilities[]` element (UTF-16 units for NVD). */
  readonly maxRecordBytes: number;
  /** Largest ratio of uncompressed to compressed size accepted for a zip entry above {@link RATIO_CHECK_FLOOR} bytes. */
  readonly maxCompressionRatio: number;
  /** Most bytes read from one source after decompression (all zip entries, or a whole gzip stream). */
  readonly maxTotalBytes: number;
  /** Largest nested zip (cvelistV5 release zips wrap `cves.zip`) spooled to a temporary file. */
  readonly maxNestedZipBytes: number;
}

/** Default limits: 32 MiB per record, ratio 200, 64 GiB per source, 16 GiB per nested zip. */
export const DEFAULT_LIMITS: ReadLimits = {
  maxRecordBytes: 32 * 1024 * 1024,
  maxCompressionRatio: 200,
  maxTotalBytes: 64 * 1024 * 1024 * 1024,
  maxNestedZipBytes: 16 * 1024 * 1024 * 1024,
};

/**
 * Entries smaller than this are not ratio-checked: tiny files legitimately compress far
 * (a few hundred spaces of indentation) and cannot be a bomb on their own.
 */
export const RATIO_CHECK_FLOOR = 1024 * 1024;

/** Options every reader accepts: any subset of the limits. */
export type ReadOptions = Partial<ReadLimits>;

/** The limits in force for these options. */
export function resolveLimits(options: ReadOptions | undefined): ReadLimits {
  return { ...DEFAULT_LIMITS, ...options };
}
