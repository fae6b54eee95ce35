import { SYSTEM_ACTOR, systemContext } from '../../platform/auth/context.js';
import type { Db } from '../../platform/db/database.js';
import { createOrganization } from '../orgs/service.js';
import { buildSubmission } from '../governance/benchmark.js';
import { exportSubmission, importSubmissions, setOperator } from '../governance/benchmark-service.js';
import { addPolicy, addRaci, addTraining } from '../governance/people.js';
import { addEvidence, addOwnControl, assessControl, createAction, setApplicability } from '../governance/service.js';

/**
 * Demo governance: a few assessed controls with evidence, a RACI, training records and
 * policies for the manufacturer and the hospital; and a demo benchmark operator organization
 * ("JSP Benchmark Consortium", owned by the first user) that imported the manufacturer's own
 * submission plus six peers' (levels around MDIC's 2022–2023 averages of 1.4–1.9), so the
 * aggregate and the percentiles show. Loaded once: an organization with assessments is left alone.
 */
const OPERATOR = { slug: 'jsp-benchmark', name: 'JSP Benchmark Consortium', kind: 'both' as const };

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const ACME_ASSESSMENTS: [string, number, string][] = [
  ['JSP-GOV-01', 3, 'VP Product Security reports to the COO; charter approved 2024.'],
  ['JSP-GOV-02', 2, 'Policy approved; leadership briefing happened once, not yet yearly.'],
  ['JSP-GOV-03', 2, 'SPDF procedure in the QMS; per-product plans for two of three products.'],
  ['JSP-DES-02', 2, 'STRIDE threat models for the pump and the monitor; not yet kept current on each release.'],
  ['JSP-DES-09', 3, 'CycloneDX SBOM per release, generated in CI and stored in Vigil.'],
  ['JSP-RSK-01', 3, 'NVD, OSV, GHSA and KEV feeds matched to every SBOM in Vigil.'],
  ['JSP-RSK-02', 2, 'Exploitability and harm assessed per finding; fielded versions not always covered.'],
  ['JSP-VUL-01', 3, 'Published CVD policy with web form and security.txt.'],
  ['JSP-VUL-02', 2, 'Acknowledgements within days; status updates to finders are irregular.'],
  ['JSP-EOL-01', 2, 'EOL/EOS dates for current releases; older ones incomplete.'],
  ['JSP-TRN-01', 1, 'Developers trained ad hoc; no role-based programme yet.'],
];

const MERCY_ASSESSMENTS: [string, number, string][] = [
  ['JSP-GOV-07', 2, 'Medical device security policy owned by clinical engineering; IT security role defined.'],
  ['JSP-RSK-07', 3, 'Asset inventory with lifecycle stage and network location for all infusion pumps and monitors.'],
  ['JSP-RSK-09', 2, 'Biomed VLANs; flow monitoring not yet device-aware.'],
  ['JSP-VUL-08', 2, 'Vendor advisories matched to the inventory by hand.'],
  ['JSP-TRN-02', 1, 'Clinical engineering staff attended one vendor webinar.'],
];

