import type { Command } from 'commander'
import { sql } from 'kysely'
import { seedSampleRegion, truncateAll } from '../../db/seed'
import { withDatabase } from '../context'

export function register(program: Command): void {
  const db = program
    .command('db')
    .description('database maintenance (embedded PGlite or DATABASE_URL)')

  db.command('migrate')
    .description('create the database if needed and apply pending migrations')
    .action(async (_options: unknown, command: Command) => {
      await withDatabase(command, async (database) => {
        const rows = await sql<{
          name: string
        }>`SELECT name FROM kysely_migration ORDER BY name`.execute(database.db)
        console.log(
          `Database is at migration ${rows.rows.at(-1)?.name ?? '(none)'} (${database.engine}).`,
        )
      })
    })

  db.command('seed')
    .description('load the fictional sample region (geodata/sample) into an empty database')
    .option(
      '--force',
      'load even if the database holds data (rows with the same codes/ids are replaced)',
    )
    .option('--dir <dir>', 'directory with <layer>.geojson files (default geodata/sample)')
    .action(async (options: { force?: boolean; dir?: string }, command: Command) => {
      await withDatabase(command, async (database) => {
        const result = await seedSampleRegion(database, {
          force: options.force === true,
          ...(options.dir ? { dir: options.dir } : {}),
          onProgress: (message) => process.stderr.write(`${message}\n`),
        })
        if (result.status === 'skipped') {
          console.log(`Sample region not loaded: ${result.reason}. Use --force to load it anyway.`)
          return
        }
        const summary = Object.entries(result.counts)
          .map(([layer, count]) => `${layer} ${count}`)
          .join(', ')
        console.log(`Sample region loaded: ${summary}.`)
      })
    })

  db.command('reset')
    .description('delete all data (schema kept); needs --yes')
    .option('--yes', 'confirm that every village, network, import and decision is deleted')
    .option('--seed', 'load the sample region afterwards')
    .action(async (options: { yes?: boolean; seed?: boolean }, command: Command) => {
      if (!options.yes) {
        console.error('db reset deletes all data in the database; run again with --yes to confirm.')
        process.exitCode = 1
        return
      }
      await withDatabase(command, async (database) => {
        await truncateAll(database)
        console.log('All tables emptied.')
        if (options.seed) {
          const result = await seedSampleRegion(database, {
            onProgress: (message) => process.stderr.write(`${message}\n`),
          })
          console.log(`Sample region ${result.status}.`)
        }
      })
    })
}
