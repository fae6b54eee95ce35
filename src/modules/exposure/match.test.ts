import { describe, expect, it } from 'vitest';
import { indexCatalog, matchAsset, type CatalogRelease } from './match.js';
import { modelKey, nameKey, versionKey } from './normalize.js';
import { bandOf, computeExposurePriority, epssPoints } from './priority.js';

describe('comparison keys', () => {
  it('lets a CMMS export’s manufacturer meet the vendor name', () => {
    expect(nameKey('ACME Medical Devices, Inc.')).toBe('acme');
    expect(nameKey('Acme Medical')).toBe('acme');
    expect(nameKey('Siemens Healthineers AG')).toBe('siemens healthineers');
    expect(nameKey('Dräger Medical GmbH')).toBe('drager');
    expect(nameKey('B. Braun Melsungen AG')).toBe('b braun melsungen');
    expect(nameKey('Johnson & Johnson')).toBe('johnson and johnson');
    // Only noise words: kept rather than emptied.
    expect(nameKey('Medical Systems Inc')).toBe('medical systems inc');
  });
  it('ignores spacing and punctuation in model numbers', () => {
    expect(modelKey('CW 200')).toBe(modelKey('cw-200'));
    expect(modelKey('IS-3000/W')).toBe('is3000w');
  });
  it('normalises versions: prefixes, builds and trailing zero parts', () => {
    expect(['v5.0.2', '5.0.2 (build 77)', '5.0.2.0', 'Version 5.0.2', '5.0.2 build 1234'].map(versionKey)).toEqual(['5.0.2', '5.0.2', '5.0.2', '5.0.2', '5.0.2']);
    expect(versionKey('5.0')).toBe('5');
    expect(versionKey('10.0')).toBe('10');
    expect(versionKey('2.4.0-rc1')).toBe('2.4.0.rc1');
    expect(versionKey('5.02')).not.toBe(versionKey('5.2'));
  });
});

const release = (id: string, over: Partial<CatalogRelease> = {}): CatalogRelease => ({ releaseId: id, vendorKey: 'acme', productKey: modelKey('InfuSafe 3000'), modelKeys: [modelKey('IS-3000')], versionKey: '3.1.4', serials: [], ...over });

describe('automatic matching', () => {
  const index = indexCatalog([release('r314'), release('r281', { versionKey: '2.8.1', serials: ['SN-9'] })]);
  const asset = { manufacturer: 'Acme Medical Devices', model: 'IS 3000', serial: 'SN-1', softwareVersion: 'v3.1.4', firmwareVersion: null };
  it('matches on manufacturer, model number and version', () => {
    expect(matchAsset(asset, index)).toEqual({ releaseId: 'r314', confidence: 0.95, reason: 'manufacturer, model number and version v3.1.4 match' });
  });
  it('prefers a serial number the vendor listed, whatever the version says', () => {
    expect(matchAsset({ ...asset, serial: 'SN-9' }, index)).toMatchObject({ releaseId: 'r281', confidence: 1 });
  });
  it('matches on the product name with less confidence, and on the firmware version when the software one is unknown', () => {
    expect(matchAsset({ ...asset, model: 'InfuSafe 3000', softwareVersion: null, firmwareVersion: '2.8.1' }, index)).toMatchObject({ releaseId: 'r281', confidence: 0.85 });
  });
  it('does not guess: no version, an unknown version, another vendor, or two candidates', () => {
    expect(matchAsset({ ...asset, softwareVersion: null }, index)).toBeNull();
    expect(matchAsset({ ...asset, softwareVersion: '9.9' }, index)).toBeNull();
    expect(matchAsset({ ...asset, manufacturer: 'Other Corp' }, index)).toBeNull();
    const twice = indexCatalog([release('a'), release('b', { productKey: 'otherline' })]);
    expect(matchAsset(asset, twice)).toBeNull();
  });
});

describe('exposure priority', () => {
  const base = { status: 'known_affected' as const, cvss: 9.8, kev: true, vendorExploited: false, epss: 0.97565, criticality: 'critical', patientConnected: true, harm: 'catastrophic', controls: [] };
  it('adds the factors and clamps at 1000', () => {
    // 294 + 250 + 146 + 150 + 100 + 150 = 1090 → 1000.
    expect(computeExposurePriority(base)).toMatchObject({ base: 1000, controlPoints: 0, priority: 1000 });
  });
  it('rounds EPSS the way PostgreSQL does (4 decimals through 15 significant digits, half up)', () => {
    expect([0.5, 0.97565, 0.97125, 0.00043, 1].map(epssPoints)).toEqual([75, 146, 146, 0, 150]);
  });
  it('lowers by controls at most 60 % of the base', () => {
    const r = computeExposurePriority({ ...base, cvss: 4.0, kev: false, epss: null, criticality: 'low', patientConnected: false, harm: null, controls: [{ id: 'c1', kind: 'service_disabled', description: 'Telnet off' }] });
    // 120 base; service disabled wants 250, gets floor(120 × 0.6) = 72.
    expect(r).toMatchObject({ base: 120, controlPoints: 72, priority: 48 });
    expect(r.factors.at(-1)).toMatchObject({ factor: 'control', effect: 'raised', points: 178 });
  });
  it('is 0 for what the vendor says does not apply, and counts an investigation 100 lower', () => {
    for (const status of ['known_not_affected', 'fixed', 'patched'] as const) expect(computeExposurePriority({ ...base, status }).priority).toBe(0);
    expect(computeExposurePriority({ ...base, status: 'under_investigation', cvss: 5, kev: false, epss: null, criticality: null, patientConnected: false, harm: null }).priority).toBe(150 + 50 - 100);
  });
  it('bands priorities for the patch policy', () => {
    expect([1000, 700, 699, 400, 399, 200, 199, 0].map(bandOf)).toEqual(['critical', 'critical', 'high', 'high', 'medium', 'medium', 'low', 'low']);
  });
});