export async function loadDemoGovernance(db: Db, manufacturerId: string, hospitalId: string | null, ownerUserId: string | null): Promise<void> {
  const done = await db.selectFrom('maturity_assessments').select('id').where('org_id', '=', manufacturerId).executeTakeFirst();
  if (done) return;
  const acme = systemContext(manufacturerId);
  for (const [code, level, rationale] of ACME_ASSESSMENTS) await assessControl(db, acme, { code, level, rationale });
  await assessControl(db, acme, { code: 'JSP-GOV-06', level: null, rationale: 'Acme has not committed publicly to the JSP yet; planned for the 2027 roadmap.' });
  await addEvidence(db, acme, { kind: 'url', code: 'JSP-VUL-01', label: 'Published CVD policy', url: 'https://acme.example/security/disclosure' });
  await addEvidence(db, acme, { kind: 'document', code: 'JSP-GOV-01', label: 'Product security charter', fileName: 'charter.txt', mediaType: 'text/plain', contentBase64: Buffer.from('Acme Medical Devices — Product Security Charter\nAccountable executive: VP Product Security (reports to the COO).\n').toString('base64') });
  const releases = await db.selectFrom('releases').select('id').where('org_id', '=', manufacturerId).orderBy('created_at').limit(1).execute();
  if (releases[0]) await addEvidence(db, acme, { kind: 'record', code: 'JSP-DES-09', label: 'SBOM of a supported release', recordType: 'release', recordId: releases[0].id });
  await addRaci(db, acme, { area: 'VUL', raci: 'A', personName: 'Dana Okafor', roleTitle: 'VP Product Security' });
  await addRaci(db, acme, { area: 'VUL', raci: 'R', personName: 'PSIRT on-call', roleTitle: 'PSIRT' });
  await addRaci(db, acme, { area: 'DES', raci: 'A', personName: 'Lee Park', roleTitle: 'Director of Engineering' });
  await addRaci(db, acme, { area: 'GOV', raci: 'A', personName: 'Dana Okafor', roleTitle: 'VP Product Security' });
  await addTraining(db, acme, { course: 'Secure coding for embedded C', personName: 'Lee Park', completedOn: day(-200), expiresOn: day(165) });
  await addTraining(db, acme, { course: 'Secure coding for embedded C', personName: 'Ravi Shah', completedOn: day(-380), expiresOn: day(-15) });
  await addTraining(db, acme, { course: 'PSIRT incident handling', personName: 'Priya Analyst', completedOn: day(-30), expiresOn: day(20) });
  await addPolicy(db, acme, { kind: 'policy', title: 'Product security policy', ownerName: 'Dana Okafor', version: '3.0', approvedOn: day(-340), nextReviewOn: day(25) });
  await addPolicy(db, acme, { kind: 'procedure', title: 'Coordinated vulnerability disclosure procedure', ownerName: 'PSIRT lead', version: '1.2', approvedOn: day(-60), nextReviewOn: day(305) });
  await createAction(db, acme, { code: 'JSP-TRN-01', title: 'Role-based product security training for developers, testers and service', ownerName: 'Lee Park', dueOn: day(90), targetLevel: 3 });
  // An overdue one too, owned by the demo user when they are a member, so the highlight shows.
  const member = ownerUserId ? await db.selectFrom('memberships').select('user_id').where('org_id', '=', manufacturerId).where('user_id', '=', ownerUserId).executeTakeFirst() : undefined;
  await createAction(db, acme, { code: 'JSP-GOV-02', title: 'Brief the executive leadership on product security every year', ...(member ? { ownerId: member.user_id } : { ownerName: 'Dana Okafor' }), dueOn: day(-10), targetLevel: 3 });

  if (hospitalId) {
    const mercy = systemContext(hospitalId);
    for (const [code, level, rationale] of MERCY_ASSESSMENTS) await assessControl(db, mercy, { code, level, rationale });
    await addRaci(db, mercy, { area: 'RSK', raci: 'A', personName: 'Morgan Lee', roleTitle: 'Director of Clinical Engineering' });
    await addRaci(db, mercy, { area: 'RSK', raci: 'R', personName: 'Jordan Biomed', roleTitle: 'Biomedical engineer' });
    await addTraining(db, mercy, { course: 'Medical device security and legacy risk', personName: 'Jordan Biomed', completedOn: day(-90), expiresOn: day(275) });
    await addPolicy(db, mercy, { kind: 'policy', title: 'Medical device security policy', ownerName: 'Morgan Lee', version: '1.0', approvedOn: day(-400), nextReviewOn: day(-35) });
    // Mercy builds its own integration engine, so the MDM practice of an SBOM applies to it; and it adds a practice of its own.
    await setApplicability(db, mercy, { code: 'JSP-DES-09', applicable: true, justification: 'Mercy develops and ships its own HL7 integration engine.' });
    await addOwnControl(db, mercy, { code: 'MERCY-SEC-01', area: 'RSK', title: 'Quarterly biomed network walk-through', description: 'Clinical engineering and IT walk the biomed VLANs each quarter and reconcile what they find with the inventory.', owner: 'HDO', evidence: 'Walk-through checklist and reconciliation report' });
  }

  const existing = await db.selectFrom('organizations').select('id').where('slug', '=', OPERATOR.slug).executeTakeFirst();
  const operatorId = existing?.id ?? (await db.transaction().execute((tx) => createOrganization(tx, SYSTEM_ACTOR, OPERATOR, ownerUserId))).id;
  await setOperator(db, operatorId, true);
  const now = new Date();
  const peers = [
    [1.5, 1.0, 2.0], [2.0, 1.5, 1.5], [1.0, 1.0, 1.0], [2.5, 2.0, 3.0], [1.5, 2.0, 1.5], [3.0, 2.5, 2.5],
  ].map(([gov, des, vul], i) =>
    buildSubmission({
      secret: `demo-peer-${i}`, now, orgKind: 'manufacturer', catalogVersion: '2026.1', overall: (gov! + des! + vul!) / 3,
      areas: [{ area: 'GOV', score: gov! }, { area: 'DES', score: des! }, { area: 'VUL', score: vul! }, { area: 'RSK', score: (gov! + vul!) / 2 }, { area: 'EOL', score: des! }, { area: 'TRN', score: Math.max(0, des! - 0.5) }],
      metrics: { releasesWithSbom: [0.2, 0.6, 0.1, 0.9, 0.5, 1][i]!, findingsTriagedInClock: [0.4, 0.7, 0.3, 0.8, 0.6, 0.9][i]!, cvdAckMedianDays: [5, 2, 12, 1, 3, 1][i]!, releasesWithEos: [0.3, 0.5, 0.1, 0.8, 0.4, 0.9][i]!, trainingCompletion: null },
    }),
  );
  const own = await exportSubmission(db, acme, now);
  await importSubmissions(db, systemContext(operatorId), [own, ...peers]);
}
