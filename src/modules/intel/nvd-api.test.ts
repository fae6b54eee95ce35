import { describe, expect, it } from 'vitest';
import { isNvdCveApi, nvdPageUrl, nvdWindows } from './nvd-api.js';

describe('NVD CVE API paging', () => {
  it('recognises the CVE API 2.0 endpoint, and nothing else', () => {
    expect(isNvdCveApi('https://services.nvd.nist.gov/rest/json/cves/2.0')).toBe(true);
    expect(isNvdCveApi('https://services.nvd.nist.gov/rest/json/cves/2.0/?hasKev')).toBe(true);
    expect(isNvdCveApi('https://services.nvd.nist.gov/rest/json/cvehistory/2.0')).toBe(false);
    expect(isNvdCveApi('https://mirror.example.org/nvdcve-2.0-2024.json.gz')).toBe(false);
  });

  it('covers a long absence with windows of at most 120 days, ending now', () => {
    const since = new Date('2026-01-01T00:00:00Z');
    const now = new Date('2026-09-15T12:00:00Z'); // 257.5 days later: 120 + 120 + 17.5
    const windows = nvdWindows(since, now);
    expect(windows.map((w) => [w!.start.toISOString(), w!.end.toISOString()])).toEqual([
      ['2026-01-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z'],
      ['2026-05-01T00:00:00.000Z', '2026-08-29T00:00:00.000Z'],
      ['2026-08-29T00:00:00.000Z', '2026-09-15T12:00:00.000Z'],
    ]);
    expect(nvdWindows(null, now)).toEqual([null]);
  });

  it('keeps the user’s filters, takes the apiKey out and sets paging and window parameters', () => {
    const url = nvdPageUrl('https://services.nvd.nist.gov/rest/json/cves/2.0?cpeName=cpe:2.3:a:openssl:openssl:*&apiKey=k', { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2026-12-01T00:00:00Z') }, 4000);
    expect(url.searchParams.get('cpeName')).toBe('cpe:2.3:a:openssl:openssl:*');
    expect(url.searchParams.has('apiKey')).toBe(false);
    expect(url.searchParams.get('startIndex')).toBe('4000');
    expect(url.searchParams.get('resultsPerPage')).toBe('2000');
    expect(url.searchParams.get('lastModStartDate')).toBe('2026-11-01T00:00:00.000+00:00');
    expect(url.searchParams.get('lastModEndDate')).toBe('2026-12-01T00:00:00.000+00:00');
  });
});
