import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can, PERMISSIONS } from '../../src/platform/auth/permissions.js';
import { systemContext } from '../../src/platform/auth/context.js';
import type { Role } from '../../src/platform/db/schema.js';
import { createToken } from '../../src/modules/tokens/service.js';
import { createInvitation } from '../../src/modules/orgs/invitations.js';
import { createProduct, createRelease } from '../../src/modules/portfolio/service.js';
import { importSbom } from '../../src/modules/sbom/service.js';
import { createSource, importRecords, matchImportedSbom } from '../../src/modules/intel/service.js';
import { parseOsvRecord } from '../../src/formats/osv/index.js';
import { createRule } from '../../src/modules/triage/suppression.js';
import { acceptRisk } from '../../src/modules/risk/acceptance.js';
import { createRisk } from '../../src/modules/risk/service.js';
import { RUBRIC_DEFAULT_VERSION } from '../../src/modules/scoring/score.js';
import { pauseClock } from '../../src/modules/clocks/service.js';
import { createPlan } from '../../src/modules/clocks/remediation.js';
import { createChannel } from '../../src/modules/notifications/service.js';
import { createAdvisory, updateDocument } from '../../src/modules/csaf/service.js';
import * as openpgp from 'openpgp';
import { insertCase } from '../../src/modules/cvd/service.js';
import { addContact } from '../../src/modules/cvd/notices.js';
import { SYSTEM_ACTOR } from '../../src/platform/auth/context.js';
import * as governance from '../../src/modules/governance/service.js';
import * as governancePeople from '../../src/modules/governance/people.js';
import { setOperator } from '../../src/modules/governance/benchmark-service.js';
import { buildSubmission } from '../../src/modules/governance/benchmark.js';
import { createAsset } from '../../src/modules/fleet/service.js';
import { saveStatement } from '../../src/modules/mds2/service.js';
import { addFact, createContract } from '../../src/modules/contracts/service.js';
import { savePlan } from '../../src/modules/legacy/service.js';
import * as premarket from '../../src/modules/premarket/service.js';
import { ROLES, startTestVigil, TEST_PASSWORD, type Caller, type TestOrg, type TestVigil } from '../support/vigil.js';

/**
 * Every route × every role (as a signed-in person and, where a token can hold the role,
 * as an API token) × own/other organization. Expected statuses come from the permission
 * table, not from the handlers: a role without the route's permission gets 403; with it,
 * another organization's record is a 404 and its own record succeeds.
 */

interface Spec {
  /** Status when the caller may do it. */
  readonly success: number;
  /** Creates a record the request acts on, in the given organization; returns its id. */
  readonly prepare?: (org: TestOrg) => Promise<string>;
  readonly body?: (org: TestOrg) => unknown;
  /** Query string appended to the path. */
  readonly query?: string;
  /** Query string computed after `prepare` ran. */
  readonly queryFn?: () => string;
  /** Request headers, for raw (non-JSON) bodies. */
  readonly headers?: Record<string, string>;
  /** The body names a record of the target organization: also tried with the other organization's (a 404). */
  readonly bodyNamesRecord?: boolean;
}

let diffQuery = '';
let fleetAsset = '';
const freshAsset = async (org: TestOrg) => (await createAsset(t.db, systemContext(org.id), { manufacturer: 'Matrix', model: 'M', serial: unique() })).id;
let mds2Query = '';
const freshMds2 = async (org: TestOrg) => (await saveStatement(t.db, systemContext(org.id), { manufacturer: 'Matrix', model: `M-${unique()}`, answers: { 'AUTH-1': { answer: 'yes' } } }, 'form')).statement.id;
const freshContract = async (org: TestOrg) => (await createContract(t.db, systemContext(org.id), { vendorName: 'Matrix', title: 'C', effectiveOn: '2025-01-01', obligations: [{ clauseId: 'MC2-08' }] })).id;
const freshFact = async (org: TestOrg) => (await addFact(t.db, systemContext(org.id), await freshContract(org), { kind: 'release', occurredAt: '2025-02-01' })).id;
const freshLegacyPlan = async (org: TestOrg) => (await savePlan(t.db, systemContext(org.id), { manufacturer: 'Matrix', model: `M-${unique()}`, endOfSupportOn: '2030-01-01' })).id;

const unique = () => randomBytes(4).toString('hex');
let t: TestVigil;

