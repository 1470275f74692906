import { type ErrorMessageReader, getResponseMeta } from './context.js';
import { ApiError } from './errors.js';
import { createRedactor } from './redact.js';

/** The shape of an openapi-fetch result. */
export interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The success data of an openapi-fetch result type. */
export type DataOf<R> = R extends { data: infer D; error?: never } ? D : never;

const fallbackRedactor = createRedactor();

/** The headers providers use for a request id, in the order they are looked for. */
const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-amzn-requestid', 'x-correlation-id'];

/**
 * Returns the data of a successful result, or throws the matching {@link ApiError} subclass
 * (status, method, path template, parsed and redacted body, request id, redacted URL).
 *
 * ```ts
 * const webhook = await unwrap(client.GET('/webhooks/{webhookId}', { params: { path: { webhookId } } }));
 * ```
 */
export async function unwrap<R extends FetchResult>(result: R | Promise<R>): Promise<DataOf<R>> {
  const settled = await result;
  const { response } = settled;
  if (response.ok && settled.error === undefined) return settled.data as DataOf<R>;
  throw toApiError(settled);
}

/** The {@link ApiError} for a failed result, for callers who inspect `{ error, response }` themselves. */
export function toApiError(result: FetchResult): ApiError {
  const { response } = result;
  const meta = getResponseMeta(response);
  const redactor = meta?.redactor ?? fallbackRedactor;
  const body = redactor.value(result.error);
  let requestId: string | undefined;
  for (const name of REQUEST_ID_HEADERS) {
    requestId ??= response.headers.get(name) ?? undefined;
  }
  return ApiError.from({
    status: response.status,
    statusText: redactor.text(response.statusText),
    method: meta?.method ?? 'UNKNOWN',
    path: meta?.path,
    url: meta?.url ?? redactor.url(response.url),
    body,
    // A server may echo anything in its request id header, a credential included.
    requestId: requestId === undefined ? undefined : redactor.text(requestId),
    httpStatus: meta?.httpStatus,
    summary: readMessage(meta?.errorMessage, body),
  });
}

/** The provider's reading of an error body; a reader that throws or finds nothing gives undefined. */
function readMessage(reader: ErrorMessageReader | undefined, body: unknown): string | undefined {
  try {
    const message = reader?.(body);
    return typeof message === 'string' && message.trim() !== '' ? message : undefined;
  } catch {
    return undefined;
  }
}
