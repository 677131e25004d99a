// Builds the client into dist/, which `debrief serve` serves at `/`.
// `npm run dev` serves it with hot reload and forwards the API and WebSockets to a local
// `debrief serve` on port 8080.
import { defineConfig } from 'vite'

const server = 'http://127.0.0.1:8080'

export default defineConfig({
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800 },
  server: {
    proxy: {
      '/api': server,
      '/ws': { target: server, ws: true }
    }
  }
})
