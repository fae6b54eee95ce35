import { Alert } from '@mantine/core';
import { ApiError, errorMessage } from './api.js';
import { IconAlert } from './icons.js';

function sentence(message: string): string {
  return message ? message[0]!.toUpperCase() + message.slice(1) : message;
}

/** The server's message for one body field, ready to show under the field. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const message = error.fieldError(field);
  return message === undefined ? undefined : sentence(message);
}

/**
 * The form-level message for a failed submit. When the server blamed fields the form shows,
 * those fields carry the details and this only points at them.
 */
export function FormError({ error, fields = [], title }: { error: unknown; fields?: readonly string[]; title?: string }) {
  if (!error) return null;
  const blamed = error instanceof ApiError && fields.some((f) => error.fieldError(f) !== undefined);
  const generic = error instanceof ApiError && error.type?.endsWith('/validation');
  const text = blamed && generic ? 'Check the highlighted fields.' : errorMessage(error);
  return (
    <Alert variant="light" color="red" icon={<IconAlert />} role="alert" title={title} py="sm">
      {text}
    </Alert>
  );
}
