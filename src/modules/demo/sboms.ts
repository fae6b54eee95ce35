import type { SbomComponent, SbomDocument } from '../../formats/sbom/model.js';

/**
 * Demo SBOMs, written out by Vigil's own CycloneDX writer at load time. Component names,
 * versions, purls and licences are real; support dates are the projects' published ones
 * where they exist (OpenSSL 3.0 LTS ends 2026-09-07, OpenSSL 1.1.1 ended 2023-09-11, Spring
 * Framework 5.3 OSS support ended 2024-08-31). Some components deliberately lack supplier or
 * support data, so the quality report has gaps to show.
 */
type Spec = [name: string, version: string, purl: string, license: string, supplier?: string, support?: [level: string, endOfSupport: string]];

/**
 * NVD's vendor:product for the firmware components that have no package-manager purl, so
 * they are matched by CPE as firmware SBOMs usually are (names as in NVD's CPE dictionary).
 */
const NVD_PRODUCTS: Record<string, string> = {
  openssl: 'openssl:openssl',
  zlib: 'zlib:zlib',
  busybox: 'busybox:busybox',
  sqlite: 'sqlite:sqlite',
  lwip: 'lwip_project:lwip',
  mbedtls: 'arm:mbed_tls',
  'FreeRTOS-Kernel': 'amazon:freertos',
};

function component([name, version, purl, license, supplier, support]: Spec): SbomComponent {
  const nvdProduct = purl.startsWith('pkg:maven/') ? undefined : NVD_PRODUCTS[name];
  return {
    ref: purl,
    type: 'library',
    name,
    version,
    purl,
    ...(nvdProduct ? { cpe: `cpe:2.3:a:${nvdProduct}:${version}:*:*:*:*:*:*:*` } : {}),
    license,
    ...(supplier ? { supplier } : {}),
    authors: [],
    hashes: [],
    externalReferences: [],
    properties: support
      ? [
          { name: 'vigil:support:level', value: support[0] },
          { name: 'vigil:support:end-of-support', value: support[1] },
        ]
      : [],
  };
}

function document(product: string, version: string, type: 'firmware' | 'application', specs: Spec[]): SbomDocument {
  const subject: SbomComponent = { ref: `acme:${product}@${version}`, type, name: product, version, supplier: 'Acme Medical Devices', authors: [], hashes: [], externalReferences: [], properties: [] };
  const components = specs.map(component);
  return {
    format: 'cyclonedx',
    specVersion: '1.6',
    version: 1,
    name: product,
    created: '2026-11-01T09:00:00Z',
    authors: ['Acme Medical Devices Product Security'],
    tools: [{ vendor: 'Acme', name: 'acme-build-sbom', version: '2.3.0' }],
    supplier: 'Acme Medical Devices',
    subjectRef: subject.ref,
    components: [subject, ...components],
    services: [],
    dependencies: [{ ref: subject.ref, dependsOn: components.map((c) => c.ref) }],
    properties: [],
  };
}

/** Demo SBOM per (product name, release version). */
export const DEMO_SBOMS: Record<string, SbomDocument> = {
  'InfuSafe 3000 infusion pump@3.1.4': document('infusafe-firmware', '3.1.4', 'firmware', [
    ['openssl', '3.0.13', 'pkg:generic/openssl@3.0.13', 'Apache-2.0', 'OpenSSL Software Foundation', ['security-fixes', '2026-09-07']],
    ['zlib', '1.3.1', 'pkg:generic/zlib@1.3.1', 'Zlib', 'zlib project', ['community', '2030-12-31']],
    ['busybox', '1.36.1', 'pkg:generic/busybox@1.36.1', 'GPL-2.0-only', 'BusyBox project'],
    ['FreeRTOS-Kernel', '10.6.2', 'pkg:github/freertos/freertos-kernel@V10.6.2', 'MIT', 'Amazon Web Services', ['long-term-support', '2026-12-31']],
    ['mbedtls', '3.5.2', 'pkg:github/mbed-tls/mbedtls@v3.5.2', 'Apache-2.0 OR GPL-2.0-or-later', 'Trusted Firmware'],
    ['sqlite', '3.45.1', 'pkg:generic/sqlite@3.45.1', 'blessing'],
    ['lwip', '2.2.0', 'pkg:generic/lwip@2.2.0', 'BSD-3-Clause'],
  ]),
  'InfuSafe 3000 infusion pump@2.8.1': document('infusafe-firmware', '2.8.1', 'firmware', [
    ['openssl', '1.1.1w', 'pkg:generic/openssl@1.1.1w', 'OpenSSL', 'OpenSSL Software Foundation', ['unsupported', '2023-09-11']],
    ['zlib', '1.2.13', 'pkg:generic/zlib@1.2.13', 'Zlib', 'zlib project'],
    ['busybox', '1.35.0', 'pkg:generic/busybox@1.35.0', 'GPL-2.0-only', 'BusyBox project'],
    ['FreeRTOS-Kernel', '10.4.6', 'pkg:github/freertos/freertos-kernel@V10.4.6', 'MIT', 'Amazon Web Services'],
    ['sqlite', '3.40.1', 'pkg:generic/sqlite@3.40.1', 'blessing'],
  ]),
  'CardioWatch bedside monitor@5.0.2': document('cardiowatch-gateway', '5.0.2', 'application', [
    ['log4j-core', '2.17.1', 'pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1', 'Apache-2.0', 'The Apache Software Foundation', ['community', '2030-12-31']],
    ['log4j-api', '2.17.1', 'pkg:maven/org.apache.logging.log4j/log4j-api@2.17.1', 'Apache-2.0', 'The Apache Software Foundation', ['community', '2030-12-31']],
    ['jackson-databind', '2.15.3', 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.15.3', 'Apache-2.0', 'FasterXML'],
    ['spring-core', '5.3.31', 'pkg:maven/org.springframework/spring-core@5.3.31', 'Apache-2.0', 'VMware', ['unsupported', '2024-08-31']],
    ['netty-handler', '4.1.100.Final', 'pkg:maven/io.netty/netty-handler@4.1.100.Final', 'Apache-2.0', 'The Netty Project'],
  ]),
  'CardioWatch bedside monitor@4.6.0': document('cardiowatch-gateway', '4.6.0', 'application', [
    ['log4j-core', '2.14.1', 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', 'Apache-2.0', 'The Apache Software Foundation'],
    ['jackson-databind', '2.9.10.8', 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10.8', 'Apache-2.0', 'FasterXML'],
    ['spring-core', '5.2.9.RELEASE', 'pkg:maven/org.springframework/spring-core@5.2.9.RELEASE', 'Apache-2.0', 'VMware', ['unsupported', '2021-12-31']],
    // The 2015 gateway still carries the OpenSSL of its day (1.0.1f, 6 January 2014): Heartbleed.
    ['openssl', '1.0.1f', 'pkg:generic/openssl@1.0.1f', 'OpenSSL', 'OpenSSL Software Foundation', ['unsupported', '2016-12-31']],
  ]),
};