const SPECS: Record<string, Spec> = {
  // Hospital vendor catalog, feeds, exposure and patching (issue 9 part B)
  'GET /api/v1/vendor-feeds': { success: 200 },
  'POST /api/v1/vendor-feeds': { success: 201, body: () => ({ kind: 'csaf_provider', url: `http://127.0.0.1:9/${unique()}/provider-metadata.json` }) },
  'GET /api/v1/vendor-feeds/manufacturers': { success: 200 },
  'GET /api/v1/vendor-feeds/:id': { success: 200, prepare: (org) => vendorFeed(org) },
  'DELETE /api/v1/vendor-feeds/:id': { success: 204, prepare: (org) => vendorFeed(org) },
  'POST /api/v1/vendor-feeds/:id/sync': { success: 202, prepare: (org) => vendorFeed(org) },
  'GET /api/v1/vendors': { success: 200 },
  'GET /api/v1/vendor-documents': { success: 200 },
  'POST /api/v1/vendor-documents/csaf': { success: 200, body: () => vendorCsaf(), headers: { 'content-type': 'application/json' } },
  'POST /api/v1/vendor-documents/sbom': { success: 200, query: '?vendor=Matrix&product=M&version=1.0', body: () => JSON.stringify(MINIMAL_BOM), headers: { 'content-type': 'application/json' } },
  'POST /api/v1/vendor-documents/vex': { success: 200, query: '?vendor=Matrix&product=M&version=1.0', body: () => JSON.stringify({ '@context': 'https://openvex.dev/ns/v0.2.0', '@id': `https://matrix.example/vex/${unique()}`, author: 'Matrix', timestamp: '2026-01-01T00:00:00Z', version: 1, statements: [{ vulnerability: { name: 'CVE-2021-44228' }, products: [{ '@id': 'pkg:generic/m@1.0' }], status: 'under_investigation' }] }), headers: { 'content-type': 'application/json' } },
  'GET /api/v1/exposure/summary': { success: 200 },
  'GET /api/v1/exposures': { success: 200 },
  'GET /api/v1/exposure/assets/:id': { success: 200, prepare: (org) => vendorAsset(org) },
  'POST /api/v1/exposure/recompute': { success: 202 },
  'GET /api/v1/exposure/matches': { success: 200 },
  'PUT /api/v1/exposure/matches/:id': { success: 204, prepare: (org) => vendorAsset(org), body: () => ({ vendorReleaseId: null }) },
  'DELETE /api/v1/exposure/matches/:id': { success: 204, prepare: (org) => overriddenAsset(org) },
  'GET /api/v1/exposure/controls': { success: 200 },
  'POST /api/v1/exposure/controls': { success: 201, body: () => ({ kind: 'monitoring', scope: 'department', scopeValue: 'ICU', description: 'IDS on the ICU VLAN' }) },
  'DELETE /api/v1/exposure/controls/:id': { success: 204, prepare: (org) => vendorControl(org) },
  'GET /api/v1/patches': { success: 200 },
  'PATCH /api/v1/patches/:id': { success: 204, prepare: (org) => vendorDeployment(org), body: () => ({ state: 'validated' }) },
  'GET /api/v1/patches/policy': { success: 200 },
  'PUT /api/v1/patches/policy': { success: 200, body: () => ({ critical: 15, high: 30, medium: 90, low: 180 }) },
  'POST /api/v1/auth/logout': { success: 204 },
  'GET /api/v1/session': { success: 200 },
  'PUT /api/v1/session/organization': { success: 204, body: (org) => ({ organizationId: org.id }) },
  // A wrong current password proves the route was reached without changing anything.
  'POST /api/v1/auth/password': { success: 400, body: () => ({ currentPassword: 'not the password', newPassword: 'irrelevant new passphrase' }) },
  'GET /api/v1/organizations': { success: 200 },
  'POST /api/v1/organizations': { success: 201, body: () => ({ name: `Matrix ${unique()}`, kind: 'both' }) },
  'GET /api/v1/organization': { success: 200 },
  'PATCH /api/v1/organization': { success: 200, body: () => ({ name: `Renamed ${unique()}` }) },
  'GET /api/v1/members': { success: 200 },
  'PATCH /api/v1/members/:id': { success: 200, prepare: (org) => freshMember(org), body: () => ({ role: 'analyst' }) },
  'DELETE /api/v1/members/:id': { success: 204, prepare: (org) => freshMember(org) },
  'GET /api/v1/invitations': { success: 200 },
  'POST /api/v1/invitations': { success: 201, body: () => ({ email: `invitee-${unique()}@example.org`, role: 'viewer' }) },
  'DELETE /api/v1/invitations/:id': {
    success: 200,
    prepare: async (org) => (await createInvitation(t.db, systemContext(org.id), `x-${unique()}@example.org`, 'viewer')).invitation.id,
  },
  'GET /api/v1/tokens': { success: 200 },
  'POST /api/v1/tokens': { success: 201, body: () => ({ name: `t-${unique()}`, role: 'viewer' }) },
  'DELETE /api/v1/tokens/:id': { success: 200, prepare: async (org) => (await createToken(t.db, systemContext(org.id), { name: unique(), role: 'viewer', expiresInDays: 1 })).token.id },
  'GET /api/v1/audit': { success: 200 },
  'POST /api/v1/audit/verify': { success: 202 },
  'GET /api/v1/jobs': { success: 200 },
  'GET /api/v1/jobs/:id': {
    success: 200,
    prepare: async (org) =>
      (await t.db.insertInto('job_runs').values({ org_id: org.id, kind: 'audit.verify', state: 'succeeded', result: null }).returning('id').executeTakeFirstOrThrow()).id,
  },
  'GET /api/v1/products': { success: 200 },
  'POST /api/v1/products': { success: 201, body: () => ({ name: `Pump ${unique()}` }) },
  'GET /api/v1/products/:id': { success: 200, prepare: (org) => freshProduct(org) },
  'PATCH /api/v1/products/:id': { success: 200, prepare: (org) => freshProduct(org), body: () => ({ description: 'edited' }) },
  'GET /api/v1/products/:id/releases': { success: 200, prepare: (org) => freshProduct(org) },
  'POST /api/v1/products/:id/releases': { success: 201, prepare: (org) => freshProduct(org), body: () => ({ version: '1.0.0' }) },
  'GET /api/v1/releases/:id': { success: 200, prepare: (org) => freshRelease(org) },
  'PATCH /api/v1/releases/:id': { success: 200, prepare: (org) => freshRelease(org), body: () => ({ lifecycleStage: 'support' }) },
  'POST /api/v1/releases/:id/sboms': { success: 201, prepare: (org) => freshRelease(org), body: () => MINIMAL_BOM },
  'GET /api/v1/releases/:id/sboms': { success: 200, prepare: (org) => freshRelease(org) },
  'GET /api/v1/sboms/:id': { success: 200, prepare: (org) => freshSbom(org) },
  'GET /api/v1/sboms/:id/components': { success: 200, prepare: (org) => freshSbom(org) },
  'GET /api/v1/sboms/:id/export': { success: 200, prepare: (org) => freshSbom(org), query: '?format=spdx-json' },
  'GET /api/v1/sboms/:id/quality': { success: 200, prepare: (org) => freshSbom(org) },
  // The ids travel in the query: the "other organization" case is covered by the SBOM tests.
  'GET /api/v1/releases/diff': { success: 200, prepare: async (org) => { diffQuery = `?from=${await freshSbomRelease(org)}&to=${await freshSbomRelease(org)}`; return ''; }, queryFn: () => diffQuery },
  'PATCH /api/v1/sboms/:id/components': { success: 200, prepare: (org) => freshSbom(org), body: () => ({ refs: ['zlib'], set: { levelOfSupport: 'full' } }) },
  'GET /api/v1/sboms': { success: 200 },
  'GET /api/v1/sboms/:id/component': { success: 200, prepare: (org) => freshSbom(org), query: '?ref=zlib' },
  'GET /api/v1/sboms/:id/graph': { success: 200, prepare: (org) => freshSbom(org) },
  'GET /api/v1/sboms/:id/facets': { success: 200, prepare: (org) => freshSbom(org) },
  'POST /api/v1/sboms/:id/support': { success: 200, prepare: (org) => freshSbom(org), body: () => 'ref,level_of_support\nzlib,actively maintained\n', headers: { 'content-type': 'text/csv' } },
  'GET /api/v1/intel/sources': { success: 200 },
  'POST /api/v1/intel/sources': { success: 201, body: () => ({ kind: 'osv', name: `OSV ${unique()}` }) },
  'PATCH /api/v1/intel/sources/:id': { success: 200, prepare: (org) => freshSource(org), body: () => ({ intervalMinutes: 60 }) },
  'DELETE /api/v1/intel/sources/:id': { success: 200, prepare: (org) => freshSource(org) },
  // A source without a URL: the route was reached and answered that it has nothing to sync from.
  'POST /api/v1/intel/sources/:id/sync': { success: 409, prepare: (org) => freshSource(org) },
  'POST /api/v1/intel/rematch': { success: 202 },
  'POST /api/v1/intel/sources/:id/import': { success: 200, prepare: (org) => freshSource(org), body: () => JSON.stringify(OSV_RECORD), headers: { 'content-type': 'application/octet-stream' } },
  'GET /api/v1/findings': { success: 200 },
  'GET /api/v1/findings/:id': { success: 200, prepare: (org) => freshFinding(org) },
  'GET /api/v1/vulnerabilities/:vulnId': { success: 200, prepare: async (org) => { await freshFinding(org); return OSV_RECORD.id; } },
  'GET /api/v1/vulnerabilities': { success: 200, query: '?q=lodash' },
  'GET /api/v1/releases/:id/coverage': { success: 200, prepare: (org) => freshSbomRelease(org) },
  'POST /api/v1/scan': { success: 200, body: () => JSON.stringify(MINIMAL_BOM), headers: { 'content-type': 'application/vnd.cyclonedx+json' } },
  'GET /api/v1/intel/snapshot': { success: 200 },
  // Triage and VEX
  'PATCH /api/v1/findings/:id/analysis': { success: 200, prepare: (org) => freshFinding(org), body: () => ({ state: 'in_triage' }) },
  'PUT /api/v1/findings/:id/assignee': { success: 200, prepare: (org) => freshFinding(org), body: () => ({ userId: null }) },
  'POST /api/v1/findings/:id/comments': { success: 201, prepare: (org) => freshFinding(org), body: () => ({ body: 'matrix' }) },
  'GET /api/v1/findings/:id/comments': { success: 200, prepare: (org) => freshFinding(org) },
  'GET /api/v1/findings/:id/history': { success: 200, prepare: (org) => freshFinding(org) },
  'POST /api/v1/findings/bulk': { success: 200, body: () => ({ ids: ['00000000-0000-4000-8000-000000000000'], change: { assigneeId: null } }) },
  'GET /api/v1/triage/queue': { success: 200 },
  'GET /api/v1/findings/:id/propagation': { success: 200, prepare: (org) => freshFinding(org) },
  // A finding without analysis: reached, and nothing to propagate.
  'POST /api/v1/findings/:id/propagate': { success: 409, prepare: (org) => freshFinding(org), body: () => ({ findingIds: ['00000000-0000-4000-8000-000000000000'] }) },
  'GET /api/v1/triage/suppression-rules': { success: 200 },
  // An unknown vulnerability: a rule for the lodash advisory would suppress the findings later specs open (and stop their clocks).
  'POST /api/v1/triage/suppression-rules': { success: 201, body: () => ({ vulnId: `CVE-2099-${unique()}`, component: 'pkg:npm/lodash', analysis: { state: 'false_positive' }, expiresAt: '2099-01-01T00:00:00Z' }) },
  'GET /api/v1/triage/suppression-rules/:id': { success: 200, prepare: (org) => freshRule(org) },
  'PATCH /api/v1/triage/suppression-rules/:id': { success: 200, prepare: (org) => freshRule(org), body: () => ({ reason: 'edited' }) },
  'DELETE /api/v1/triage/suppression-rules/:id': { success: 200, prepare: (org) => freshRule(org) },
  'POST /api/v1/releases/:id/vex': {
    success: 200,
    prepare: (org) => freshSbomRelease(org),
    headers: { 'content-type': 'application/json' },
    body: () => JSON.stringify({ '@context': 'https://openvex.dev/ns/v0.2.0', '@id': 'https://vex.example/m', author: 'm', timestamp: '2026-01-01T00:00:00Z', version: 1, statements: [{ vulnerability: { name: 'CVE-2099-0001' }, products: [{ '@id': 'pkg:generic/zlib@1.3.1' }], status: 'fixed' }] }),
  },
  'GET /api/v1/releases/:id/vex': { success: 200, prepare: async (org) => (await t.db.selectFrom('findings').select('release_id').where('id', '=', await freshFinding(org)).executeTakeFirstOrThrow()).release_id },
  'GET /api/v1/releases/:id/vdr': { success: 200, prepare: (org) => freshSbomRelease(org) },
  // Risk register
  'GET /api/v1/risks': { success: 200 },
  'POST /api/v1/risks': { success: 201, bodyNamesRecord: true, body: (org) => ({ productId: products.get(org.id), title: 'New', likelihood: 'remote', severity: 'minor' }) },
  'GET /api/v1/risks/heatmap': { success: 200 },
  'GET /api/v1/risks.csv': { success: 200 },
  'GET /api/v1/risks/:id': { success: 200, prepare: (org) => freshRisk(org) },
  'PATCH /api/v1/risks/:id': { success: 200, prepare: (org) => freshRisk(org), body: () => ({ harm: 'edited' }) },
  'DELETE /api/v1/risks/:id': { success: 204, prepare: (org) => freshRisk(org) },
  'POST /api/v1/risks/:id/acceptance': { success: 200, prepare: (org) => freshRisk(org), body: () => ({ rationale: 'fine', expiresOn: inDays(60) }) },
  'POST /api/v1/risks/:id/acceptance/revoke': { success: 200, prepare: (org) => acceptedRisk(org), body: () => ({ reason: 'changed' }) },
  // Scoring
  'GET /api/v1/findings/:id/score': { success: 200, prepare: (org) => freshFinding(org) },
  'PUT /api/v1/findings/:id/score': { success: 200, prepare: (org) => freshFinding(org), body: () => ({ harmSeverity: 'minor' }) },
  'GET /api/v1/products/:id/cvss-environment': { success: 200, prepare: (org) => freshProduct(org) },
  'PUT /api/v1/products/:id/cvss-environment': { success: 200, prepare: (org) => freshProduct(org), body: () => ({ requirements: { CR: 'H' }, v3: { MAV: 'A' } }) },
  'GET /api/v1/rubric/versions': { success: 200 },
  // The rubric is published, not an organization's record: there is no other organization's version to miss.
  'GET /api/v1/rubric/versions/:version': { success: 200, prepare: async () => RUBRIC_DEFAULT_VERSION },
  // Clocks, SLA policy and remediation plans
  'GET /api/v1/clocks/policy': { success: 200 },
  'PUT /api/v1/clocks/policy': { success: 200, body: () => ({ notifyBeforeDays: 7 }) },
  'GET /api/v1/findings/:id/clocks': { success: 200, prepare: (org) => freshFinding(org) },
  'POST /api/v1/clocks/:id/pause': { success: 200, prepare: (org) => runningClock(org), body: () => ({ reason: 'matrix' }) },
  'POST /api/v1/clocks/:id/resume': { success: 200, prepare: (org) => pausedClock(org) },
  'POST /api/v1/clocks/:id/stop': { success: 200, prepare: (org) => runningClock(org), body: () => ({ reason: 'mitigated', note: 'matrix' }) },
  'GET /api/v1/findings/:id/remediation': { success: 200, prepare: (org) => freshFinding(org) },
  'POST /api/v1/findings/:id/remediation': { success: 201, prepare: (org) => freshFinding(org), body: () => ({ kind: 'compensating_control', description: 'Block port 443 at the hospital firewall' }) },
  'PATCH /api/v1/remediation/:id': { success: 200, prepare: (org) => freshPlan(org), body: () => ({ status: 'in_progress' }) },
  'GET /api/v1/remediation': { success: 200 },
  'GET /api/v1/remediation/dashboard': { success: 200, query: '?days=30' },
  // Notification channels and deliveries
  'GET /api/v1/notifications/channels': { success: 200 },
  'POST /api/v1/notifications/channels': { success: 201, body: () => ({ kind: 'email', name: `Mail ${unique()}`, events: ['kev_hit'], recipients: ['psirt@example.org'] }) },
  'PATCH /api/v1/notifications/channels/:id': { success: 200, prepare: (org) => freshChannel(org), body: () => ({ enabled: false }) },
  'DELETE /api/v1/notifications/channels/:id': { success: 204, prepare: (org) => freshChannel(org) },
  'POST /api/v1/notifications/channels/:id/test': { success: 202, prepare: (org) => freshChannel(org) },
  'GET /api/v1/notifications/deliveries': { success: 200 },
  // CSAF advisories and the provider key
  'GET /api/v1/advisories': { success: 200 },
  'POST /api/v1/advisories': { success: 201, prepare: async (org) => ((advisoryFinding = await freshFinding(org)), ''), body: () => ({ findingIds: [advisoryFinding] }) },
  'GET /api/v1/advisories/:id': { success: 200, prepare: (org) => freshAdvisory(org) },
  'PUT /api/v1/advisories/:id/document': { success: 200, prepare: (org) => freshAdvisory(org), body: () => ({ document: { document: { category: 'csaf_base', csaf_version: '2.0', title: 'Edited', publisher: { category: 'vendor', name: 'M', namespace: 'https://m.example' }, tracking: { id: `M-${unique()}`, version: '0', status: 'draft', initial_release_date: '2026-01-01T00:00:00.000Z', current_release_date: '2026-01-01T00:00:00.000Z', revision_history: [] } } } }) },
  'DELETE /api/v1/advisories/:id': { success: 204, prepare: (org) => freshAdvisory(org) },
  'POST /api/v1/advisories/:id/validate': { success: 200, prepare: (org) => freshAdvisory(org), body: () => ({}) },
  // An advisory failing a mandatory test: publishing is refused (422) before the key is needed, whether or not the key spec below made one.
  'POST /api/v1/advisories/:id/publish': { success: 422, prepare: (org) => freshAdvisory(org, true), body: () => ({}) },
  'GET /api/v1/advisories/:id/csaf.json': { success: 200, prepare: (org) => freshAdvisory(org) },
  'GET /api/v1/advisories/:id/advisory.html': { success: 200, prepare: (org) => freshAdvisory(org) },
  'GET /api/v1/advisories/:id/advisory.pdf': { success: 200, prepare: (org) => freshAdvisory(org) },
  'GET /api/v1/provider/key': { success: 200 },
  'POST /api/v1/provider/key': { success: 201, body: () => ({ name: 'PSIRT', email: 'psirt@example.org' }) },
  // A text that is not a key proves the route was reached without replacing the key.
  'POST /api/v1/provider/key/import': { success: 422, body: () => ({ armoredKey: 'not a key' }) },
  // CVD cases, intake key, reporter thread and customer notices
  'GET /api/v1/cvd/cases': { success: 200 },
  'POST /api/v1/cvd/cases': { success: 201, body: () => ({ title: 'Matrix case', description: 'd' }) },
  'GET /api/v1/cvd/cases/:id': { success: 200, prepare: (org) => freshCase(org) },
  'PATCH /api/v1/cvd/cases/:id': { success: 200, prepare: (org) => freshCase(org), body: () => ({ internalNotes: 'matrix' }) },
  'POST /api/v1/cvd/cases/:id/transition': { success: 200, prepare: (org) => freshCase(org), body: () => ({ to: 'acknowledged' }) },
  // The matrix runs without SMTP: a permitted caller reaches the send, which fails (502) and is logged.
  'POST /api/v1/cvd/cases/:id/messages': { success: 502, prepare: (org) => freshCase(org), body: () => ({ kind: 'status', body: 'matrix' }) },
  'POST /api/v1/cvd/cases/:id/links': { success: 200, bodyNamesRecord: true, prepare: (org) => freshCase(org), body: (org) => ({ kind: 'product', id: products.get(org.id) }) },
  'DELETE /api/v1/cvd/cases/:id/links': { success: 200, bodyNamesRecord: true, prepare: (org) => freshCase(org), body: (org) => ({ kind: 'product', id: products.get(org.id) }) },
  'GET /api/v1/cvd/attachments/:id': { success: 200, prepare: (org) => freshAttachment(org) },
  'GET /api/v1/cvd/cases/:id/encrypted-message': { success: 200, prepare: (org) => freshCase(org, 'encrypted') },
  'GET /api/v1/cvd/intake-key': { success: 200, prepare: (org) => storeIntakeKey(org) },
  'PUT /api/v1/cvd/intake-key': { success: 200, prepare: async () => (await intakeKey(), ''), body: () => ({ armoredKey: generatedKey }) },
  'DELETE /api/v1/cvd/intake-key': { success: 204, prepare: (org) => storeIntakeKey(org) },
  'GET /api/v1/cvd/customer-contacts': { success: 200 },
  'POST /api/v1/cvd/customer-contacts': { success: 201, bodyNamesRecord: true, body: (org) => ({ productId: products.get(org.id), customerName: 'Hospital', email: `c-${unique()}@example.org` }) },
  'DELETE /api/v1/cvd/customer-contacts/:id': { success: 204, prepare: (org) => freshContact(org) },
  'POST /api/v1/cvd/cases/:id/notices/preview': { success: 200, prepare: (org) => freshCase(org), body: () => NOTICE },
  'GET /api/v1/cvd/cases/:id/notices/draft': { success: 200, prepare: (org) => freshCase(org) },
  'POST /api/v1/cvd/cases/:id/notices': { success: 201, prepare: (org) => noticeCase(org), body: () => NOTICE },
  'GET /api/v1/cvd/cases/:id/notices': { success: 200, prepare: (org) => freshCase(org) },
  'GET /api/v1/notices/inbox': { success: 200 },
  // Governance, maturity, benchmarking and the executive report
  'GET /api/v1/maturity': { success: 200 },
  'PUT /api/v1/maturity/assessments': { success: 200, body: () => ({ code: 'JSP-GOV-01', level: 2 }) },
  'PUT /api/v1/maturity/applicability': { success: 204, body: () => ({ code: 'JSP-GOV-01', applicable: true }) },
  'POST /api/v1/maturity/controls': { success: 201, body: () => ({ code: `OWN-${unique().toUpperCase()}`, area: 'GOV', title: 'Own control', owner: 'MDM' }) },
  'POST /api/v1/maturity/evidence': { success: 201, body: () => ({ kind: 'url', code: 'JSP-GOV-01', label: 'Charter', url: 'https://example.org/charter' }) },
  'GET /api/v1/maturity/evidence/:id': { success: 200, prepare: (org) => freshEvidence(org) },
  'DELETE /api/v1/maturity/evidence/:id': { success: 204, prepare: (org) => freshEvidence(org) },
  'GET /api/v1/maturity/cycles': { success: 200 },
  'POST /api/v1/maturity/cycles/close': { success: 200, prepare: async (org) => (await assessed(org), ''), body: () => ({ nextName: `Cycle ${unique()}` }) },
  'GET /api/v1/maturity/actions': { success: 200 },
  'POST /api/v1/maturity/actions': { success: 201, body: () => ({ code: 'JSP-GOV-01', title: 'Name the executive', dueOn: '2030-01-01' }) },
  'POST /api/v1/maturity/actions/from-gaps': { success: 200, body: () => ({ dueOn: '2030-01-01' }) },
  'PATCH /api/v1/maturity/actions/:id': { success: 200, prepare: async (org) => (await governance.createAction(t.db, systemContext(org.id), { code: 'JSP-GOV-01', title: 'a', dueOn: '2030-01-01' })).id, body: () => ({ status: 'done' }) },
  'PATCH /api/v1/maturity/controls/:code': { success: 204, prepare: (org) => freshOwnControl(org), body: () => ({ title: 'Edited own control' }) },
  'DELETE /api/v1/maturity/controls/:code': { success: 204, prepare: (org) => freshOwnControl(org) },
  'GET /api/v1/governance': { success: 200 },
  'POST /api/v1/governance/raci': { success: 201, body: () => ({ area: 'GOV', raci: 'R', personName: 'PSIRT lead' }) },
  'DELETE /api/v1/governance/raci/:id': { success: 204, prepare: (org) => governancePeople.addRaci(t.db, systemContext(org.id), { area: 'GOV', raci: 'I', personName: 'n' }) },
  'POST /api/v1/governance/training': { success: 201, body: () => ({ course: 'Secure coding', personName: 'Dev' }) },
  'PATCH /api/v1/governance/training/:id': { success: 204, prepare: (org) => freshTraining(org), body: () => ({ completedOn: '2026-01-01' }) },
  'DELETE /api/v1/governance/training/:id': { success: 204, prepare: (org) => freshTraining(org) },
  'POST /api/v1/governance/policies': { success: 201, body: () => ({ kind: 'policy', title: 'Product security policy', version: '1.0' }) },
  'PATCH /api/v1/governance/policies/:id': { success: 204, prepare: (org) => freshPolicy(org), body: () => ({ version: '2.0' }) },
  'DELETE /api/v1/governance/policies/:id': { success: 204, prepare: (org) => freshPolicy(org) },
  'POST /api/v1/benchmark/submissions/export': { success: 200, prepare: async (org) => (await assessed(org), '') },
  // The own organization is made an operator; each request carries a new participant's submission.
  'POST /api/v1/benchmark/submissions/import': { success: 200, prepare: async (org) => (await setOperator(t.db, org.id, true), ''), body: () => ({ submissions: [freshSubmission()] }) },
  'GET /api/v1/benchmark/operator': { success: 200 },
  // A year nobody submitted for: a permitted caller reaches the k-anonymity refusal.
  'GET /api/v1/benchmark/aggregate': { success: 422, query: '?period=1999' },
  'GET /api/v1/benchmark/comparison': { success: 422, query: '?period=1999' },
  'GET /api/v1/reports/executive.html': { success: 200 },
  'GET /api/v1/reports/executive.pdf': { success: 200 },
  // Hospital fleet (issue 9 part A)
  'GET /api/v1/assets': { success: 200 },
  'POST /api/v1/assets': { success: 201, body: () => ({ manufacturer: 'Matrix', model: 'M', serial: unique() }) },
  'GET /api/v1/assets/summary': { success: 200 },
  'GET /api/v1/assets.csv': { success: 200 },
  'POST /api/v1/assets/bulk': { success: 200, bodyNamesRecord: true, prepare: async (org) => ((fleetAsset = await freshAsset(org)), ''), body: () => ({ ids: [fleetAsset], set: { department: 'ICU' } }) },
  'GET /api/v1/assets/:id': { success: 200, prepare: (org) => freshAsset(org) },
  'PATCH /api/v1/assets/:id': { success: 200, prepare: (org) => freshAsset(org), body: () => ({ location: 'Ward 2' }) },
  'GET /api/v1/asset-mappings': { success: 200 },
  'PUT /api/v1/asset-mappings/:name': { success: 200, body: () => ({ mapping: { serial: 'S/N' } }) },
  'GET /api/v1/asset-imports': { success: 200 },
  'POST /api/v1/assets/import/preview': { success: 200, body: () => 'Manufacturer,Model,Serial\nAcme,M,1\n', headers: { 'content-type': 'text/csv' } },
  'POST /api/v1/assets/import': { success: 200, body: () => `Manufacturer,Model,Serial\nAcme,M,${unique()}\n`, headers: { 'content-type': 'text/csv' } },
  'POST /api/v1/mds2/import': { success: 201, queryFn: () => `?model=M-${unique()}`, body: () => 'Question ID,Answer\nDOC-1,Acme\nAUTH-1,Yes\n', headers: { 'content-type': 'text/csv' } },
  'GET /api/v1/mds2/form': { success: 200 },
  'GET /api/v1/mds2': { success: 200 },
  'POST /api/v1/mds2': { success: 201, body: () => ({ manufacturer: 'Acme', model: `M-${unique()}`, answers: { 'AUTH-1': { answer: 'yes' } } }) },
  // The ids travel in the query: the other-organization case is in mds2.test.ts.
  'GET /api/v1/mds2/compare': { success: 200, prepare: async (org) => ((mds2Query = `?a=${await freshMds2(org)}&b=${await freshMds2(org)}`), ''), queryFn: () => mds2Query },
  'GET /api/v1/mds2/:id': { success: 200, prepare: (org) => freshMds2(org) },
  'DELETE /api/v1/mds2/:id': { success: 204, prepare: (org) => freshMds2(org) },
  'GET /api/v1/contracts/clauses': { success: 200 },
  'GET /api/v1/contracts': { success: 200 },
  'POST /api/v1/contracts': { success: 201, body: () => ({ vendorName: 'Acme', title: 'Service', effectiveOn: '2025-01-01', obligations: [{ clauseId: 'MC2-05' }] }) },
  'GET /api/v1/contracts/:id': { success: 200, prepare: (org) => freshContract(org) },
  'PATCH /api/v1/contracts/:id': { success: 200, prepare: (org) => freshContract(org), body: () => ({ notes: 'edited' }) },
  'DELETE /api/v1/contracts/:id': { success: 204, prepare: (org) => freshContract(org) },
  'POST /api/v1/contracts/:id/facts': { success: 201, prepare: (org) => freshContract(org), body: () => ({ kind: 'sbom_delivered', occurredAt: '2025-01-10' }) },
  'DELETE /api/v1/contract-facts/:id': { success: 204, prepare: (org) => freshFact(org) },
  'GET /api/v1/legacy': { success: 200 },
  'PUT /api/v1/legacy/plans': { success: 200, body: () => ({ manufacturer: 'Acme', model: `M-${unique()}`, endOfSupportOn: '2030-01-01' }) },
  'DELETE /api/v1/legacy/plans/:id': { success: 204, prepare: (org) => freshLegacyPlan(org) },
  'GET /api/v1/legacy/reminders': { success: 200 },
  // Premarket (issue 11): every record on a fresh product/release of the organization.
  'GET /api/v1/premarket/catalog': { success: 200 },
  'GET /api/v1/products/:id/requirements': { success: 200, prepare: (org) => freshProduct(org) },
  'POST /api/v1/products/:id/requirements': { success: 201, prepare: (org) => freshProduct(org), body: () => ({ ref: 'SEC-REQ-001', title: 'Mutual TLS' }) },
  'POST /api/v1/products/:id/requirements/sets': { success: 200, prepare: (org) => freshProduct(org), body: () => ({ set: 'fda-premarket' }) },
  'GET /api/v1/requirements/:id': { success: 200, prepare: (org) => pmRequirement(org) },
  'PATCH /api/v1/requirements/:id': { success: 200, prepare: (org) => pmRequirement(org), body: () => ({ title: 'Edited' }) },
  'DELETE /api/v1/requirements/:id': { success: 204, prepare: (org) => pmRequirement(org) },
  'POST /api/v1/requirements/:id/links': { success: 201, prepare: (org) => pmRequirementWithEvidence(org), body: () => ({ evidenceId: pmLinkEvidence }) },
  'DELETE /api/v1/trace-links/:id': { success: 204, prepare: (org) => pmLink(org) },
  'GET /api/v1/products/:id/threat-model': { success: 200, prepare: (org) => pmModelProduct(org) },
  'PUT /api/v1/products/:id/threat-model': { success: 200, prepare: (org) => freshProduct(org), body: () => PM_MODEL },
  'GET /api/v1/products/:id/threat-model/export': { success: 200, prepare: (org) => pmModelProduct(org) },
  'POST /api/v1/releases/:id/evidence': { success: 201, prepare: (org) => freshRelease(org), body: () => PM_JUNIT, headers: { 'content-type': 'application/xml' } },
  'GET /api/v1/releases/:id/evidence': { success: 200, prepare: (org) => freshRelease(org) },
  'GET /api/v1/evidence/:id': { success: 200, prepare: (org) => pmEvidence(org) },
  'GET /api/v1/evidence/:id/content': { success: 200, prepare: (org) => pmEvidence(org) },
  'DELETE /api/v1/evidence/:id': { success: 204, prepare: (org) => pmEvidence(org) },
  'GET /api/v1/releases/:id/traceability': { success: 200, prepare: (org) => freshRelease(org) },
  'GET /api/v1/releases/:id/premarket/checklist': { success: 200, prepare: (org) => freshRelease(org) },
  'GET /api/v1/releases/:id/premarket/package': { success: 200, prepare: (org) => freshRelease(org), query: '?format=html' },
};

