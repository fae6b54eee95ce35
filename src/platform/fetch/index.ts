export { removeFetchedBody } from './body.js';
export { FetchError, type FetchErrorCode } from './errors.js';
export { fetchIfChanged, MAX_REDIRECTS, type FetchIfChangedOptions, type FetchIfChangedResult } from './fetch.js';
export { describeUrl, maskUrlSecrets } from './url.js';
