import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  test: {
    root,
    projects: [
      {
        test: { name: 'unit', root, include: ['tests/unit/**/*.test.ts'] },
      },
      {
        // Builds real Astro sites from fixture archives and inspects the HTML.
        test: {
          name: 'build',
          root,
          include: ['tests/build/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          // Astro builds are CPU-heavy; running them side by side on two cores only thrashes.
          fileParallelism: false,
        },
      },
      {
        // Real headless Chromium against the built site served on 127.0.0.1.
        test: {
          name: 'e2e',
          root,
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
