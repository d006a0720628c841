import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// `npx vite` proxies the API to a local server (GW_API, default http://127.0.0.1:8080).
export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts'
          if (id.includes('node_modules/leaflet')) return 'leaflet'
          return undefined
        },
      },
    },
  },
  server: {
    proxy: { '/api': process.env.GW_API || 'http://127.0.0.1:8080' },
  },
  test: {
    include: ['src/**/*.test.js'],
    environment: 'node',
  },
})
