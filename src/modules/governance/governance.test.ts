import { describe, expect, it } from 'vitest';
import { gapsOf, scoreMaturity, type ScoredControl } from './assessment.js';
import { aggregate, buildSubmission, checkSubmission, dayBucket, distributionOf, participantPseudonym, percentileIn, quantile, roundHalf, shareBucket, submissionDigest } from './benchmark.js';
import { appliesByDefault, catalogProblems, controlHash, diffCatalogs, type CatalogFile } from './catalog.js';
import { median } from './metrics.js';
import { reminderNotifications } from './reminder-tick.js';

const c = (code: string, area: string, level: number | null, extra: Partial<ScoredControl> = {}): ScoredControl => ({ code, area, applicable: true, level, notApplicable: false, needsReassessment: false, ...extra });

describe('maturity scores', () => {
  it('averages assessed applicable controls per area and the areas overall, leaving out N/A, re-assessment and not assessed', () => {
    const s = scoreMaturity(['GOV', 'DES', 'TRN'], [
      c('G1', 'GOV', 1), c('G2', 'GOV', 2), c('G3', 'GOV', 4),
      c('G4', 'GOV', null, { notApplicable: true }), c('G5', 'GOV', 5, { needsReassessment: true }), c('G6', 'GOV', null), c('G7', 'GOV', 5, { applicable: false }),
      c('D1', 'DES', 3), c('D2', 'DES', 0),
    ]);
    // GOV (1+2+4)/3 = 2.333… → 2.33; DES 1.5; overall (2.333…+1.5)/2 = 1.9166… → 1.92 (rounded once).
    expect(s.areas[0]).toEqual({ area: 'GOV', score: 2.33, applicable: 6, scored: 3, notApplicable: 1, needsReassessment: 1, notAssessed: 1 });
    expect(s.areas[1]!.score).toBe(1.5);
    expect(s.areas[2]).toMatchObject({ area: 'TRN', score: null, applicable: 0 });
    expect(s.overall).toBe(1.92);
    expect(s.coverage).toEqual({ applicable: 8, scored: 5 });
  });

  it('names gaps below the target, unassessed and re-assessment included, N/A and not applicable not', () => {
    const gaps = gapsOf([c('A', 'GOV', 2), c('B', 'GOV', 3), c('C', 'GOV', null), c('D', 'GOV', null, { notApplicable: true }), c('E', 'GOV', 4, { needsReassessment: true }), c('F', 'GOV', 0, { applicable: false })]);
    expect(gaps.map((g) => g.code)).toEqual(['A', 'C', 'E']);
  });
});

describe('catalog', () => {
  it('applies MDM controls to manufacturers, HDO ones to providers, shared and both to all', () => {
    expect([appliesByDefault('MDM', 'manufacturer'), appliesByDefault('HDO', 'manufacturer'), appliesByDefault('shared', 'manufacturer')]).toEqual([true, false, true]);
    expect([appliesByDefault('MDM', 'healthcare_provider'), appliesByDefault('HDO', 'healthcare_provider'), appliesByDefault('shared', 'healthcare_provider')]).toEqual([false, true, true]);
    expect([appliesByDefault('MDM', 'both'), appliesByDefault('HDO', 'both')]).toEqual([true, true]);
  });

  it('hashes content but not the source citation', () => {
    const base = { area: 'GOV', title: 't', description: '', owner: 'MDM' as const, evidence: 'e' };
    // sha256("GOV\nt\n\nMDM\ne"), computed with `printf 'GOV\nt\n\nMDM\ne' | sha256sum`.
    expect(controlHash(base)).toBe('36d46cddb9cbad12220114ae40ae7c6e48785df26ce1ceb7107578d19d84e20b');
    expect(controlHash({ ...base, evidence: 'e2' })).not.toBe(controlHash(base));
  });

  it('diffs versions by code and hash', () => {
    const d = diffCatalogs(new Map([['A', '1'], ['B', '2'], ['C', '3']]), new Map([['A', '1'], ['B', '9'], ['D', '4']]));
    expect(d).toEqual({ unchanged: ['A'], changed: ['B'], added: ['D'], removed: ['C'] });
  });

  it('finds duplicate codes and unknown areas', () => {
    const file = {
      format: 'vigil-jsp-catalog/1', version: 'x', title: 't', source: 's', areas: [{ code: 'GOV', name: 'g' }, { code: 'GOV', name: 'h' }],
      controls: [{ code: 'JSP-GOV-01', area: 'GOV', title: 't', description: '', owner: 'MDM', evidence: 'e', source: 's' }, { code: 'JSP-GOV-01', area: 'XYZ', title: 't', description: '', owner: 'MDM', evidence: 'e', source: 's' }],
    } as CatalogFile;
    expect(catalogProblems(file)).toEqual([
      { pointer: '/areas/1/code', message: 'area GOV is listed twice' },
      { pointer: '/controls/1/code', message: 'control JSP-GOV-01 is listed twice' },
      { pointer: '/controls/1/area', message: 'area XYZ is not in areas' },
    ]);
  });
});