const PM_JUNIT = '<testsuites><testsuite name="matrix"><testcase classname="tls" name="mutual[SEC-REQ-001]"/></testsuite></testsuites>';
const PM_MODEL = { format: 'vigil-threat-model', formatVersion: 1, title: 'Matrix', boundaries: [], assets: [{ id: 'a', name: 'Device', kind: 'device' }], interfaces: [], threats: [{ id: 'T-01', title: 'Spoofed peer', stride: ['spoofing'], targets: ['a'], mitigations: [] }], mitigations: [] };
let pmLinkEvidence = '';
async function pmRelease(org: TestOrg): Promise<{ product: string; release: string }> {
  const product = await freshProduct(org);
  return { product, release: (await createRelease(t.db, systemContext(org.id), product, { version: '1.0.0' })).id };
}
const pmRequirement = async (org: TestOrg) => (await premarket.createRequirement(t.db, systemContext(org.id), await freshProduct(org), { ref: 'SEC-REQ-001', title: 'Mutual TLS' })).id;
const pmEvidence = async (org: TestOrg) => (await premarket.importEvidence(t.db, systemContext(org.id), (await pmRelease(org)).release, Buffer.from(PM_JUNIT), 'tests.xml')).evidence.id;
async function pmRequirementWithEvidence(org: TestOrg): Promise<string> {
  const { product, release } = await pmRelease(org);
  pmLinkEvidence = (await premarket.importEvidence(t.db, systemContext(org.id), release, Buffer.from(PM_JUNIT), 'tests.xml')).evidence.id;
  return (await premarket.createRequirement(t.db, systemContext(org.id), product, { ref: 'SEC-REQ-002', title: 'Parser limits' })).id;
}
async function pmLink(org: TestOrg): Promise<string> {
  const requirement = await pmRequirementWithEvidence(org);
  return (await premarket.createLink(t.db, systemContext(org.id), requirement, { evidenceId: pmLinkEvidence })).id;
}
async function pmModelProduct(org: TestOrg): Promise<string> {
  const product = await freshProduct(org);
  await premarket.saveThreatModel(t.db, systemContext(org.id), product, null, PM_MODEL);
  return product;
}

