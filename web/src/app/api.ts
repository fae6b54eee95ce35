/**
 * The one way the web app talks to the Vigil API: same-origin cookies, JSON bodies, the
 * session's CSRF token on unsafe methods, and RFC 9457 problem+json turned into {@link ApiError}.
 */

export interface FieldError {
  /** JSON pointer into the request, e.g. `/body/email`. */
  readonly pointer: string;
  readonly message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly type: string | undefined;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: readonly FieldError[];

  constructor(status: number, body: { type?: string; title?: string; detail?: string; errors?: readonly FieldError[] }) {
    super(body.detail ?? body.title ?? `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.type = body.type;
    this.title = body.title ?? `Error ${status}`;
    this.detail = body.detail;
    this.errors = body.errors ?? [];
  }

  /** The message for a body field (`name` or a pointer such as `/body/name`), if the server named one. */
  fieldError(field: string): string | undefined {
    const pointer = field.startsWith('/') ? field : `/body/${field}`;
    const hit = this.errors.find((e) => e.pointer === pointer || e.pointer.startsWith(`${pointer}/`));
    return hit ? hit.message : undefined;
  }
}

export function isApiError(error: unknown, status?: number): error is ApiError {
  return error instanceof ApiError && (status === undefined || error.status === status);
}

/** A readable sentence for any error, for alerts and notifications. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.detail ?? error.title;
  if (error instanceof TypeError) return 'Vigil cannot be reached. Check your connection and try again.';
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Remembers the CSRF token from GET /api/v1/session or a sign-in response. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any request (other than those that opt out) answers 401. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RequestOptions {
  readonly method?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly query?: Record<string, string | number | undefined | null>;
  readonly signal?: AbortSignal;
  /** Do not treat a 401 as "signed out" (sign-in forms, where 401 means wrong credentials). */
  readonly expectUnauthorized?: boolean;
}

export interface ApiResponse<T> {
  readonly data: T;
  readonly headers: Headers;
  readonly status: number;
}

/** Performs a request and returns the parsed body together with the response headers. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const method = (options.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (!SAFE_METHODS.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;

  const response = await fetch(withQuery(path, options.query), {
    method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? null : JSON.stringify(options.body),
    signal: options.signal ?? null,
  });

  const text = response.status === 204 ? '' : await response.text();
  const parsed: unknown = text ? safeJson(text) : undefined;
  if (!response.ok) {
    const problem = (parsed && typeof parsed === 'object' ? parsed : {}) as ConstructorParameters<typeof ApiError>[1];
    const error = new ApiError(response.status, problem);
    if (response.status === 401 && !options.expectUnauthorized) onUnauthorized?.();
    throw error;
  }
  return { data: parsed as T, headers: response.headers, status: response.status };
}

/** The parsed body only; most callers want just that. */
export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await request<T>(path, options)).data;
}

function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { detail: text.slice(0, 300) };
  }
}

/** A page of a cursor-paginated list (see the server's platform/http/pagination.ts). */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export interface UploadOptions {
  readonly method?: 'POST' | 'PUT';
  readonly contentType?: string;
  /** Called with the share of the body sent so far, 0–1. */
  readonly onProgress?: (fraction: number) => void;
  readonly signal?: AbortSignal;
}

/**
 * Sends a file as the raw request body and reports upload progress, which fetch() cannot do:
 * large SBOMs take long enough that people need to see them move. Errors become
 * {@link ApiError} exactly as with {@link request}.
 */
export function upload<T>(path: string, file: Blob, options: UploadOptions = {}): Promise<ApiResponse<T>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(options.method ?? 'POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json, application/problem+json');
    xhr.setRequestHeader('content-type', options.contentType || file.type || 'application/octet-stream');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new TypeError('Network error'));
    xhr.onabort = () => reject(new DOMException('The upload was cancelled.', 'AbortError'));
    xhr.onload = () => {
      const parsed: unknown = xhr.responseText ? safeJson(xhr.responseText) : undefined;
      const headers = new Headers();
      for (const line of xhr.getAllResponseHeaders().trim().split(/[\r\n]+/)) {
        const at = line.indexOf(':');
        if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim());
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve({ data: parsed as T, headers, status: xhr.status });
        return;
      }
      if (xhr.status === 401) onUnauthorized?.();
      reject(new ApiError(xhr.status, (parsed && typeof parsed === 'object' ? parsed : {}) as ConstructorParameters<typeof ApiError>[1]));
    };
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}
