// Every outbound call in tests must go to the simulator on loopback. Any other
// destination fails the test at once instead of hanging on the closed network.
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const realFetch = globalThis.fetch;

globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  if (!LOOPBACK.has(url.hostname)) {
    throw new Error(`unexpected outbound request in a test: ${url.origin}`);
  }
  return realFetch(input, init);
};
