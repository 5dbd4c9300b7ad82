import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

// The web app lives in src/web and builds into dist/web, which the Nest app serves at `/` (src/web-app.ts).
// `npx vite --config src/web/vite.config.ts` serves it with hot reload, calling the API of a running `npm start`.
const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webRoot,
  plugins: [
    vue(),
    // Each <el-x> and v-loading in a template is imported from element-plus where it is used, so a page's chunk
    // carries only the components it renders. Our own components are imported explicitly (dirs: []). The styles
    // stay one file (element-plus/dist/index.css in main.ts), loaded before styles.css, so the cascade is as before.
    // components.d.ts types the <el-x> tags for vue-tsc; the plugin rewrites it when a new tag turns up.
    Components({
      dirs: [],
      resolvers: [ElementPlusResolver({ importStyle: false })],
      dts: fileURLToPath(new URL('./components.d.ts', import.meta.url)),
    }),
  ],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    // ECharts (with zrender) is its own chunk, which only the dashboard route imports: it is the largest chunk by
    // far and changes only with an upgrade, so a deployment that touches the dashboard leaves it cached.
    rolldownOptions: {
      output: {
        codeSplitting: { groups: [{ name: 'echarts', test: /[\\/]node_modules[\\/](echarts|zrender)[\\/]/ }] },
      },
    },
    // test/e2e/web/web-bundle-size.e2e-spec.ts holds the entry chunk, with what index.html preloads, under 350 kB.
    // The ECharts chunk, about 545 kB, is the only one past that; a chunk past 600 kB is a new problem.
    chunkSizeWarningLimit: 600,
  },
  server: {
    // ZS_API points the dev server at another running instance.
    proxy: {
      '/api': process.env.ZS_API ?? 'http://localhost:3000',
      '/admin/queues': process.env.ZS_API ?? 'http://localhost:3000',
    },
  },
});