async function assessed(org: TestOrg): Promise<void> {
  await governance.assessControl(t.db, systemContext(org.id), { code: 'JSP-GOV-01', level: 2 });
}

async function freshEvidence(org: TestOrg): Promise<string> {
  return (await governance.addEvidence(t.db, systemContext(org.id), { kind: 'document', code: 'JSP-GOV-01', label: 'Chart', fileName: 'chart.txt', mediaType: 'text/plain', contentBase64: Buffer.from('chart').toString('base64') })).id;
}

const freshOwnControl = async (org: TestOrg) => {
  const code = `OWN-${unique().replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`;
  await governance.addOwnControl(t.db, systemContext(org.id), { code, area: 'GOV', title: 'Own control', owner: 'MDM' });
  return code;
};
const freshTraining = (org: TestOrg) => governancePeople.addTraining(t.db, systemContext(org.id), { course: 'Secure coding', personName: 'Dev' });
const freshPolicy = (org: TestOrg) => governancePeople.addPolicy(t.db, systemContext(org.id), { kind: 'procedure', title: 'CVD procedure', version: '1' });
const freshSubmission = () => buildSubmission({ secret: unique(), now: new Date(), orgKind: 'manufacturer', catalogVersion: '2026.1', overall: 2, areas: [{ area: 'GOV', score: 2 }], metrics: { releasesWithSbom: null, findingsTriagedInClock: null, cvdAckMedianDays: null, releasesWithEos: null, trainingCompletion: null } });

