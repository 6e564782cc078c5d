// A worker thread does not inherit the TypeScript loader the hub runs with (see
// src/server/search.worker.boot.mjs): register tsx, then load the entry point.
import { register } from 'tsx/esm/api';

register();
await import('./token-score.thread.ts');
