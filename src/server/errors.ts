import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { redactString } from '../config/redact.ts';
import { HubError } from '../core/errors.ts';
import { SECURITY_HEADERS } from './security.ts';
import { validationDetails } from './validation-wording.ts';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/**
 * One handler turns every error into `{"error":{"code","message"}}`. Validation
 * problems are 400 with the offending parameters named; HubErrors keep their
 * status and code; anything else is a 500 whose internals stay in the log.
 */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | HubError | Error, request, reply) => {
    // A validator set before the failure must not make an error answer look cacheable.
    reply.removeHeader('etag');
    reply.header('cache-control', 'no-store');
    if (err instanceof HubError) {
      const body: ErrorBody = { error: { code: err.code, message: err.message } };
      if (err.details !== undefined) body.error.details = err.details;
      return reply.status(err.status).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = validationDetails(err.validationContext, err.validation, request);
      return reply.status(400).send({
        error: { code: 'invalid_parameter', message: details.map((d) => `${d.parameter}: ${d.message}`).join('; '), details },
      } satisfies ErrorBody);
    }
    const status = (err as FastifyError).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const code = (err as FastifyError).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'bad_request';
      return reply.status(status).send({ error: { code, message: redactString(err.message) } } satisfies ErrorBody);
    }
    request.log.error({ err }, 'request failed');
    return reply.status(500).send({ error: { code: 'internal', message: 'Internal error; the server log has the details' } } satisfies ErrorBody);
  });

  app.setNotFoundHandler((request, reply) => {
    reply.status(404).header('cache-control', 'no-store').send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` } } satisfies ErrorBody);
  });
}

/**
 * URLs the router cannot even parse (bad percent-encoding, a path segment past
 * maxParamLength) never reach a route, a hook or the handler above: this gives
 * them the same error shape and the headers hooks would have set.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const code = tooLong ? 'parameter_too_long' : error.code === 'FST_ERR_BAD_URL' ? 'bad_url' : 'bad_request';
  const message = tooLong ? 'A path segment is longer than any GitHub name' : 'The URL is not valid';
  reply
    .code(tooLong ? 414 : 400)
    .headers({ ...SECURITY_HEADERS, 'cache-control': 'no-store' })
    .send({ error: { code, message } } satisfies ErrorBody);
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a lower-case or
 * unknown method, a NUL or a space in the path, a request line and headers past
 * 16 KB) are answered on the socket itself; Fastify's default would answer in
 * its own shape without the security headers.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'The request line and headers are longer than 16 KB']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'The request did not arrive in time']
        : [400, 'bad_request', 'The request is not valid HTTP'];
  const body = JSON.stringify({ error: { code, message } } satisfies ErrorBody);
  const headers = { ...SECURITY_HEADERS, 'cache-control': 'no-store', 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), connection: 'close' };
  if (socket.writable) {
    const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines}\r\n${body}`);
  }
  socket.destroy(err);
}