const NOTICE = { headline: 'h', summary: 's', affectedProducts: 'a', patientSafetyImpact: 'p', actions: 'w', compensatingControls: 'c', fixAvailability: 'f', contact: 'k' };

async function freshCase(org: TestOrg, source: 'staff' | 'encrypted' = 'staff'): Promise<string> {
  return t.db.transaction().execute((tx) =>
    insertCase(tx, org.id, SYSTEM_ACTOR, null, { title: 'Matrix case', description: 'd', source, reporterEmail: 'r@example.org', ...(source === 'encrypted' ? { encryptedMessage: '-----BEGIN PGP MESSAGE-----' } : {}) }),
  );
}

async function freshAttachment(org: TestOrg): Promise<string> {
  const caseId = await freshCase(org);
  return (await t.db.insertInto('cvd_attachments').values({ case_id: caseId, org_id: org.id, file_name: 'a.txt', media_type: 'text/plain', size: 1, sha256: 'x', content: Buffer.from('a') }).returning('id').executeTakeFirstOrThrow()).id;
}

let generatedKey = '';
async function intakeKey(): Promise<string> {
  generatedKey ||= (await openpgp.generateKey({ type: 'curve25519', userIDs: [{ email: 'psirt@example.org' }], format: 'armored' })).publicKey;
  return generatedKey;
}

