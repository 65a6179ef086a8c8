import type { Command } from 'commander'
import { sql } from 'kysely'
import { redactDatabaseUrl } from '../../config'
import { TABLES } from '../../db/schema'
import { withDatabase } from '../context'

export function register(program: Command): void {
  program
    .command('info')
    .description('show the database in use, its migration and row counts, and recent imports')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }, command: Command) => {
      await withDatabase(command, async (database, config) => {
        const counts: Record<string, number> = {}
        for (const table of TABLES) {
          const result = await sql<{
            count: number
          }>`SELECT count(*)::int AS count FROM ${sql.table(table)}`.execute(database.db)
          counts[table] = result.rows[0]?.count ?? 0
        }
        const migration = await sql<{
          name: string
        }>`SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1`.execute(database.db)
        const imports = await database.db
          .selectFrom('import_log')
          .select([
            'id',
            'layer',
            'file_name',
            'status',
            'feature_count',
            'error_count',
            'source_crs',
          ])
          .orderBy('id', 'desc')
          .limit(10)
          .execute()
        const info = {
          engine: database.engine,
          location:
            config.database.engine === 'postgres'
              ? redactDatabaseUrl(config.database.databaseUrl)
              : config.database.dataDir,
          migration: migration.rows[0]?.name ?? null,
          counts,
          recentImports: imports,
        }
        if (options.json) {
          console.log(JSON.stringify(info, null, 2))
          return
        }
        console.log(`Engine:    ${info.engine} (${info.location})`)
        console.log(`Migration: ${info.migration ?? '(none)'}`)
        for (const [table, count] of Object.entries(counts))
          console.log(`  ${table.padEnd(20)} ${count}`)
        if (imports.length > 0) console.log('Recent imports:')
        for (const row of imports) {
          console.log(
            `  #${row.id} ${row.layer} ${row.file_name} ${row.status} (${row.feature_count} features, ${row.error_count} errors, ${row.source_crs})`,
          )
        }
      })
    })
}
