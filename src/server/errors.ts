import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { redactString } from '../config/redact.ts';
import { HubError } from '../core/errors.ts';
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
    reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` } } satisfies ErrorBody);
  });
}

/**
 * URLs the router cannot even parse (bad percent-encoding, a path segment past
 * maxParamLength) never reach a route or the handler above: this gives them the
 * same error shape.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
  const code = tooLong ? 'parameter_too_long' : error.code === 'FST_ERR_BAD_URL' ? 'bad_url' : 'bad_request';
  const message = tooLong ? 'A path segment is longer than any GitHub name' : 'The URL is not valid';
  reply
    .code(tooLong ? 414 : 400)
    .header('x-content-type-options', 'nosniff')
    .send({ error: { code, message } } satisfies ErrorBody);
}