async function storeIntakeKey(org: TestOrg): Promise<string> {
  const key = await openpgp.readKey({ armoredKey: await intakeKey() });
  await t.db.insertInto('cvd_intake_keys').values({ org_id: org.id, armored: generatedKey, fingerprint: key.getFingerprint(), key_ids: key.getKeyIDs().map((k) => k.toHex()) }).onConflict((oc) => oc.column('org_id').doNothing()).execute();
  return '';
}

async function freshContact(org: TestOrg): Promise<string> {
  return addContact(t.db, systemContext(org.id), { productId: products.get(org.id)!, customerName: 'Hospital', email: `c-${unique()}@example.org` });
}

async function noticeCase(org: TestOrg): Promise<string> {
  const caseId = await freshCase(org);
  await t.db.insertInto('cvd_case_links').values({ case_id: caseId, org_id: org.id, kind: 'product', target_id: products.get(org.id)! }).execute();
  await freshContact(org);
  return caseId;
}

/**
 * The risk register's permissions as its design gives them (approving a residual risk is the
 * approver's, not every contributor's): a route naming another would still pass the matrix if
 * its service checked the same wrong permission.
 */
const RISK_PERMISSIONS = {
  'GET /api/v1/risks': 'risk.read',
  'POST /api/v1/risks': 'risk.write',
  'GET /api/v1/risks/heatmap': 'risk.read',
  'GET /api/v1/risks.csv': 'risk.read',
  'GET /api/v1/risks/:id': 'risk.read',
  'PATCH /api/v1/risks/:id': 'risk.write',
  'DELETE /api/v1/risks/:id': 'risk.write',
  'POST /api/v1/risks/:id/acceptance': 'risk.accept',
  'POST /api/v1/risks/:id/acceptance/revoke': 'risk.accept',
};

