import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';
import { coffreVitestConfig } from '../../vitest.shared.ts';

// Nest resolves constructor dependencies from decorator metadata, which only SWC (not Vite's
// default transform) emits; the plugin reads the decorator flags from tsconfig.json.
const shared = coffreVitestConfig();

export default defineConfig({
  ...shared,
  oxc: false,
  plugins: [swc.vite({ module: { type: 'es6' } })],
});
