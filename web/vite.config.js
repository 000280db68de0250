// Vite configuration of the admin console: `npm run build` builds it into web/dist (served by `scimkit serve`
// at /); `npx vite --config web/vite.config.js` serves it with hot reload, passing /admin/v1 and /scim to a
// scimkit at SCIMKIT_DEV_API (default http://127.0.0.1:8080).
import react from '@vitejs/plugin-react';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const web = dirname(fileURLToPath(import.meta.url));
const api = process.env.SCIMKIT_DEV_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: web,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline scripts or styles: the console's CSP allows files from this server only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: { proxy: { '/admin/v1': api, '/scim': api } },
});
