import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { Problem, type ProblemBody, problemType } from './problem.js';

const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.status(problem.status).type(PROBLEM_JSON).send(problem.toBody(reply.request.url.split('?')[0]));
}

/** Fastify's own errors, by code, as problems a client can act on. */
function fromFastifyError(error: FastifyError): Problem | null {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new Problem(415, 'unsupported-media-type', 'Send the body as application/json.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new Problem(413, 'body-too-large', 'The request body is larger than this endpoint accepts.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new Problem(400, 'malformed-json', 'The body is empty but declared as JSON.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new Problem(400, 'malformed-json', `The body is not valid JSON: ${error.message}`);
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new Problem(400, 'bad-request', 'Content-Length does not match the body.');
  }
  if (error instanceof SyntaxError && error.statusCode === 400) {
    return new Problem(400, 'malformed-json', `The body is not valid JSON: ${error.message}`);
  }
  if (error.statusCode === 429) return new Problem(429, 'rate-limited', 'Too many requests; wait and try again.');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new Problem(error.statusCode, 'bad-request', error.message);
  }
  return null;
}

function fromValidation(error: unknown): Problem | null {
  if (!hasZodFastifySchemaValidationErrors(error)) return null;
  const where = (error as { validationContext?: string }).validationContext ?? 'body';
  const errors = error.validation.map((v) => ({
    pointer: `/${where === 'querystring' ? 'query' : where}${v.instancePath}`,
    message: v.message ?? 'invalid',
  }));
  const first = errors[0];
  return new Problem(400, 'validation', first ? `${first.pointer}: ${first.message}` : 'The request is invalid.', { errors });
}

/** Every error leaves as application/problem+json; unexpected ones are logged, never echoed. */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = error instanceof Problem ? error : (fromValidation(error) ?? fromFastifyError(error));
  if (problem) {
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, problem);
  }
  request.log.error({ err: error }, 'unexpected error');
  return sendProblem(reply, new Problem(500, 'internal', 'Something went wrong on our side; the request id identifies it in the logs.'));
}

/** A complete HTTP/1.1 response for errors Node raises before Fastify sees the request. */
export function rawProblemResponse(status: number, slug: string, detail: string): string {
  const body: ProblemBody = { type: problemType(slug), title: status === 431 ? 'Request Header Fields Too Large' : 'Bad Request', status, detail };
  const text = JSON.stringify(body);
  return `HTTP/1.1 ${status} ${body.title}\r\nContent-Type: ${PROBLEM_JSON}\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`;
}
