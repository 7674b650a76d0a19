import { defineConfig } from 'vitest/config';
import { coffreVitestConfig } from '../../vitest.shared.ts';

export default defineConfig(coffreVitestConfig());