/** One product per organization for the request bodies that name one. */
const products = new Map<string, string>();
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function freshRule(org: TestOrg): Promise<string> {
  return (await createRule(t.db, systemContext(org.id), { vulnId: `CVE-2099-${unique()}`, component: 'pkg:npm/lodash', analysis: { state: 'false_positive' }, expiresAt: '2099-01-01T00:00:00Z' })).rule.id;
}

async function freshRisk(org: TestOrg): Promise<string> {
  return (await createRisk(t.db, systemContext(org.id), { productId: products.get(org.id)!, title: 'Matrix item', likelihood: 'remote', severity: 'minor' })).id;
}

async function acceptedRisk(org: TestOrg): Promise<string> {
  const id = await freshRisk(org);
  await acceptRisk(t.db, systemContext(org.id), id, { rationale: 'ok', expiresOn: inDays(30) });
  return id;
}

/**
 * A real advisory (GHSA-p6mc-m468-83gw, lodash prototype pollution), cut to what matching needs,
 * with its CVSS (GitHub's 7.4, high) so that its findings run the controlled-high remediation clock.
 */
const OSV_RECORD = {
  schema_version: '1.6.0',
  id: 'GHSA-p6mc-m468-83gw',
  modified: '2024-03-15T00:00:00Z',
  aliases: ['CVE-2020-8203'],
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H' }],
  affected: [{ package: { ecosystem: 'npm', name: 'lodash' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '3.7.0' }, { fixed: '4.17.19' }] }] }],
};

/** The running clock a fresh finding's CVSS started (scoring runs when the finding is opened). */
async function runningClock(org: TestOrg): Promise<string> {
  const findingId = await freshFinding(org);
  return (await t.db.selectFrom('finding_clocks').select('id').where('org_id', '=', org.id).where('finding_id', '=', findingId).where('state', '=', 'running').executeTakeFirstOrThrow()).id;
}

async function pausedClock(org: TestOrg): Promise<string> {
  const id = await runningClock(org);
  await pauseClock(t.db, systemContext(org.id), id, 'waiting for the hospital');
  return id;
}

async function freshPlan(org: TestOrg): Promise<string> {
  return (await createPlan(t.db, systemContext(org.id), await freshFinding(org), { kind: 'customer_communication', description: 'Letter to hospitals' })).id;
}

let advisoryFinding = '';

async function freshAdvisory(org: TestOrg, invalid = false): Promise<string> {
  const { id } = await createAdvisory(t.db, systemContext(org.id), t.vigil.config, { findingIds: [await freshFinding(org)] });
  if (invalid) await updateDocument(t.db, systemContext(org.id), id, { document: { category: 'csaf_base', csaf_version: '2.0', tracking: { id: `BROKEN-${unique()}` } } });
  return id;
}

async function freshChannel(org: TestOrg): Promise<string> {
  return (await createChannel(t.db, systemContext(org.id), { kind: 'email', name: `Mail ${unique()}`, events: ['clock_missed'], recipients: ['psirt@example.org'] })).id;
}

async function freshSource(org: TestOrg): Promise<string> {
  return (await createSource(t.db, systemContext(org.id), { kind: 'osv', name: `OSV ${unique()}` })).id;
}

/** One source per organization holding the advisory: a source per finding would make every match read more records. */
const advisorySources = new Map<string, Promise<string>>();

async function freshFinding(org: TestOrg): Promise<string> {
  const ctx = systemContext(org.id);
  if (!advisorySources.has(org.id)) {
    advisorySources.set(org.id, (async () => {
      const source = await freshSource(org);
      await importRecords(t.db, ctx, source, (async function* () { yield { record: parseOsvRecord(OSV_RECORD).record! }; })());
      return source;
    })());
  }
  await advisorySources.get(org.id);
  const bom = { ...MINIMAL_BOM, components: [{ type: 'library', 'bom-ref': 'lodash', name: 'lodash', version: '4.17.15', purl: 'pkg:npm/lodash@4.17.15' }] };
  const { sbom } = await importSbom(t.db, ctx, await freshRelease(org), Buffer.from(JSON.stringify(bom)));
  await matchImportedSbom(t.db, ctx, sbom.id);
  return (await t.db.selectFrom('findings').select('id').where('sbom_id', '=', sbom.id).executeTakeFirstOrThrow()).id;
}

/** The smallest valid CycloneDX 1.6 BOM, with one real component. */
const MINIMAL_BOM = { bomFormat: 'CycloneDX', specVersion: '1.6', version: 1, components: [{ type: 'library', 'bom-ref': 'zlib', name: 'zlib', version: '1.3.1', purl: 'pkg:generic/zlib@1.3.1' }] };

async function freshSbom(org: TestOrg): Promise<string> {
  return (await importSbom(t.db, systemContext(org.id), await freshRelease(org), Buffer.from(JSON.stringify(MINIMAL_BOM)))).sbom.id;
}

async function freshSbomRelease(org: TestOrg): Promise<string> {
  const release = await freshRelease(org);
  await importSbom(t.db, systemContext(org.id), release, Buffer.from(JSON.stringify(MINIMAL_BOM)));
  return release;
}

async function freshProduct(org: TestOrg): Promise<string> {
  return (await createProduct(t.db, systemContext(org.id), { name: `Product ${unique()}` })).id;
}

async function freshRelease(org: TestOrg): Promise<string> {
  return (await createRelease(t.db, systemContext(org.id), await freshProduct(org), { version: '2.1.0' })).id;
}

/** Routes anyone may call; adding a public route means adding it here on purpose. */
const PUBLIC_ROUTES = ['POST /api/v1/auth/login', 'POST /api/v1/invitations/accept', 'GET /api/openapi.json', 'GET /healthz', 'GET /readyz', 'GET /api/v1/public/organizations/:slug/intake', 'POST /api/v1/public/organizations/:slug/reports', 'POST /api/v1/public/organizations/:slug/reports/encrypted', 'GET /api/v1/public/organizations/:slug/pgp-key.asc'];

let own: TestOrg;
let other: TestOrg;

async function freshMember(org: TestOrg): Promise<string> {
  const user = await t.db.insertInto('users').values({ email: `m-${unique()}@example.org`, name: 'Member', password_hash: 'x' }).returning('id').executeTakeFirstOrThrow();
  await t.db.insertInto('memberships').values({ org_id: org.id, user_id: user.id, role: 'viewer' }).execute();
  return user.id;
}

