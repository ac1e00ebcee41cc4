// Vite builds the web application into dist/, or $SUPEVAL_WEB_OUT (index.html
// plus content-hashed files under assets/, which serve marks immutable). For
// development, `npx vite` serves the pages and passes /api to a running
// `supeval serve` ($SUPEVAL_API, default http://127.0.0.1:8080), saying the
// server's own Origin so its cross-site check lets the login through. Vitest runs the unit
// tests (tests/unit, no browser) and the browser tests (tests/browser,
// Debian's Chromium against a real `supeval serve`) as two projects.
import { defineConfig } from 'vitest/config';

const api = process.env['SUPEVAL_API'] ?? 'http://127.0.0.1:8080';
const apiProxy = {
  '/api': {
    target: api,
    changeOrigin: true,
    configure: (proxy: {
      on: (event: 'proxyReq', listener: (request: { setHeader: (n: string, v: string) => void }) => void) => void;
    }) => proxy.on('proxyReq', (request) => request.setHeader('origin', api)),
  },
};

export default defineConfig({
  server: { proxy: apiProxy },
  preview: { proxy: apiProxy },
  build: {
    outDir: process.env['SUPEVAL_WEB_OUT'] ?? 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    // The server's CSP is `default-src 'self'`: no inline script, so no
    // inline modulepreload polyfill (every browser we support has it).
    modulePreload: { polyfill: false },
    // Small assets stay files: a data: URL would need `img-src data:`.
    assetsInlineLimit: 0,
    target: 'es2022',
    sourcemap: false,
  },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
