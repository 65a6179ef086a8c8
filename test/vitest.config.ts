import { defineConfig } from 'vitest/config'

// End-to-end tests start the real server (first PGlite start + seed ~20-40 s) and drive Chromium.
export default defineConfig({
  test: {
    name: '@tongcun/e2e',
    root: import.meta.dirname,
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
})
