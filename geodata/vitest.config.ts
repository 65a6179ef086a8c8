import { defineConfig } from 'vitest/config'

// The generator is CPU-bound; the shared 2-core machine can be slow, so timeouts are generous.
export default defineConfig({
  test: {
    name: '@tongcun/geodata',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
  },
})
