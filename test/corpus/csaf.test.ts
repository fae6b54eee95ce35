import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAdvisory, writeAdvisory } from '../../src/formats/csaf/model.js';
import { validateAdvisoryDocument } from '../../src/formats/csaf/validate.js';

/**
 * A real advisory (Red Hat RHSA-2020:1358, CSAF 2.0) through the editor model: read, written
 * back, and the written document is the original — every modeled field and every key kept
 * aside survives; the written document validates as the original does.
 */

const dir = process.env['VIGIL_CORPUS_DIR'] ?? '/work/shared/data';
const original = JSON.parse(readFileSync(join(dir, 'csaf', 'redhat__rhsa-2020_1358.json'), 'utf8')) as Record<string, unknown>;

/** Key order is not content: compare canonical forms. */
const canonical = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(canonical) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canonical(x)])) : v;

describe('Red Hat CSAF advisory in the editor model', () => {
  const model = readAdvisory(original);

  it('reads the modeled fields as the document states them', () => {
    expect(model.tracking.id).toBe('RHSA-2020:1358');
    expect(model.profile).toBe('csaf_vex');
    expect(model.publisher.name).toBe('Red Hat Product Security');
    expect(model.tlp?.label).toBe('WHITE');
    const tree = JSON.stringify((original as { product_tree: unknown }).product_tree);
    expect(model.products.length).toBe((tree.match(/"product_id"/g) ?? []).length - model.relationships.length);
    const vulns = (original as { vulnerabilities: { cve: string }[] }).vulnerabilities;
    expect(model.vulnerabilities.map((v) => v.cve)).toEqual(vulns.map((v) => v.cve));
    expect(model.vulnerabilities[0]!.scores[0]!.cvssV3?.['vectorString']).toMatch(/^CVSS:3\.[01]\//);
    // Everything of this document is modeled: nothing had to be kept aside.
    expect(model.extra).toEqual({});
    expect(model.vulnerabilities.map((v) => v.extra)).toEqual([{}, {}]);
  });

  it('writes back the same document (no loss of modeled fields or kept keys)', () => {
    const written = writeAdvisory(model);
    expect(canonical(written)).toEqual(canonical(original));
    expect(readAdvisory(written)).toEqual(model);
  });

  it('validates written as the original does', async () => {
    const a = await validateAdvisoryDocument(original);
    const b = await validateAdvisoryDocument(writeAdvisory(model));
    expect(b.errors).toEqual(a.errors);
  }, 60_000);
});
