import { defineConfig } from 'vitest/config'

// One vitest run over every workspace; each workspace may add its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'geodata', 'test'],
  },
})
