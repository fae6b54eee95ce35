import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/modules/demo/demo.js';
import { loadDemoPremarket } from '../../src/modules/demo/premarket.js';
import { gatherPackage } from '../../src/modules/premarket/gather.js';
import { getThreatModel, listEvidence, releaseMatrix } from '../../src/modules/premarket/service.js';
import type { ThreatModel } from '../../src/modules/premarket/threat-model.js';
import { verifyChain } from '../../src/platform/audit/audit.js';
import { systemContext } from '../../src/platform/auth/context.js';
import { startTestVigil, type TestVigil } from '../support/vigil.js';

/**
 * The demo premarket records on CardioWatch 4.6.0: two built-in sets, a threat model linked to
 * the demo risk items, a SARIF and a JUnit file, and a matrix with verified, failed and
 * not-verified rows (expected statuses worked out by hand from the inline files); loaded once.
 */
let t: TestVigil;
beforeAll(async () => {
  t = await startTestVigil();
});
afterAll(() => t.close());

describe('demo premarket', () => {
  it('loads sets, a linked threat model and evidence so the matrix has every status, once', async () => {
    await loadDemo(t.db, null);
    const acme = await t.db.selectFrom('organizations').select('id').where('slug', '=', 'acme-medical').executeTakeFirstOrThrow();
    const ctx = systemContext(acme.id);
    const release = await t.db
      .selectFrom('releases as r')
      .innerJoin('products as p', 'p.id', 'r.product_id')
      .select(['r.id', 'p.id as productId'])
      .where('p.name', '=', 'CardioWatch bedside monitor')
      .where('r.version', '=', '4.6.0')
      .executeTakeFirstOrThrow();

    const requirements = await t.db.selectFrom('premarket_requirements').select(['ref', 'source']).where('product_id', '=', release.productId).execute();
    const bySource = (s: string) => requirements.filter((r) => r.source === s).length;
    expect([bySource('jsp-design'), bySource('fda-premarket'), bySource('threat-model')]).toEqual([19, 8, 3]);

    const model = await getThreatModel(t.db, ctx, release.productId, null);
    const doc = model!.document as ThreatModel;
    const risks = await t.db.selectFrom('risk_items').select(['id', 'title']).where('product_id', '=', release.productId).execute();
    const titleOf = (id: string) => risks.find((r) => r.id === id)?.title ?? id;
    expect(doc.threats.find((x) => x.id === 'T-01')!.riskItemIds!.map(titleOf)).toEqual(['Log4Shell: remote code execution on the CardioWatch 4.6.0 gateway']);
    expect(doc.threats.find((x) => x.id === 'T-02')!.riskItemIds!.map(titleOf)).toEqual(['Heartbleed: memory disclosure from the CardioWatch 4.6.0 gateway']);
    expect(doc.mitigations.map((m) => m.requirement)).toEqual(['SEC-REQ-003', 'SEC-REQ-001', 'SEC-REQ-004']);

    const files = await listEvidence(t.db, ctx, release.id);
    expect(files.map((f) => [f.kind, f.tool])).toEqual([['sarif', 'Semgrep OSS 1.85.0'], ['junit', 'com.acme.cw.security']]);

    const { matrix } = await releaseMatrix(t.db, ctx, release.id);
    const status = (ref: string) => matrix.rows.find((r) => r.requirement.ref === ref)?.status;
    // SARIF: the lookup rule has an error result (fails SEC-REQ-003); TLS and credentials rules are clean.
    // JUnit: TLS and update tests pass, the session timeout test fails FDA-SC-AUTHENTICATION.
    expect(['SEC-REQ-001', 'SEC-REQ-004', 'FDA-SC-LOGGING', 'JSP-DES-07', 'JSP-DES-09'].map(status)).toEqual(['verified', 'verified', 'verified', 'verified', 'verified']);
    expect(['SEC-REQ-003', 'FDA-SC-AUTHENTICATION'].map(status)).toEqual(['failed', 'failed']);
    expect(['JSP-DES-01', 'FDA-SC-CRYPTOGRAPHY'].map(status)).toEqual(['not_verified', 'not_verified']);
    expect(matrix.rows.find((r) => r.requirement.ref === 'SEC-REQ-001')!.mitigations.map((m) => m.id)).toEqual(['M-02']);

    const { pkg } = await gatherPackage(t.db, ctx, release.id, undefined);
    const check = (id: string) => pkg.checklist.find((c) => c.id === id)?.status;
    expect(check('sbom')).toBe('present');
    expect(check('threat-model')).not.toBe('gap');

    expect(await loadDemoPremarket(t.db, acme.id)).toBe(false);
    expect(await t.db.selectFrom('premarket_evidence').select('id').execute()).toHaveLength(2);
    expect((await verifyChain(t.db, acme.id)).ok).toBe(true);
  });
});
