/**
 * The `tongcun` CLI. Each command lives in `commands/<name>.ts` exporting `register(program)`;
 * to add one, add ONE entry in `COMMANDS` (marked `// cli:`).
 * Global option `--data-dir <dir>` (env TONGCUN_DATA_DIR, default ./data); DATABASE_URL selects
 * PostgreSQL. Commands read both through `configFromCommand` / `withDatabase` in `./context`.
 *
 * Command modules are imported only when needed: a run of one command loads that command's module
 * alone (all of them, with their dependencies, took ~2.2 s to load before any command started);
 * help and unknown commands load them all, in this order.
 */
import { Command, CommanderError } from 'commander'
import { DomainError } from '@tongcun/domain'

interface CommandModule {
  register(program: Command): void
}

// cli: commands (name → module; the order of the help)
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  serve: () => import('./commands/serve'),
  db: () => import('./commands/db'),
  info: () => import('./commands/info'),
  import: () => import('./commands/import'),
  sites: () => import('./commands/sites'),
  clusters: () => import('./commands/clusters'),
  regions: () => import('./commands/regions'),
  coverage: () => import('./commands/coverage'),
}
// cli: commands end

/** Global options that take a value (their value is not the command's name). */
const GLOBAL_OPTIONS_WITH_VALUES = ['--data-dir']

/** The command `args` (without node and script) name, if it is one of ours; else null. */
export function commandNamed(args: readonly string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string
    if (GLOBAL_OPTIONS_WITH_VALUES.includes(arg)) {
      i++
      continue
    }
    if (arg.startsWith('-')) continue
    return Object.hasOwn(COMMANDS, arg) ? arg : null
  }
  return null
}

/**
 * The program with every command, or with the one `args` names (as `main` runs it; `args` without
 * node and script).
 */
export async function buildProgram(args?: readonly string[]): Promise<Command> {
  const program = new Command('tongcun')
    .description('Tongcun (通村): rural infrastructure coverage and village relocation planning')
    .option(
      '--data-dir <dir>',
      'embedded database directory (env TONGCUN_DATA_DIR, default ./data); when given it wins over DATABASE_URL',
    )
    .showHelpAfterError()
    .exitOverride()
  const named = args ? commandNamed(args) : null
  const names = named ? [named] : Object.keys(COMMANDS)
  const modules = await Promise.all(
    names.map((name) => (COMMANDS[name] as () => Promise<CommandModule>)()),
  )
  for (const command of modules) command.register(program)
  return program
}

/** Runs the CLI; prints errors (with DomainError details) and sets a non-zero exit code. */
export async function main(argv: string[] = process.argv): Promise<void> {
  try {
    const program = await buildProgram(argv.slice(2))
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
