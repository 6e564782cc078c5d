import { constants as zlib, type BrotliOptions } from 'node:zlib';

/**
 * How answers are compressed, shared by the compression plugin (app.ts) and the
 * answers kept compressed (answer-cache.ts), so both send the same bytes.
 * Answers of 1 KB or more are compressed for clients that accept it (a page of 100
 * issues: 53 KB of JSON), best encoding first.
 */
export const COMPRESS_THRESHOLD = 1024;
export const ENCODINGS = ['br', 'gzip', 'deflate'] as const;
// Brotli's quality 4 compresses about as well as gzip's default at a fraction of quality 11's CPU.
export const brotliOptions: BrotliOptions = { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } };
