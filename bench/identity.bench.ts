/**
 * Package identity throughput: purl parse+canonicalize and CPE 2.3 parse, each beside a
 * floor of `String.prototype.split` on the same strings (the cheapest way to cut them up).
 */
import type { BenchSection } from './harness.js';
import { opsPerSecond } from './harness.js';
import { canonicalizePurl } from '../src/core/purl/index.js';
import { parseCpe23 } from '../src/core/cpe/index.js';

const PURLS = [
  'pkg:npm/%40angular/animation@12.3.1',
  'pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources&repository_url=repo.spring.io%2Frelease',
  'pkg:pypi/Django_package@1.11.1.dev1',
  'pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie',
  'pkg:golang/google.golang.org/genproto@abcdedf#googleapis/api/annotations',
  'pkg:generic/openssl@1.1.10g?checksum=sha256:de4d501267da&download_url=https://openssl.org/source/openssl-1.1.0g.tar.gz',
  'pkg:nuget/EnterpriseLibrary.Common@6.0.1304',
  'pkg:rpm/fedora/centerim@4.22.10-1.el6?arch=i686&epoch=1&distro=fedora-25',
];
const CPES = [
  'cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*',
  'cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*',
  'cpe:2.3:o:microsoft:windows_10:-:*:*:*:*:*:*:*',
  'cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*',
  'cpe:2.3:a:foo\\\\bar:big\\$money_2010:*:*:*:*:special:ipod_touch:80gb:*',
  'cpe:2.3:h:siemens:simatic_s7-1500:*:*:*:*:*:*:*:*',
];

export default async function identityBench(): Promise<BenchSection> {
  let sink = 0;
  const purl = opsPerSecond(() => {
    for (const p of PURLS) {
      const r = canonicalizePurl(p);
      if (r.ok) sink += r.value.length;
    }
  }, PURLS.length);
  const purlFloor = opsPerSecond(() => {
    for (const p of PURLS) sink += p.split('/').length;
  }, PURLS.length);
  const cpe = opsPerSecond(() => {
    for (const c of CPES) if (parseCpe23(c).ok) sink++;
  }, CPES.length);
  const cpeFloor = opsPerSecond(() => {
    for (const c of CPES) sink += c.split(':').length;
  }, CPES.length);
  if (sink === 0) throw new Error('benchmark produced no work');
  return {
    title: 'Package identity (purl, CPE)',
    rows: [
      { name: 'purl parse + canonicalize', value: purl, unit: 'ops/s', floor: purlFloor },
      { name: 'CPE 2.3 formatted string parse', value: cpe, unit: 'ops/s', floor: cpeFloor },
    ],
    notes: `Inputs: ${PURLS.length} purls and ${CPES.length} CPE names from the purl-spec and NISTIR 7695 examples. Floor: String.prototype.split on the same strings ('/' for purls, ':' for CPEs).`,
  };
}
