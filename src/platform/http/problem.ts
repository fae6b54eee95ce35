/**
 * RFC 9457 problem details. Services throw {@link Problem}; the HTTP layer renders it as
 * `application/problem+json` and the CLI prints its title and detail.
 */
export interface ProblemFieldError {
  /** JSON pointer into the request (e.g. `/body/email`, `/query/limit`). */
  readonly pointer: string;
  readonly message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: readonly ProblemFieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export class Problem extends Error {
  readonly status: number;
  readonly type: string;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: readonly ProblemFieldError[] | undefined;
  readonly extensions: Record<string, unknown>;

  constructor(
    status: number,
    slug: string,
    detail?: string,
    options: { errors?: readonly ProblemFieldError[]; extensions?: Record<string, unknown> } = {},
  ) {
    super(detail ?? TITLES[status] ?? 'Error');
    this.name = 'Problem';
    this.status = status;
    this.type = problemType(slug);
    this.title = TITLES[status] ?? 'Error';
    this.detail = detail;
    this.errors = options.errors;
    this.extensions = options.extensions ?? {};
  }

  toBody(instance?: string): ProblemBody {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
      ...this.extensions,
    };
  }
}

/** Problem type URIs are stable identifiers documented in docs/api.md. */
export function problemType(slug: string): string {
  return `https://vigil.dev/problems/${slug}`;
}

export const notFound = (what = 'resource') => new Problem(404, 'not-found', `No such ${what}.`);
export const forbidden = (detail = 'Your role does not allow this action.') => new Problem(403, 'forbidden', detail);
export const unauthorized = (detail = 'Sign in or present a valid API token.') => new Problem(401, 'unauthorized', detail);
export const conflict = (detail: string) => new Problem(409, 'conflict', detail);
export const badRequest = (detail: string, errors?: ProblemFieldError[]) =>
  new Problem(400, 'bad-request', detail, errors ? { errors } : {});
