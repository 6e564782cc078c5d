// A worker thread does not inherit the TypeScript loader the hub runs with, and
// Node 20 ignores `--import` in a worker's execArgv; so the thread registers tsx
// itself, then loads the TypeScript entry point.
import { register } from 'tsx/esm/api';

register();
await import('./search.worker.ts');
