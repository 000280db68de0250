import { runCli } from './program.js';

// Exit through exitCode, not process.exit(), so output piped to another program is flushed first.
process.exitCode = await runCli(process.argv.slice(2));
