import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// The web app lives in src/web and builds into dist/web, which the Nest app serves at `/` (src/web-app.ts).
// `npx vite --config src/web/vite.config.ts` serves it with hot reload, calling the API of a running `npm start`.
const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webRoot,
  plugins: [vue()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    // ZS_API points the dev server at another running instance.
    proxy: {
      '/api': process.env.ZS_API ?? 'http://localhost:3000',
      '/admin/queues': process.env.ZS_API ?? 'http://localhost:3000',
    },
  },
});
