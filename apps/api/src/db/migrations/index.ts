/**
 * Static migration provider: every migration is imported here by name (no filesystem scanning, so it
 * works the same under tsx, Vitest and bundlers). Add the next migration as `NNNN-<name>.ts` and one
 * line below; never edit a migration that has landed.
 */
import type { Migration, MigrationProvider } from 'kysely/migration'
import * as m0001 from './0001-initial'

export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
}
