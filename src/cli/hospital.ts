import { Option, type Command } from 'commander';
import { systemContext } from '../platform/auth/context.js';
import { alignedLines as table } from '../platform/text/columns.js';
import { addMonths } from '../modules/legacy/register.js';
import { UsageError, orgIdBySlug, withDatabase } from './context.js';

/**
 * Hospital registers on the command line, through the same service functions the API routes call:
 * `vigil legacy list --org SLUG [--format table|json|csv] [--within-months N]` prints the legacy
 * register (one row per fleet model: lifecycle stage, end of support and its source, plan);
 * `vigil contracts check --org SLUG [--format table|json]` prints every contract's obligations
 * checked against the facts (met / breached / pending) with the evidence. Both are reports: they
 * exit 0 whatever they find, 2 for an unknown organization or bad flags.
 */

function positiveInteger(value: string): number {
  if (!/^\d+$/u.test(value) || Number(value) < 1 || Number(value) > 1200) throw new UsageError(`--within-months takes a whole number of months from 1 to 1200, not "${value}".`);
  return Number(value);
}

export function registerHospitalCommands(program: Command, out: (line: string) => void): void {
  registerLegacyCommands(program, out);
  registerContractCommands(program, out);
}

function registerLegacyCommands(program: Command, out: (line: string) => void): void {
  program
    .command('legacy')
    .description('Legacy register: fleet models by end of support')
    .command('list')
    .description('One row per fleet model: devices, lifecycle stage, end of support (manual or vendor), plan decision')
    .requiredOption('--org <slug>')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .option('--within-months <n>', 'only models whose end of support falls between today and N months from today')
    .action(async (o: { org: string; format: 'table' | 'json' | 'csv'; withinMonths?: string }) => {
      const months = o.withinMonths === undefined ? undefined : positiveInteger(o.withinMonths);
      const { legacyRegister } = await import('../modules/legacy/service.js');
      await withDatabase(async (db) => {
        const register = await legacyRegister(db.kysely, systemContext(await orgIdBySlug(db, o.org)));
        const until = months === undefined ? undefined : addMonths(register.today, months);
        const items = until === undefined ? register.items : register.items.filter((i) => i.endOfSupportOn !== null && i.endOfSupportOn >= register.today && i.endOfSupportOn <= until);
        const planOf = (i: (typeof items)[number]) => (i.plan ? (i.plan.decision ?? 'undecided') : null);
        if (o.format === 'json') {
          out(JSON.stringify({ today: register.today, ...(until ? { withinMonths: months, until } : {}), items }, null, 2));
        } else if (o.format === 'csv') {
          const { csvDocument } = await import('../modules/risk/csv.js');
          process.stdout.write(csvDocument(
            ['manufacturer', 'model', 'devices', 'patient_connected', 'lifecycle_stage', 'end_of_support_on', 'end_of_support_source', 'days_to_end_of_support', 'plan'],
            items.map((i) => [i.manufacturer, i.model, i.assets, i.patientConnected, i.lifecycleStage, i.endOfSupportOn, i.endOfSupportOn ? i.stageSource : null, i.daysToEndOfSupport, planOf(i)]),
          ));
        } else {
          for (const l of table(
            ['MANUFACTURER', 'MODEL', 'DEVICES', 'STAGE', 'END OF SUPPORT', 'SOURCE', 'PLAN'],
            items.map((i) => [i.manufacturer, i.model, String(i.assets), i.lifecycleStage ?? '-', i.endOfSupportOn ?? '-', (i.endOfSupportOn ? i.stageSource : null) ?? '-', planOf(i) ?? 'no plan']),
          )) out(l);
          out(`${items.length} model(s)${until ? ` leaving support between ${register.today} and ${until}` : ''}.`);
        }
      });
    });
}

function registerContractCommands(program: Command, out: (line: string) => void): void {
  program
    .command('contracts')
    .description('Vendor contracts and their MC2 obligations')
    .command('check')
    .description('Every contract’s obligations checked against the facts (met / breached / pending) with the evidence; exits 0 even when some are breached')
    .requiredOption('--org <slug>')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (o: { org: string; format: 'table' | 'json' }) => {
      const { getContract, listContracts } = await import('../modules/contracts/service.js');
      await withDatabase(async (db) => {
        const ctx = systemContext(await orgIdBySlug(db, o.org));
        const contracts = [];
        for (const c of await listContracts(db.kysely, ctx)) contracts.push(await getContract(db.kysely, ctx, c.id));
        if (o.format === 'json') {
          out(JSON.stringify({ contracts }, null, 2));
          return;
        }
        if (contracts.length === 0) out('No contracts in this organization.');
        for (const c of contracts) {
          const breached = c.obligations.filter((x) => x.status === 'breached').length;
          out(`${c.vendorName} — ${c.title}${c.reference ? ` (${c.reference})` : ''}: ${c.status}, ${c.obligations.length} obligation(s), ${breached} breached`);
          for (const l of table(['  CLAUSE', 'TOPIC', 'STATUS', 'EVIDENCE'], c.obligations.map((x) => [`  ${x.clauseId}`, x.topic, x.status, x.evidence.length === 0 ? '-' : `${x.evidence.length} item(s)`]))) out(l);
          for (const x of c.obligations) for (const e of x.evidence) out(`    ${x.clauseId} ${e.status.padEnd(8)} ${e.subject ? `${e.subject}: ` : ''}${e.detail}`);
          if (c.gaps.length > 0) out(`  not tracked: ${c.gaps.join(', ')}`);
          for (const w of c.warnings) out(`  warning: ${w}`);
        }
      });
    });
}
