// Entry point: apply the API's V8 flags, then validate the environment, start the API, and close
// it cleanly on SIGTERM/SIGINT (start-api.ts). The rest is imported only once the flags are set:
// a static import would load and link every module of the API first, and that loading is itself
// what grows V8's young generation past the size memory-flags.ts keeps it at.
import './memory-flags.js';

await import('./start-api.js');
