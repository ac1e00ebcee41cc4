// Vite builds the web application into dist/ (index.html plus content-hashed
// files under assets/, which serve marks immutable); Vitest runs the unit
// tests (tests/unit, no browser) and the browser tests (tests/browser,
// Debian's Chromium against a real `supeval serve`) as two projects.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  build: {
    outDir: 'dist',
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
