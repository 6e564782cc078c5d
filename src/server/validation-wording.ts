import type { FastifyRequest } from 'fastify';
import type { ZodFastifySchemaValidationError } from 'fastify-type-provider-zod';

/** One validation problem as the API reports it: the parameter's own name, where it was, and what it must be. */
export interface ValidationDetail {
  parameter: string;
  in: 'query' | 'path' | 'body' | 'header';
  message: string;
}

const PLACES: Record<string, ValidationDetail['in']> = { querystring: 'query', params: 'path', body: 'body', headers: 'header' };

/**
 * Rewords zod's issues into one phrasing, `name: must …`, with no library text
 * ("Invalid input: expected string, received array") and no framework prefix
 * ("querystring.state"). Messages the schemas word themselves (refinements,
 * regexes) pass through; the codes zod words by default are worded here. An
 * unknown parameter is named, with the ones the route does take.
 */
export function validationDetails(context: string | undefined, issues: readonly ZodFastifySchemaValidationError[], request: FastifyRequest): ValidationDetail[] {
  const where = PLACES[context ?? ''] ?? 'query';
  const raw = { query: request.query, path: request.params, body: request.body, header: request.headers }[where] as Record<string, unknown> | undefined;
  const out: ValidationDetail[] = [];
  for (const issue of issues) {
    const path = String(issue.instancePath).split('/').filter(Boolean);
    const params = issue.params as Record<string, unknown>;
    if (issue.keyword === 'unrecognized_keys') {
      const known = knownKeys(request, context);
      for (const key of (params.keys as string[] | undefined) ?? []) {
        out.push({ parameter: [...path, key].join('.'), in: where, message: known.length ? `is not a parameter of this route (it takes ${known.join(', ')})` : 'is not a parameter of this route' });
      }
      continue;
    }
    const parameter = path.join('.') || where;
    out.push({ parameter, in: where, message: reword(issue, params, path.length === 1 ? raw?.[path[0]!] : undefined) });
  }
  return out;
}

function reword(issue: ZodFastifySchemaValidationError, params: Record<string, unknown>, value: unknown): string {
  switch (issue.keyword) {
    case 'invalid_type':
      if (value === undefined) return 'is required';
      if (Array.isArray(value)) return 'must be given once';
      return `must be a ${String(params.expected)}`;
    case 'invalid_value':
      return `must be one of: ${((params.values as unknown[] | undefined) ?? []).map(String).join(', ')}`;
    case 'too_big':
      return params.origin === 'string' ? `must be at most ${String(params.maximum)} characters` : `must be at most ${String(params.maximum)}`;
    case 'too_small':
      return params.origin === 'string' ? `must be at least ${String(params.minimum)} characters` : `must be at least ${String(params.minimum)}`;
    default:
      // Schemas word their own rules ("must be a GitHub login"); zod's generic wording starts with a capital.
      return /^[A-Z]/.test(issue.message) ? 'is not valid' : issue.message;
  }
}

function knownKeys(request: FastifyRequest, context: string | undefined): string[] {
  type Shaped = { shape?: Record<string, unknown>; in?: Shaped };
  const schema = (request.routeOptions.schema as Record<string, unknown> | undefined)?.[context ?? ''] as Shaped | undefined;
  // A schema with a transform is a pipe: its input object holds the parameters.
  const shape = schema?.shape ?? schema?.in?.shape;
  return shape ? Object.keys(shape) : [];
}
