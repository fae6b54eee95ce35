import { fileURLToPath } from 'node:url';
import { systemContext } from '../../platform/auth/context.js';
import type { Db } from '../../platform/db/database.js';
import { importIntelFile } from '../intel/import-file.js';
import { rematchOrganization } from '../intel/rematch.js';
import { sourceByName, type SourceKind } from '../intel/service.js';

/**
 * The demo manufacturer's intelligence: excerpts of real feeds (src/modules/demo/intel/
 * README.md) imported as file sources, then every demo SBOM matched, so first start shows
 * Log4Shell (with KEV) on the CardioWatch 4.6.0 gateway by purl and Heartbleed on its
 * OpenSSL 1.0.1f by CPE, while the 5.0.2 gateway, on log4j 2.17.1, shows none.
 */
const DEMO_SOURCES: readonly { kind: SourceKind; name: string; file: string }[] = [
  { kind: 'osv', name: 'GitHub Advisory Database (demo excerpt)', file: 'github-advisories.json' },
  { kind: 'nvd', name: 'NVD CVE API (demo excerpt)', file: 'nvd-excerpt.json' },
  { kind: 'kev', name: 'CISA KEV (demo excerpt)', file: 'kev-excerpt.json' },
];

/** Imports the demo sources that are missing (so an interrupted first start completes), then rematches. */
export async function loadDemoIntel(db: Db, orgId: string): Promise<void> {
  const ctx = systemContext(orgId);
  let imported = 0;
  for (const { kind, name, file } of DEMO_SOURCES) {
    const exists = await db.selectFrom('intel_sources').select('last_status').where('org_id', '=', orgId).where('name', '=', name).executeTakeFirst();
    if (exists?.last_status === 'succeeded') continue;
    const source = await sourceByName(db, ctx, kind, name);
    await importIntelFile(db, ctx, source, fileURLToPath(new URL(`./intel/${file}`, import.meta.url)));
    imported++;
  }
  if (imported > 0) await rematchOrganization(db, orgId);
}
