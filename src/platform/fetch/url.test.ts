import { describe, expect, it } from 'vitest';
import { maskUrlSecrets } from './url.js';

describe('maskUrlSecrets', () => {
  it('masks a user-info password and credential-like query values, keeping the rest', () => {
    expect(maskUrlSecrets('https://reader:s3cret@feeds.example.org/osv/all.zip')).toBe('https://reader:***@feeds.example.org/osv/all.zip');
    expect(maskUrlSecrets('https://services.nvd.nist.gov/rest/json/cves/2.0?apiKey=abc123&resultsPerPage=2000')).toBe(
      'https://services.nvd.nist.gov/rest/json/cves/2.0?apiKey=***&resultsPerPage=2000',
    );
    expect(maskUrlSecrets('https://bucket.example.org/epss.csv.gz?X-Amz-Signature=deadbeef&X-Amz-Date=20261202')).toBe('https://bucket.example.org/epss.csv.gz?X-Amz-Signature=***&X-Amz-Date=20261202');
  });

  it('leaves a plain URL as it is and never echoes an unparsable one', () => {
    expect(maskUrlSecrets('https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json')).toBe('https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json');
    expect(maskUrlSecrets('not a url with password')).toBe('(invalid URL)');
  });
});
