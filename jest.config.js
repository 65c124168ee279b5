/** Jest runs the TypeScript sources directly as ESM (ts-jest), so tests see exactly what `npm run build` compiles. */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }],
  },
  // Generous: property tests run hundreds of analyses, and a shared CI runner may be slow; speed is measured by `npm run bench`, never by tests.
  testTimeout: 120000,
  // Separate worker processes, each replaced once it holds more than this after a test file: a single
  // in-band process (jest's choice on a 2-core machine) accumulates ts-jest's compiled modules and
  // the suites' caches past Node's default heap on a cold cache (a clean CI machine).
  maxWorkers: 2,
  workerIdleMemoryLimit: '1536MB',
};
