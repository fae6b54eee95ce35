import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsafVex } from './csaf-read.js';
import { validateCsaf } from './csaf-validate.js';
import { toCsafVex } from './csaf-write.js';
import { parseCycloneDxVex } from './cyclonedx-read.js';
import { toCycloneDxVex } from './cyclonedx-write.js';
import { ANALYSIS_STATES, JUSTIFICATIONS, RESPONSES, type AnalysisState, type Response, type Vex, type VexParseResult, type VexStatement, type VexWriteResult } from './model.js';
import { parseOpenVex } from './openvex-read.js';
import { validateOpenVexSchema } from './openvex-schema.js';
import { toOpenVex } from './openvex-write.js';
import { statement } from './test-support.js';
import { fromCisaJustification, toCisaJustification } from './vocabulary.js';

/**
 * Property: for random analyses (every state, justification and response), each writer's
 * document is valid for its format and reads back with no error, and every analysis field of
 * every statement either comes back as the mapping tables of docs/formats/vex.md say, or is
 * listed in `lost` at its own pointer — never changed silently. The expectations below are
 * written from those tables, not from the writers.
 */

type Format = 'cyclonedx' | 'openvex' | 'csaf';

const words = fc.array(fc.constantFrom('the', 'pump', 'gateway', 'logs', 'never', 'parses', 'input', 'from', 'HL7', 'BLE', 'firmware', 'is', 'not', 'built', 'with', 'it'), { minLength: 2, maxLength: 8 });
const text = words.map((w) => `${w.join(' ')}.`.replace(/^./, (c) => c.toUpperCase()));
const seconds = fc.integer({ min: Date.parse('2020-01-01T00:00:00Z') / 1000, max: Date.parse('2030-01-01T00:00:00Z') / 1000 }).map((s) => new Date(s * 1000).toISOString().replace('.000Z', 'Z'));

const analysis = fc
  .record({
    state: fc.constantFrom(...ANALYSIS_STATES),
    justification: fc.option(fc.constantFrom(...JUSTIFICATIONS), { nil: undefined }),
    responses: fc.uniqueArray(fc.constantFrom(...RESPONSES), { maxLength: 3 }),
    detail: fc.option(text, { nil: undefined }),
    firstIssued: seconds,
  })
  .map((a) => {
    const notAffected = a.state === 'not_affected' || a.state === 'false_positive';
    const exploitable = a.state === 'exploitable';
    return {
      ...a,
      // A justification only explains "not affected"; not_affected needs it or an impact text (CISA).
      justification: notAffected ? a.justification : undefined,
      detail: a.state === 'not_affected' && a.justification === undefined && a.detail === undefined ? 'Not affected in this device.' : a.detail,
      // Responses are what is done about an affected product; affected needs an action (CISA).
      responses: exploitable ? (a.responses.length > 0 ? a.responses : (['update'] as Response[])) : [],
    };
  });

const model = fc.array(analysis, { minLength: 1, maxLength: 5 }).map(
  (as): Vex => ({
    document: { id: 'urn:uuid:0b7c2f34-54c1-4d6e-9a0e-6f1d3c2b9a01', author: 'Acme Medical PSIRT', authorRole: 'vendor', timestamp: '2020-01-01T00:00:00Z', version: 1, title: 'Acme Infusion Gateway 3.1.0', notes: [], revisions: [] },
    statements: as.map((a, i) =>
      statement({
        vulnerability: { id: `CVE-2024-${String(1000 + i)}`, aliases: [] },
        products: [{ name: 'Acme Infusion Gateway', version: '3.1.0', purl: 'pkg:generic/acme/infusion-gateway@3.1.0', subcomponents: [{ purl: `pkg:npm/lib${i}@1.0.${i}`, name: `lib${i}`, version: `1.0.${i}` }] }],
        state: a.state,
        ...(a.justification ? { justification: a.justification } : {}),
        responses: a.responses,
        ...(a.detail ? { detail: a.detail } : {}),
        firstIssued: a.firstIssued,
      }),
    ),
  }),
);

/** docs/formats/vex.md: OpenVEX and CSAF have four statuses. */
const coarseState = (s: AnalysisState): AnalysisState => (s === 'resolved_with_pedigree' ? 'resolved' : s === 'false_positive' ? 'not_affected' : s);
/** docs/formats/vex.md: CSAF remediation categories; update and rollback are both vendor_fix. */
const csafResponse = (r: Response): Response => (r === 'rollback' ? 'update' : r);