describe('benchmark', () => {
  const input = {
    secret: 's3cret', now: new Date('2026-03-15T10:00:00Z'), orgKind: 'manufacturer' as const, catalogVersion: '2026.1', overall: 1.92,
    areas: [{ area: 'GOV', score: 2.33 }, { area: 'DES', score: 1.74 }, { area: 'TRN', score: null }],
    metrics: { releasesWithSbom: 0.5, findingsTriagedInClock: 0.249, cvdAckMedianDays: 3.5, releasesWithEos: 1, trainingCompletion: null },
  };

  it('rounds levels to halves and buckets metrics', () => {
    expect([roundHalf(2.33), roundHalf(1.74), roundHalf(1.75), roundHalf(0.24), roundHalf(5.2)]).toEqual([2.5, 1.5, 2, 0, 5]);
    expect([shareBucket(0), shareBucket(0.249), shareBucket(0.25), shareBucket(0.5), shareBucket(0.75), shareBucket(1)]).toEqual(['0-25', '0-25', '25-50', '50-75', '75-100', '75-100']);
    expect([dayBucket(0.5), dayBucket(1), dayBucket(2), dayBucket(7), dayBucket(8), dayBucket(31)]).toEqual(['0-1', '0-1', '1-3', '3-7', '7-14', '30+']);
  });

  it('builds an anonymized, digested submission that checks, and refuses an altered one', () => {
    const doc = buildSubmission(input, '2b4a8f4e-8f3e-4c1b-9d7a-0e5f6a7b8c9d');
    expect(doc).toMatchObject({
      period: '2026', generatedIn: '2026-03', overall: 2, areas: [{ area: 'GOV', level: 2.5 }, { area: 'DES', level: 1.5 }],
      metrics: { releasesWithSbom: '50-75', findingsTriagedInClock: '0-25', cvdAckMedianDays: '3-7', releasesWithEos: '75-100', trainingCompletion: null },
      participant: participantPseudonym('s3cret', '2026'),
    });
    expect(participantPseudonym('s3cret', '2026')).not.toBe(participantPseudonym('s3cret', '2027'));
    expect(checkSubmission(JSON.parse(JSON.stringify(doc)))).toEqual({ ok: true, doc });
    const tampered = { ...doc, overall: 4 };
    expect(checkSubmission(tampered)).toEqual({ ok: false, problems: [{ pointer: '/digest', message: 'does not match the content: the submission was altered after export' }] });
    const named = { ...doc, organization: 'Acme' };
    const bad = checkSubmission({ ...named, digest: submissionDigest(named as never) });
    expect(bad.ok).toBe(false);
    const third = checkSubmission({ ...doc, areas: [{ area: 'GOV', level: 2.3 }] });
    expect(third.ok ? [] : third.problems.map((p) => p.pointer)).toEqual(['/areas/0/level']);
  });

  it('computes quantiles, the histogram and mid-rank percentiles by hand', () => {
    // 1, 1.5, 2, 2, 3: p25 at h=1 → 1.5; median 2; p75 at h=3 → 2; mean 9.5/5 = 1.9.
    const d = distributionOf([2, 1, 3, 1.5, 2]);
    expect(d).toMatchObject({ n: 5, mean: 1.9, p25: 1.5, median: 2, p75: 2 });
    expect(d.histogram).toEqual([0, 0, 1, 1, 2, 0, 1, 0, 0, 0, 0]);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    // Own 2 → below 2 (1, 1.5), equal 2 → (2 + 1)/5 = 60; own 3 → (4 + 0.5)/5 = 90; own 0 → 0.
    expect([percentileIn(d.histogram, 2), percentileIn(d.histogram, 3), percentileIn(d.histogram, 0), percentileIn(d.histogram, 2.1)]).toEqual([60, 90, 0, 60]);
  });

  it('publishes only figures with at least k organizations and nothing for a cohort below k', () => {
    const docs = [1, 2, 3, 4, 5].map((i) => buildSubmission({ ...input, secret: `s${i}`, overall: i - 1, areas: [{ area: 'GOV', score: i - 1 }, ...(i <= 4 ? [{ area: 'DES', score: 1 }] : [])] }));
    expect(aggregate(docs.slice(0, 4), '2026', null)).toBeNull();
    const agg = aggregate(docs, '2026', null)!;
    expect(agg.participants).toBe(5);
    expect(agg.overall).toMatchObject({ published: true, n: 5, median: 2, mean: 2 });
    expect(agg.areas).toEqual([{ area: 'DES', figure: { published: false, n: 4 } }, { area: 'GOV', figure: expect.objectContaining({ published: true, n: 5 }) }]);
    expect(agg.metrics.find((m) => m.metric === 'releasesWithSbom')!.figure).toEqual({ published: true, n: 5, buckets: { '0-25': 0, '25-50': 0, '50-75': 5, '75-100': 0 } });
    expect(agg.metrics.find((m) => m.metric === 'trainingCompletion')!.figure).toEqual({ published: false, n: 0 });
    expect(aggregate(docs, '2026', 'healthcare_provider')).toBeNull();
    expect(aggregate(docs, '2025', null)).toBeNull();
  });
});

