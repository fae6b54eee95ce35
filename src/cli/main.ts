import { Command, CommanderError } from 'commander';
import { registerAdminCommands } from './admin.js';
import { EXIT, describeFailure } from './context.js';
import { registerIntelSnapshotCommand } from './intel.js';
import { registerSbomCommands } from './sbom.js';
import { registerScanCommand } from './scan.js';
import { registerServe } from './serve.js';

/** `vigil`: the command-line entry point (bin/vigil.js). */
const out = (line: string) => process.stdout.write(`${line}\n`);

const program = new Command('vigil')
  .description('Vigil — medical device security lifecycle (HSCC JSP 2.0)')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

registerServe(program, out);
registerAdminCommands(program, out);
registerSbomCommands(program, out);
registerIntelSnapshotCommand(program, out);
registerScanCommand(program);

try {
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
