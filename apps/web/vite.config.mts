import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The public web pages. The API serves the build from dist/apps/web (API_WEB_ROOT) with
// index.html revalidated and assets/ immutable; `vite dev` here proxies the API's routes.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: { outDir: '../../dist/apps/web', emptyOutDir: true },
  server: { proxy: { '/public': 'http://127.0.0.1:3000' } },
});
