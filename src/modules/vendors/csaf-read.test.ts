import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CsafReadError, harmOf, readCsafForCatalog } from './csaf-read.js';
import { parseChangesCsv, parseIndexTxt, parseProviderMetadata, parseRolieFeed } from './provider.js';

/** The reader on the VEX test document of src/formats/vex (CSAF 2.0 VEX profile) and on hand-made edge cases. */
const GATEWAY = JSON.parse(readFileSync(new URL('../../formats/vex/testdata/gateway.csaf.json', import.meta.url), 'utf8'));

describe('reading CSAF for the catalog', () => {
  it('reads the VEX test document: releases with helpers and one statement per release × CVE', () => {
    const r = readCsafForCatalog(GATEWAY);
    expect(r.category).toBe('csaf_vex');
    expect(r.releases.length).toBeGreaterThan(0);
    for (const s of r.statements) {
      expect(r.releases[s.release]).toBeDefined();
      expect(['known_affected', 'known_not_affected', 'fixed', 'under_investigation']).toContain(s.status);
      if (s.status === 'known_not_affected') expect(s.remediation).toBeNull();
    }
    // No release × CVE pair twice.
    const pairs = r.statements.map((s) => `${s.release} ${s.vulnId}`);
    expect(new Set(pairs).size).toBe(pairs.length);
  });

  it('takes the strongest status when a release is named through several relationships', () => {
    const doc = {
      document: { csaf_version: '2.0', category: 'csaf_base', title: 'T', publisher: { name: 'V', category: 'vendor', namespace: 'https://v.example' }, tracking: { id: 'V-1', version: '2', current_release_date: '2026-03-01T10:00:00+01:00' } },
      product_tree: {
        branches: [{ category: 'vendor', name: 'V', branches: [{ category: 'product_name', name: 'Pump', branches: [
          { category: 'product_version', name: '1.0', product: { name: 'Pump 1.0', product_id: 'P10', product_identification_helper: { model_numbers: ['PX-1'], serial_numbers: ['S1', 'S2'], cpe: 'cpe:2.3:h:v:pump:1.0:*:*:*:*:*:*:*' } } },
          { category: 'product_version_range', name: 'vers:generic/<1.0', product: { name: 'Pump < 1.0', product_id: 'POLD' } },
        ] }] }],
        full_product_names: [{ name: 'openssl', product_id: 'SSL' }, { name: 'zlib', product_id: 'Z' }],
        relationships: [
          { category: 'default_component_of', product_reference: 'SSL', relates_to_product_reference: 'P10', full_product_name: { name: 'a', product_id: 'P10:SSL' } },
          { category: 'default_component_of', product_reference: 'Z', relates_to_product_reference: 'P10', full_product_name: { name: 'b', product_id: 'P10:Z' } },
        ],
      },
      vulnerabilities: [{ cve: 'CVE-2024-0001', product_status: { known_not_affected: ['P10:Z'], first_affected: ['P10:SSL'] }, threats: [{ category: 'exploit_status', details: 'Exploited in the wild.' }], remediations: [{ category: 'mitigation', details: 'Block port 443.', product_ids: ['P10:SSL'] }, { category: 'vendor_fix', details: 'Update to 1.1.', url: 'https://v.example/1.1', product_ids: ['P10:SSL'] }] }],
    };
    const r = readCsafForCatalog(doc);
    expect(r.currentReleaseDate).toBe('2026-03-01T09:00:00.000Z');
    expect(r.releases).toEqual([{ vendor: 'V', product: 'Pump', version: '1.0', productIds: ['P10', 'P10:SSL', 'P10:Z'], modelNumbers: ['PX-1'], serialNumbers: ['S1', 'S2'], purls: [], cpes: ['cpe:2.3:h:v:pump:1.0:*:*:*:*:*:*:*'] }]);
    expect(r.skippedProducts).toBe(1);
    expect(r.statements).toEqual([expect.objectContaining({ release: 0, vulnId: 'CVE-2024-0001', status: 'known_affected', remediationCategory: 'vendor_fix', remediation: 'Update to 1.1.', remediationUrl: 'https://v.example/1.1', exploited: true })]);
  });

  it('names what is missing with a JSON pointer', () => {
    expect(() => readCsafForCatalog({})).toThrow(CsafReadError);
    expect(() => readCsafForCatalog({ document: { csaf_version: '2.1' } })).toThrow(/not CSAF 2\.0/u);
    try {
      readCsafForCatalog({ document: { csaf_version: '2.0', tracking: { id: 'X' } } });
    } catch (error) {
      expect((error as CsafReadError).pointer).toBe('/document/tracking/current_release_date');
    }
  });

  it('reads the vendor harm rating only in the words of the risk matrix', () => {
    expect(harmOf('Severity of harm to the patient if exploited: critical. Residual risk: uncontrolled.')).toBe('critical');
    expect(harmOf('Severity of harm: bad')).toBeNull();
    expect(harmOf(null)).toBeNull();
  });
});

describe('trusted-provider listings', () => {
  const dir = 'https://v.example/.well-known/csaf/white/';
  it('reads changes.csv and index.txt relative to the directory', () => {
    expect(parseChangesCsv('"2026/a.json","2026-01-02T00:00:00Z"\n\n"2026/b.json","2026-01-01T00:00:00Z"\nnot,a,line\n', dir).map((d) => [d.url, d.updated])).toEqual([
      [`${dir}2026/a.json`, '2026-01-02T00:00:00Z'],
      [`${dir}2026/b.json`, '2026-01-01T00:00:00Z'],
    ]);
    expect(parseIndexTxt('2026/a.json\n2026/b.json\n', dir)[1]).toEqual({ url: `${dir}2026/b.json`, updated: null, hashUrls: [`${dir}2026/b.json.sha512`, `${dir}2026/b.json.sha256`], signatureUrl: `${dir}2026/b.json.asc` });
  });
  it('reads ROLIE entries with their hash and signature links, SHA-512 first', () => {
    const feed = { feed: { entry: [{ id: 'A', updated: '2026-01-01T00:00:00Z', link: [{ rel: 'self', href: `${dir}2026/a.json` }, { rel: 'hash', href: `${dir}2026/a.json.sha256` }, { rel: 'hash', href: `${dir}2026/a.json.sha512` }, { rel: 'signature', href: `${dir}2026/a.json.asc` }] }] } };
    expect(parseRolieFeed(Buffer.from(JSON.stringify(feed)), `${dir}feed.json`)).toEqual([{ url: `${dir}2026/a.json`, updated: '2026-01-01T00:00:00Z', hashUrls: [`${dir}2026/a.json.sha512`, `${dir}2026/a.json.sha256`], signatureUrl: `${dir}2026/a.json.asc` }]);
  });
  it('refuses metadata that is not CSAF 2.0 provider metadata', () => {
    expect(() => parseProviderMetadata(Buffer.from('{"metadata_version":"1.0"}'), 'https://v.example/p.json')).toThrow(/provider-metadata/u);
    const meta = parseProviderMetadata(Buffer.from(JSON.stringify({ metadata_version: '2.0', publisher: { name: 'V' }, distributions: [{ directory_url: 'https://v.example/white' }], public_openpgp_keys: [{ fingerprint: 'ab', url: 'k.asc' }] })), 'https://v.example/.well-known/csaf/provider-metadata.json');
    expect(meta).toMatchObject({ publisherName: 'V', directoryUrls: ['https://v.example/white/'], keyRefs: [{ fingerprint: 'AB', url: 'https://v.example/.well-known/csaf/k.asc' }] });
  });
});
