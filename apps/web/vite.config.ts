import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { mapFontFacesPlugin } from './vite/font-faces-plugin'

const apiPort = process.env.PORT ?? '8600'

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react(), mapFontFacesPlugin()],
  server: {
    port: Number(process.env.WEB_DEV_PORT ?? 5173),
    proxy: { '/api': `http://127.0.0.1:${apiPort}` },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Font subsets stay files (never inlined) so the browser fetches only the ranges it needs.
    assetsInlineLimit: (file) => (/\.(woff2?|ttf)$/.test(file) ? false : undefined),
    chunkSizeWarningLimit: 2000,
  },
})
