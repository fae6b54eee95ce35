import { describe, expect, it } from 'vitest';
import { componentIdentity, diffComponents, type DiffComponent } from './diff.js';

const c = (name: string, version: string | null, extra: Partial<DiffComponent> = {}): DiffComponent => ({ name, group: null, type: 'library', version, purl: null, license: null, ...extra });

describe('release diff', () => {
  it('finds added, removed, version-changed and licence-changed components', () => {
    const v3 = [
      c('log4j-core', '2.14.1', { group: 'org.apache.logging.log4j', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', license: 'Apache-2.0' }),
      c('openssl', '1.1.1w', { purl: 'pkg:generic/openssl@1.1.1w', license: 'OpenSSL' }),
      c('busybox', '1.35.0', { license: 'GPL-2.0-only' }),
      c('zlib', '1.3.1', { license: 'Zlib' }),
    ];
    const v4 = [
      c('log4j-core', '2.17.1', { group: 'org.apache.logging.log4j', purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1', license: 'Apache-2.0' }),
      c('openssl', '3.0.13', { purl: 'pkg:generic/openssl@3.0.13?download_url=https://www.openssl.org', license: 'Apache-2.0' }),
      c('zlib', '1.3.1', { license: 'Zlib' }),
      c('FreeRTOS-Kernel', '10.6.2', { license: 'MIT' }),
    ];
    const d = diffComponents(v3, v4);
    expect(d.added.map((x) => x.name)).toEqual(['FreeRTOS-Kernel']);
    expect(d.removed.map((x) => x.name)).toEqual(['busybox']);
    expect(d.versionChanged.map((x) => `${x.to.name} ${x.from.version}→${x.to.version}`)).toEqual(['log4j-core 2.14.1→2.17.1', 'openssl 1.1.1w→3.0.13']);
    // OpenSSL moved from the OpenSSL licence to Apache-2.0 with 3.0.
    expect(d.licenseChanged.map((x) => `${x.to.name} ${x.from.license}→${x.to.license}`)).toEqual(['openssl OpenSSL→Apache-2.0']);
    expect(d.unchanged).toBe(1);
  });

  it('ignores version, qualifiers and name case where identity is concerned', () => {
    expect(componentIdentity(c('x', '1', { purl: 'pkg:npm/%40angular/core@16.0.0?a=1' }))).toBe(componentIdentity(c('y', '2', { purl: 'pkg:npm/%40angular/core@17.3.0' })));
    expect(componentIdentity(c('OpenSSL', '1'))).toBe(componentIdentity(c('openssl', '2')));
  });

  it('compares duplicate copies as a multiset', () => {
    const d = diffComponents([c('lodash', '4.17.20'), c('lodash', '4.17.21')], [c('lodash', '4.17.21'), c('lodash', '4.17.21')]);
    expect(d.versionChanged.map((x) => `${x.from.version}→${x.to.version}`)).toEqual(['4.17.20→4.17.21']);
    expect([d.added.length, d.removed.length, d.unchanged]).toEqual([0, 0, 1]);
  });
});
