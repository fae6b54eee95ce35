export { DEFAULT_EPSS_BATCH_SIZE, MAX_KEPT_EPSS_ISSUES, readEpssCsv, type EpssReadOptions, type EpssReadSummary } from './read.js';
export { EPSS_COLUMNS, parseEpssComment } from './rows.js';
export type { ByteSource } from './streams.js';
