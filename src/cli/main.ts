import { Command, CommanderError } from 'commander';
import { EXIT, describeFailure } from './errors.js';

/** `vigil`: the command-line entry point (bin/vigil.js). */
const out = (line: string) => process.stdout.write(`${line}\n`);

type Register = (program: Command, out: (line: string) => void) => void;

/**
 * Which module registers which top-level verbs. Only the module of the verb being run is
 * loaded (every module for help or an unknown verb): the server's dependency tree takes
 * seconds to load through tsx, and `vigil scan` in a CI pipeline should not pay for it.
 */
const VERB_MODULES: readonly { verbs: readonly string[]; load: () => Promise<Register> }[] = [
  { verbs: ['serve'], load: async () => (await import('./serve.js')).registerServe },
  { verbs: ['migrate', 'org', 'user', 'token', 'audit', 'demo'], load: async () => (await import('./admin.js')).registerAdminCommands },
  { verbs: ['import', 'export'], load: async () => (await import('./sbom.js')).registerSbomCommands },
  { verbs: ['intel'], load: async () => (await import('./intel.js')).registerIntelSnapshotCommand },
  { verbs: ['scan'], load: async () => (await import('./scan.js')).registerScanCommand },
  { verbs: ['risk'], load: async () => (await import('./risk.js')).registerRiskCommands },
  { verbs: ['vex'], load: async () => (await import('./vex.js')).registerVexCommands },
  { verbs: ['fleet', 'mds2'], load: async () => (await import('./fleet.js')).registerFleetCommands },
  { verbs: ['governance', 'benchmark'], load: async () => (await import('./governance.js')).registerGovernanceCommands },
  { verbs: ['vendors', 'exposure'], load: async () => (await import('./vendors.js')).registerVendorCommands },
  { verbs: ['premarket'], load: async () => (await import('./premarket.js')).registerPremarketCommands },
  { verbs: ['legacy', 'contracts'], load: async () => (await import('./hospital.js')).registerHospitalCommands },
];

async function buildProgram(verb: string | undefined): Promise<Command> {
  const program = new Command('vigil')
    .description('Vigil — medical device security lifecycle (HSCC JSP 2.0)')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  const owner = VERB_MODULES.find((m) => verb !== undefined && m.verbs.includes(verb));
  for (const module of owner ? [owner] : VERB_MODULES) (await module.load())(program, out);
  return program;
}

try {
  const program = await buildProgram(process.argv[2]);
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // --help and --version exit 0; every other parsing problem is a usage error.
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    const { message, code } = describeFailure(error);
    process.stderr.write(`vigil: ${message}\n`);
    process.exitCode = code;
  }
}
