import { defineConfig } from 'vitest/config'

// PGlite + PostGIS starts in ~3 s from the cached migrated snapshot (~15 s to build it once), so
// timeouts are generous; files run in parallel (each has its own database).
export default defineConfig({
  test: {
    name: '@tongcun/api',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: true,
  },
})
