import { defineConfig } from 'vitest/config';
import { coffreVitestConfig } from '../../vitest.shared.ts';

export default defineConfig(coffreVitestConfig({ include: ['app/**/*.spec.{ts,tsx}', 'lib/**/*.spec.{ts,tsx}', 'components/**/*.spec.{ts,tsx}'] }));
