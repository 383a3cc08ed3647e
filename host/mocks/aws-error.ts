// An error a mocked AWS service answers with: the code (the exception
// name clients map to a class), its message and the HTTP status.
export class AwsError extends Error {
  // `members`: the exception's own members beside the message (expectedSequenceToken ...).
  constructor(readonly code: string, message: string, readonly status = 400, readonly members: Record<string, unknown> = {}) {
    super(message);
  }
}

// Type checks on a decoded JSON request: the SDKs do not check types, so a
// klib's mistakes (a string timestamp, a misspelt member) show up only here.
export type MemberType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';

export function checkMembers(body: unknown, members: Record<string, MemberType>, required: string[],
                             where = ''): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new AwsError('SerializationException', `${where || 'request'} must be a JSON object`);
  }
  const obj = body as Record<string, unknown>;
  for (const [name, value] of Object.entries(obj)) {
    const type = members[name];
    if (!type) throw new AwsError('SerializationException', `Unknown member '${where}${name}' (mock is strict; a typo here is silently ignored by the real service)`);
    if (value === null) continue;
    if (!hasType(value, type)) {
      throw new AwsError('SerializationException', `Member '${where}${name}' must be of type ${type}, got ${JSON.stringify(value).slice(0, 40)}`);
    }
  }
  for (const name of required) {
    if (obj[name] === undefined || obj[name] === null) {
      throw new AwsError('InvalidParameterException', `1 validation error detected: Value null at '${where}${name}' failed to satisfy constraint: Member must not be null`);
    }
  }
  return obj;
}

function hasType(value: unknown, type: MemberType): boolean {
  switch (type) {
    case 'string': return typeof value === 'string';
    case 'integer': return typeof value === 'number' && Number.isSafeInteger(value);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'boolean': return typeof value === 'boolean';
    case 'array': return Array.isArray(value);
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
  }
}

// AWS rejects bodies that are not valid UTF-8 rather than guessing.
export function decodeUtf8Json(body: Buffer): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new AwsError('SerializationException', 'Request body is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AwsError('SerializationException', `Request body is not valid JSON: ${(e as Error).message}`);
  }
}