async function request(method: string, url: string, spec: Spec, as: Caller, target: TestOrg) {
  const id = spec.prepare ? await spec.prepare(target) : undefined;
  const path = (id ? url.replace(/:(id|vulnId|version|code)\b/, id) : url) + (spec.query ?? '') + (spec.queryFn?.() ?? '');
  return t.api(method, path, { as, ...(spec.body ? { body: spec.body(target) } : {}), ...(spec.headers ? { headers: spec.headers } : {}) });
}

beforeAll(async () => {
  t = await startTestVigil();
  own = await t.seedOrg('own');
  other = await t.seedOrg('other');
  for (const org of [own, other]) products.set(org.id, await freshProduct(org));
});
afterAll(() => t.close());

describe('authorization matrix', () => {
  it('has a spec for every non-public route, and every organization route names a permission', () => {
    const apiRoutes = t.app.routeTable.filter((r) => r.url.startsWith('/api/') || r.url.startsWith('/healthz') || r.url.startsWith('/readyz'));
    for (const route of apiRoutes) {
      const key = `${route.method} ${route.url}`;
      if (route.auth === 'public') expect(PUBLIC_ROUTES, `unexpected public route ${key}`).toContain(key);
      else expect(SPECS, `no matrix spec for ${key}`).toHaveProperty([key]);
      if (route.auth === 'org') expect(Object.keys(PERMISSIONS), `${key} names no known permission`).toContain(route.action);
    }
    expect(Object.keys(SPECS).length).toBe(apiRoutes.filter((r) => r.auth !== 'public').length);
  });

  it('names for every risk-register route the permission the register requires', () => {
    const routes = t.app.routeTable.filter((r) => r.url.startsWith('/api/v1/risks'));
    expect(Object.fromEntries(routes.map((r) => [`${r.method} ${r.url}`, r.action]))).toEqual(RISK_PERMISSIONS);
  });

  it('refuses every non-public route without credentials (401)', async () => {
    for (const route of t.app.routeTable.filter((r) => r.auth !== 'public')) {
      const spec = SPECS[`${route.method} ${route.url}`]!;
      const res = await request(route.method, route.url, spec, null, own);
      expect(res.status, `${route.method} ${route.url}`).toBe(401);
    }
  });

  // One test per kind of caller: each walks every route, so each gets its own time budget
  // (the route table grows with every capability).
  // Tokens cannot hold the owner role.
  const callers = ROLES.flatMap((role) => (['session', 'token'] as const).filter((via) => !(via === 'token' && role === 'owner')).map((via) => ({ role, via })));
  it.each(callers)('answers every route as the permission table says for $role via $via', async ({ role, via }) => {
    const failures: string[] = [];
    const shared = await callerFor(role, via);
    for (const route of t.app.routeTable.filter((r) => r.auth !== 'public')) {
      const key = `${route.method} ${route.url}`;
      const spec = SPECS[key]!;
      for (const target of route.url.includes(':id') || spec.bodyNamesRecord ? [own, other] : [own]) {
        const caller = ENDS_CREDENTIALS.includes(key) ? await callerFor(role, via) : shared;
        const expected = expectedStatus(route.auth, route.action, role, via, spec, target === other);
        const res = await request(route.method, route.url, spec, caller, target);
        if (res.status !== expected) failures.push(`${key} as ${role} via ${via} on ${target === own ? 'own' : 'other'}: expected ${expected}, got ${res.status} ${res.body.slice(0, 120)}`);
      }
    }
    expect(failures).toEqual([]);
  }, 240_000);
});

function expectedStatus(auth: string, action: keyof typeof PERMISSIONS | undefined, role: Role, via: 'session' | 'token', spec: Spec, otherOrg: boolean): number {
  if (auth === 'user') return via === 'token' ? 403 : spec.success;
  if (!can(role, action!)) return 403;
  return otherOrg ? 404 : spec.success;
}

/**
 * Requests that end the credentials they are made with get a fresh session or token each; the
 * others share one per role and kind (a sign-in per request costs an argon2 verification).
 */
const ENDS_CREDENTIALS = ['POST /api/v1/auth/logout'];

async function callerFor(role: Role, via: 'session' | 'token'): Promise<Caller> {
  if (via === 'session') return t.login(own.users[role].email, TEST_PASSWORD);
  const { secret } = await createToken(t.db, systemContext(own.id), { name: `matrix-${role}-${unique()}`, role: role as 'admin', expiresInDays: 1 });
  return { bearer: secret };
}

// ---- issue 9 part B fixtures: records of the vendor and exposure routes, made directly in the database.
async function vendorFeed(org: TestOrg): Promise<string> {
  return (await t.db.insertInto('vendor_feeds').values({ org_id: org.id, kind: 'csaf_provider', url: `http://127.0.0.1:9/${unique()}/provider-metadata.json`, name: 'Matrix feed', created_by: 'matrix' }).returning('id').executeTakeFirstOrThrow()).id;
}
async function vendorAsset(org: TestOrg): Promise<string> {
  return (await t.db.insertInto('assets').values({ org_id: org.id, manufacturer: 'Matrix', model: 'M', serial: unique() }).returning('id').executeTakeFirstOrThrow()).id;
}
async function overriddenAsset(org: TestOrg): Promise<string> {
  const id = await vendorAsset(org);
  await t.db.insertInto('asset_release_matches').values({ asset_id: id, org_id: org.id, vendor_release_id: null, method: 'overridden', confidence: 1, reason: 'matrix' }).execute();
  return id;
}
async function vendorControl(org: TestOrg): Promise<string> {
  return (await t.db.insertInto('compensating_controls').values({ org_id: org.id, kind: 'monitoring', description: 'IDS', scope: 'zone', scope_value: 'icu', created_by: 'matrix' }).returning('id').executeTakeFirstOrThrow()).id;
}
async function vendorDeployment(org: TestOrg): Promise<string> {
  const asset = await vendorAsset(org);
  return (await t.db.insertInto('patch_deployments').values({ org_id: org.id, asset_id: asset, vuln_id: 'CVE-2021-44228', available_on: inDays(-10), due_on: inDays(20), updated_by: 'matrix' }).returning('id').executeTakeFirstOrThrow()).id;
}
function vendorCsaf(): string {
  const id = `MATRIX-${unique()}`;
  return JSON.stringify({
    document: { category: 'csaf_security_advisory', csaf_version: '2.0', title: 'Matrix', publisher: { category: 'vendor', name: 'Matrix Devices', namespace: 'https://matrix.example' }, tracking: { id, version: '1', status: 'final', initial_release_date: '2026-01-01T00:00:00Z', current_release_date: '2026-01-01T00:00:00Z', revision_history: [{ number: '1', date: '2026-01-01T00:00:00Z', summary: 'x' }] } },
    product_tree: { branches: [{ category: 'vendor', name: 'Matrix Devices', branches: [{ category: 'product_name', name: 'M', branches: [{ category: 'product_version', name: '1.0', product: { name: 'M 1.0', product_id: 'P1' } }] }] }] },
    vulnerabilities: [{ cve: 'CVE-2021-44228', product_status: { known_affected: ['P1'] }, remediations: [{ category: 'vendor_fix', details: 'Update.', product_ids: ['P1'] }] }],
  });
}
