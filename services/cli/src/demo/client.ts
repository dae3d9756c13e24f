/** The API could not be reached at all (nothing listening, DNS, refused). */
export class ApiUnreachableError extends Error {
  constructor(baseUrl: string, cause: unknown) {
    const reason = (cause as { cause?: { code?: string; message?: string } }).cause?.code ?? (cause as Error).message;
    super(`cannot reach the Keel API at ${baseUrl} (${reason}); start it first with \`npm start\` (or pass --url)`);
  }
}

/** The JSON error body of the API. */
export interface ApiError {
  readonly error: { readonly code: string; readonly message: string; readonly details?: readonly { path: string; reason: string }[] };
}

/** A parsed API response. */
export interface ApiResult {
  readonly status: number;
  readonly body: unknown;
  /** The answer is the stored response to an earlier request with the same Idempotency-Key. */
  readonly replayed: boolean;
}

/** A small JSON client over global fetch for the Keel REST API. */
export class KeelClient {
  constructor(private readonly baseUrl: string) {}

  /** Sends a request; throws {@link ApiUnreachableError} when no HTTP answer comes back. */
  async send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiResult> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json', 'x-keel-actor': 'keel-demo', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new ApiUnreachableError(this.baseUrl, error);
    }
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : {}, replayed: response.headers.get('idempotent-replayed') === 'true' };
  }

  /** A GET that must answer 200; anything else throws with the API's message. */
  async get<T>(path: string): Promise<T> {
    const result = await this.send('GET', path);
    if (result.status !== 200) throw new Error(`GET ${path} answered ${result.status}: ${errorMessage(result.body)}`);
    return result.body as T;
  }
}

/** The `code: message` of an error body, or the raw body. */
export function errorMessage(body: unknown): string {
  const error = (body as Partial<ApiError>).error;
  return error ? `${error.code}: ${error.message}` : JSON.stringify(body);
}

/** The error code of an error body, if it is one. */
export function errorCode(body: unknown): string | undefined {
  return (body as Partial<ApiError>).error?.code;
}
