/** @jest-config-loader esbuild-register */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from 'jest';

/**
 * - one project per package and per service for unit tests (`test/**\/*.test.ts`): pure logic, fakes allowed;
 * - `integration` (`*.int.test.ts`): each file starts the emulators it needs (`startEmulators` from
 *   @kes/local-cloud) — real Kinesis, DynamoDB Local and S3, never mocks;
 * - `e2e` (`test/e2e/**\/*.e2e.test.ts`): the whole local system, started once by test/e2e/globalSetup.ts.
 */
const swcTransform: Config['transform'] = {
  '^.+\\.(t|j|mj)s$': [
    '@swc/jest',
    {
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
      sourceMaps: 'inline',
    },
  ],
};

const shared: Config = {
  testEnvironment: 'node',
  transform: swcTransform,
  // Middy v7 and jose 6 are ESM-only: resolve Middy through its `import` condition and let swc
  // transform both to CommonJS.
  resolver: '<rootDir>/test/jest-resolver.cjs',
  transformIgnorePatterns: ['/node_modules/(?!\\.pnpm/(@middy|jose)|@middy|jose)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  setupFiles: ['<rootDir>/test/setup-env.cjs'],
};

const unitProjects: Config[] = ['packages', 'services'].flatMap((kind) =>
  readdirSync(kind)
    .filter((dir) => existsSync(join(kind, dir, 'test')))
    .map((dir) => ({
      ...shared,
      displayName: JSON.parse(readFileSync(join(kind, dir, 'package.json'), 'utf8')).name as string,
      rootDir: '.',
      roots: [`<rootDir>/${kind}/${dir}/test`],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['\\.(int|e2e)\\.test\\.ts$'],
    })),
);

const integration: Config = {
  ...shared,
  displayName: 'integration',
  rootDir: '.',
  roots: ['<rootDir>/packages', '<rootDir>/services', '<rootDir>/scripts', '<rootDir>/test/security'],
  testMatch: ['**/*.int.test.ts'],
  slowTestThreshold: 30,
};

const e2e: Config = {
  ...shared,
  displayName: 'e2e',
  rootDir: '.',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
  globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
  slowTestThreshold: 60,
};

const config: Config = {
  projects: [...unitProjects, integration, e2e],
  testTimeout: 120_000,
};

export default config;
