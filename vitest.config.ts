import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src-*/**/*.test.{ts,tsx}', 'lab/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // sshd and node_exporter ports are fixed per lab; one file at a time keeps them apart.
    fileParallelism: false
  }
})