async function roundTrip(format: Format, vex: Vex): Promise<{ written: VexWriteResult; back: VexParseResult }> {
  const written = format === 'cyclonedx' ? toCycloneDxVex(vex) : format === 'openvex' ? toOpenVex(vex) : toCsafVex(vex, { publisherNamespace: 'https://acme-medical.example' });
  expect(written.issues).toEqual([]);
  expect(written.document).toBeDefined();
  if (format === 'openvex') expect(validateOpenVexSchema(written.document)).toEqual([]);
  if (format === 'csaf') expect((await validateCsaf(written.document)).filter((i) => i.severity === 'error')).toEqual([]);
  const json = JSON.stringify(written.document);
  const back = format === 'cyclonedx' ? parseCycloneDxVex(json) : format === 'openvex' ? parseOpenVex(json) : await parseCsafVex(json);
  expect(back.issues.filter((i) => i.severity === 'error')).toEqual([]);
  return { written, back };
}

function checkStatement(format: Format, s: VexStatement, i: number, back: VexStatement, lostAt: (i: number, field: string) => boolean): void {
  const where = `${format} statement ${i} (${s.state})`;
  const state = format === 'cyclonedx' ? s.state : coarseState(s.state);
  expect(back.state, where).toBe(state);
  expect(lostAt(i, 'state'), where).toBe(state !== s.state);

  if (s.justification !== undefined) {
    if (format === 'cyclonedx') {
      expect(back.justification, where).toBe(s.justification);
    } else {
      const label = toCisaJustification(s.justification);
      expect(back.cisaJustification, where).toBe(label);
      expect(back.justification, where).toBe(fromCisaJustification(label));
      expect(lostAt(i, 'justification'), where).toBe(fromCisaJustification(label) !== s.justification);
    }
  }

  // One text: every format has a place for it.
  if (s.detail !== undefined) {
    expect([back.detail, back.impactStatement, back.statusNotes], where).toContain(s.detail);
    expect(lostAt(i, 'detail'), where).toBe(false);
  }

  if (format === 'cyclonedx') expect(back.responses, where).toEqual(s.responses);
  if (format === 'openvex') expect(lostAt(i, 'responses'), where).toBe(s.responses.length > 0);
  if (format === 'csaf') {
    expect([...back.responses].sort(), where).toEqual([...new Set(s.responses.map(csafResponse))].sort());
    expect(lostAt(i, 'responses'), where).toBe(s.responses.some((r) => csafResponse(r) !== r));
  }

  const sameTime = back.firstIssued !== undefined && Date.parse(back.firstIssued) === Date.parse(s.firstIssued!);
  expect(sameTime || lostAt(i, 'firstIssued'), where).toBe(true);
}

async function property(format: Format, vex: Vex): Promise<void> {
  const { written, back } = await roundTrip(format, vex);
  const lostAt = (i: number, field: string) => written.lost.some((l) => l.location === `/statements/${i}/${field}`);
  vex.statements.forEach((s, i) => {
    const found = back.statements.filter((b) => b.vulnerability.id === s.vulnerability.id);
    expect(found, `${format} statement ${i}`).toHaveLength(1);
    checkStatement(format, s, i, found[0]!, lostAt);
  });
}

describe('write → read keeps every analysis field or lists it as lost', () => {
  it('CycloneDX 1.6', async () => {
    await fc.assert(fc.asyncProperty(model, (vex) => property('cyclonedx', vex)), { numRuns: 150 });
  });

  it('OpenVEX 0.2.0', async () => {
    await fc.assert(fc.asyncProperty(model, (vex) => property('openvex', vex)), { numRuns: 150 });
  });

  // csaf-validator-lib runs twice per case (on the written document and in the reader).
  it('CSAF 2.0 VEX (validated by csaf-validator-lib)', async () => {
    await fc.assert(fc.asyncProperty(model, (vex) => property('csaf', vex)), { numRuns: 100 });
  }, 120_000);

  it('rollback, which CSAF can only write as vendor_fix, is reported lost (regression)', async () => {
    const vex: Vex = {
      document: { id: 'urn:uuid:0b7c2f34-54c1-4d6e-9a0e-6f1d3c2b9a02', author: 'Acme', authorRole: 'vendor', timestamp: '2024-01-01T00:00:00Z', version: 1, title: 'Rollback', notes: [], revisions: [] },
      statements: [statement({ vulnerability: { id: 'CVE-2024-2000', aliases: [] }, products: [{ purl: 'pkg:generic/acme/pump@2.0', subcomponents: [] }], state: 'exploitable', responses: ['rollback'], firstIssued: '2024-01-01T00:00:00Z' })],
    };
    const { written, back } = await roundTrip('csaf', vex);
    expect(back.statements[0]!.responses).toEqual(['update']);
    expect(written.lost.filter((l) => l.location === '/statements/0/responses').map((l) => l.reason)).toEqual(['response rollback is written as the CSAF remediation vendor_fix, which reads back as update']);
  }, 60_000);
});
