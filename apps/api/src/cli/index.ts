/**
 * The `tongcun` CLI. Each command lives in `commands/<name>.ts` exporting `register(program)`;
 * to add one, add ONE import line and ONE entry in `COMMANDS` (marked `// cli:`).
 * Global option `--data-dir <dir>` (env TONGCUN_DATA_DIR, default ./data); DATABASE_URL selects
 * PostgreSQL. Commands read both through `configFromCommand` / `withDatabase` in `./context`.
 */
import { Command, CommanderError } from 'commander'
import { DomainError } from '@tongcun/domain'
// cli: imports (one line per command module)
import * as db from './commands/db'
import * as info from './commands/info'
import * as serve from './commands/serve'
import * as importCommand from './commands/import'
import * as sites from './commands/sites'
import * as clusters from './commands/clusters'
import * as regions from './commands/regions'
import * as coverage from './commands/coverage'
// cli: imports end

interface CommandModule {
  register(program: Command): void
}

// cli: commands (one entry per command module)
const COMMANDS: CommandModule[] = [
  serve,
  db,
  info,
  importCommand,
  sites,
  clusters,
  regions,
  coverage,
]

export function buildProgram(): Command {
  const program = new Command('tongcun')
    .description('Tongcun (通村): rural infrastructure coverage and village relocation planning')
    .option(
      '--data-dir <dir>',
      'embedded database directory (env TONGCUN_DATA_DIR, default ./data); when given it wins over DATABASE_URL',
    )
    .showHelpAfterError()
    .exitOverride()
  for (const command of COMMANDS) command.register(program)
  return program
}

/** Runs the CLI; prints errors (with DomainError details) and sets a non-zero exit code. */
export async function main(argv: string[] = process.argv): Promise<void> {
  const program = buildProgram()
  try {
    await program.parseAsync(argv)
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode
      return
    }
    if (error instanceof DomainError) {
      console.error(`error (${error.code}): ${error.message}`)
      const issues = (error.details as { issues?: unknown[] } | undefined)?.issues
      if (Array.isArray(issues))
        for (const issue of issues) console.error(`  ${JSON.stringify(issue)}`)
    } else {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`)
      if (process.env.TONGCUN_DEBUG && error instanceof Error) console.error(error.stack)
    }
    process.exitCode = 1
  }
}
