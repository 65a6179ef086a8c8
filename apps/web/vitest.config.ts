import react from '@vitejs/plugin-react'
import { mapFontFacesPlugin } from './vite/font-faces-plugin'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  plugins: [react(), mapFontFacesPlugin()],
  test: {
    name: '@tongcun/web',
    root: import.meta.dirname,
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}', 'vite/**/*.test.ts'],
  },
})
