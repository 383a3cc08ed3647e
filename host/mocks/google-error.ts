// A google.rpc.Status error as the REST APIs send it:
// {"error": {"code": <http>, "message", "status": "<CODE NAME>", "details": [...]}}.
export const RPC_CODES: Record<string, number> = {
  OK: 0, CANCELLED: 1, UNKNOWN: 2, INVALID_ARGUMENT: 3, DEADLINE_EXCEEDED: 4, NOT_FOUND: 5,
  ALREADY_EXISTS: 6, PERMISSION_DENIED: 7, RESOURCE_EXHAUSTED: 8, FAILED_PRECONDITION: 9,
  ABORTED: 10, OUT_OF_RANGE: 11, UNIMPLEMENTED: 12, INTERNAL: 13, UNAVAILABLE: 14,
  DATA_LOSS: 15, UNAUTHENTICATED: 16,
};

export const HTTP_STATUS: Record<string, number> = {
  INVALID_ARGUMENT: 400, FAILED_PRECONDITION: 400, OUT_OF_RANGE: 400, UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403, NOT_FOUND: 404, ALREADY_EXISTS: 409, ABORTED: 409, RESOURCE_EXHAUSTED: 429,
  CANCELLED: 499, UNKNOWN: 500, INTERNAL: 500, DATA_LOSS: 500, UNIMPLEMENTED: 501, UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};

export class GoogleError extends Error {
  constructor(readonly status: string, message: string, readonly details: unknown[] = []) {
    super(message);
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.status] ?? 500;
  }

  body(): string {
    return JSON.stringify({ error: { code: this.httpStatus, message: this.message, status: this.status, details: this.details } });
  }
}

export function httpStatusName(http: number): string {
  return Object.entries(HTTP_STATUS).find(([, s]) => s === http)?.[0] ?? 'UNKNOWN';
}