describe('median', () => {
  it('takes the middle value or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});


describe('governance reminder notifications', () => {
  it('names the record and its date in the dedupe key, so a new date reminds again', () => {
    const [training, policy] = reminderNotifications(
      [{ id: 't1', course: 'Secure coding', person: 'Dana Dev', completedOn: '2030-03-31', expiresOn: '2031-03-31' }],
      [{ id: 'p1', kind: 'procedure', title: 'SBOM procedure', version: '1.2', owner: null, nextReviewOn: '2031-03-15' }],
    );
    expect(training).toMatchObject({ event: 'training_expiring', dedupeKey: 'training_expiring:t1:2031-03-31', title: 'Training expires 2031-03-31: Secure coding — Dana Dev', finding: null });
    expect(policy).toMatchObject({ event: 'policy_review', dedupeKey: 'policy_review:p1:2031-03-15', title: 'Review due 2031-03-15: SBOM procedure v1.2' });
    // No owner: the sentence leaves the owner out rather than printing "null".
    expect(policy!.text).toBe('The procedure "SBOM procedure" version 1.2 is due for review on 2031-03-15. Record the new version and next review date in Vigil under Governance & training.');
    const renewed = reminderNotifications([{ id: 't1', course: 'Secure coding', person: 'Dana Dev', completedOn: '2031-03-20', expiresOn: '2032-03-20' }], []);
    expect(renewed[0]!.dedupeKey).not.toBe(training!.dedupeKey);
  });
});
