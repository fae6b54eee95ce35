import type { OrgContext } from '../../platform/auth/context.js';
import { loadConfig, type Config } from '../../platform/config.js';
import type { Db } from '../../platform/db/database.js';
import { createAdvisory, publishAdvisory } from '../csaf/service.js';
import { activeKeyRow, generateKey } from '../csaf/keys.js';

/**
 * The demo manufacturer's CSAF provider: a signing key generated at first start (encrypted with
 * the server's key secret like any other) and one published TLP:WHITE advisory for Log4Shell
 * on the CardioWatch gateway, generated from the demo findings, the analyst's rating and the
 * validated 5.0.2 update plan (src/modules/demo/clocks.ts). The configuration is the process
 * environment's (the demo loader has no other): VIGIL_KEY_SECRET or the data directory's secret
 * file, VIGIL_PUBLIC_URL or HOST:PORT for the directory's URLs. Runs once.
 */
export async function loadDemoCsaf(db: Db, orgId: string, config: Config = loadConfig()): Promise<void> {
  if (await db.selectFrom('csaf_advisories').select('id').where('org_id', '=', orgId).where('vulnerability_id', '=', 'CVE-2021-44228').executeTakeFirst()) return;
  const hasFinding = await db.selectFrom('findings').select('id').where('org_id', '=', orgId).where('vuln_id', '=', 'CVE-2021-44228').executeTakeFirst();
  if (!hasFinding) return;
  const ctx: OrgContext = { actor: { type: 'system', id: null, label: 'vigil demo' }, userId: null, orgId, role: 'owner', requestId: null };
  if (!(await activeKeyRow(db, orgId))) await generateKey(db, ctx, config, { name: 'Acme Medical PSIRT (demo key)', email: 'psirt@acme.example' });
  const advisory = await createAdvisory(db, ctx, config, {
    vulnerabilityId: 'CVE-2021-44228',
    tlp: 'WHITE',
    patientSafety: 'There are no known reports of patient harm. An attacker on the hospital network could silence or falsify CardioWatch bedside alarms: keep monitoring patients as prescribed, and keep the gateway on an isolated clinical network until it is updated.',
  });
  await publishAdvisory(db, ctx, config, advisory.id, { summary: 'Initial release.', baseUrl: (config.publicUrl ?? `http://${config.host}:${config.port}`).replace(/\/+$/u, '') });
}
