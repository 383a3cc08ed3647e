// Response parser cases shared by the parser tests: bytes, how the request was made, and what the
// parser must report. Run under Node (the TypeScript module) and through the C harness.
import * as R from '../../../klib-src/lib/http_response.ts';

export interface HttpCase {
    name: string;
    bytes: Buffer;
    noBody?: boolean;
    /** The connection ends after the bytes (httpResponseEnd is called when the parser wants more). */
    atClose?: boolean;
    result: number;
    status?: number;
    body?: string;
    keepAlive?: boolean;
    /** The stored header block ("name:value\n" lines). */
    head?: string;
}

export const HEAD_CAP = 256;
export const BODY_CAP = 1024;

const crlf = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');

export const httpCases: HttpCase[] = [
    { name: 'content-length', bytes: crlf(['HTTP/1.1 200 OK', 'Content-Type: text/plain', 'Content-Length: 5', '', 'hello']),
      result: R.HTTP_DONE, status: 200, body: 'hello', keepAlive: true, head: 'content-type:text/plain\ncontent-length:5\n' },
    { name: 'chunked with extensions and trailers',
      bytes: crlf(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked', '', '5;name=value', 'hello', 'A', ' world!!!!', '0', 'Trailer-One: x', '', '']),
      result: R.HTTP_DONE, status: 200, body: 'hello world!!!!', keepAlive: true },
    { name: 'chunked, upper-case coding name and hex', bytes: crlf(['HTTP/1.1 200 OK', 'transfer-encoding: gzip, CHUNKED', '', 'a', '0123456789', '0', '', '']),
      result: R.HTTP_DONE, status: 200, body: '0123456789', keepAlive: true },
    { name: 'interim 100 and 103 are skipped', bytes: crlf(['HTTP/1.1 100 Continue', '', 'HTTP/1.1 103 Early Hints', 'Link: </a>', '', 'HTTP/1.1 201 Created', 'Content-Length: 2', '', 'ok']),
      result: R.HTTP_DONE, status: 201, body: 'ok', keepAlive: true, head: 'content-length:2\n' },
    { name: '204 has no body', bytes: crlf(['HTTP/1.1 204 No Content', 'Content-Length: 7', '', '']), result: R.HTTP_DONE, status: 204, body: '', keepAlive: true },
    { name: '304 has no body', bytes: crlf(['HTTP/1.1 304 Not Modified', 'Content-Length: 7', '', '']), result: R.HTTP_DONE, status: 304, body: '' },
    { name: 'HEAD: no body whatever the length', bytes: crlf(['HTTP/1.1 200 OK', 'Content-Length: 100', '', '']), noBody: true, result: R.HTTP_DONE, status: 200, body: '' },
    { name: 'body until close', bytes: crlf(['HTTP/1.1 200 OK', 'Server: x', '', 'all of it\r\nuntil the end']), atClose: true,
      result: R.HTTP_DONE, status: 200, body: 'all of it\r\nuntil the end', keepAlive: false },
    { name: 'body until close, still open', bytes: crlf(['HTTP/1.1 200 OK', '', 'partial']), result: R.HTTP_MORE, status: 200 },
    { name: 'unknown coding: until close', bytes: crlf(['HTTP/1.1 200 OK', 'Transfer-Encoding: gzip', '', 'zz']), atClose: true,
      result: R.HTTP_DONE, status: 200, body: 'zz', keepAlive: false },
    { name: 'HTTP/1.0 is not kept alive', bytes: crlf(['HTTP/1.0 200 OK', 'Content-Length: 1', '', 'x']), result: R.HTTP_DONE, status: 200, body: 'x', keepAlive: false },
    { name: 'Connection: close', bytes: crlf(['HTTP/1.1 200 OK', 'Connection: keep-alive, Close', 'Content-Length: 0', '', '']), result: R.HTTP_DONE, status: 200, body: '', keepAlive: false },
    { name: 'chunked and content-length: chunked wins, not reused', bytes: crlf(['HTTP/1.1 200 OK', 'Content-Length: 3', 'Transfer-Encoding: chunked', '', '1', 'a', '0', '', '']),
      result: R.HTTP_DONE, status: 200, body: 'a', keepAlive: false },
    { name: 'bare line feeds', bytes: Buffer.from('HTTP/1.1 200 OK\nContent-Length: 2\n\nhi'), result: R.HTTP_DONE, status: 200, body: 'hi' },
    { name: 'values trimmed, names lowercased', bytes: crlf(['HTTP/1.1 200 OK', 'X-Thing:   a b  \t', 'Content-Length: 0', '', '']),
      result: R.HTTP_DONE, status: 200, head: 'x-thing:a b\ncontent-length:0\n' },
    { name: 'status without reason', bytes: crlf(['HTTP/1.1 404', 'Content-Length: 0', '', '']), result: R.HTTP_DONE, status: 404 },
    { name: 'same content-length twice', bytes: crlf(['HTTP/1.1 200 OK', 'Content-Length: 1', 'Content-Length: 1', '', 'y']), result: R.HTTP_DONE, status: 200, body: 'y' },
    // At the caps exactly: storage grown on demand must reach them.
    { name: 'content-length exactly the cap', bytes: crlf(['HTTP/1.1 200 OK', `Content-Length: ${BODY_CAP}`, '', 'c'.repeat(BODY_CAP)]),
      result: R.HTTP_DONE, status: 200, body: 'c'.repeat(BODY_CAP) },
    { name: 'chunks exactly the cap', bytes: crlf(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked', '', '300', 'x'.repeat(768), '100', 'y'.repeat(256), '0', '', '']),
      result: R.HTTP_DONE, status: 200, body: 'x'.repeat(768) + 'y'.repeat(256) },
    { name: 'until close exactly the cap', bytes: Buffer.concat([crlf(['HTTP/1.1 200 OK', '', '']), Buffer.alloc(BODY_CAP, 98)]), atClose: true,
      result: R.HTTP_DONE, status: 200, body: 'b'.repeat(BODY_CAP) },
    { name: 'header block exactly the cap', bytes: crlf(['HTTP/1.1 200 OK', `X:${'h'.repeat(HEAD_CAP - 20)}`, 'Content-Length: 0', '', '']),
      result: R.HTTP_DONE, status: 200, head: `x:${'h'.repeat(HEAD_CAP - 20)}\ncontent-length:0\n` },
    // Errors.
    { name: 'headers over the cap', bytes: crlf(['HTTP/1.1 200 OK', `X-Big: ${'b'.repeat(300)}`, '', '']), result: R.HTTP_E_HEADERS_TOO_LARGE },
    // The stored line is "x:" + value + "\n": a raw line of exactly the cap leaves no room for it.
    { name: 'header line one byte under the cap', bytes: crlf(['HTTP/1.1 200 OK', `X:${'v'.repeat(HEAD_CAP - 3)}`, '', '']),
      result: R.HTTP_MORE, status: 200 },
    { name: 'header line exactly the cap', bytes: crlf(['HTTP/1.1 200 OK', `X:${'v'.repeat(HEAD_CAP - 2)}`, '', '']), result: R.HTTP_E_HEADERS_TOO_LARGE },
    { name: 'trailers over the cap', bytes: crlf(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked', '', '0', `T: ${'t'.repeat(300)}`, '', '']), result: R.HTTP_E_HEADERS_TOO_LARGE },
    { name: 'content-length over the cap', bytes: crlf(['HTTP/1.1 200 OK', 'Content-Length: 1025', '', '']), result: R.HTTP_E_BODY_TOO_LARGE },
    { name: 'huge content-length', bytes: crlf(['HTTP/1.1 200 OK', 'Content-Length: 99999999999999999999999', '', '']), result: R.HTTP_E_BODY_TOO_LARGE },
    { name: 'chunks over the cap', bytes: crlf(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked', '', '300', 'x'.repeat(768), '300', '']), result: R.HTTP_E_BODY_TOO_LARGE },
    { name: 'huge chunk size', bytes: crlf(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked', '', 'fffffffffffffffff', '']), result: R.HTTP_E_BODY_TOO_LARGE },
    { name: 'until close over the cap', bytes: Buffer.concat([crlf(['HTTP/1.1 200 OK', '', '']), Buffer.alloc(1100, 97)]), result: R.HTTP_E_BODY_TOO_LARGE },
    { name: 'not HTTP', bytes: Buffer.from('SSH-2.0-OpenSSH\r\n'), result: R.HTTP_E_SYNTAX },
    { name: 'lowercase protocol name', bytes: crlf(['http/1.1 200 OK', '', '']), result: R.HTTP_E_SYNTAX },
    { name: 'two-digit status', bytes: crlf(['HTTP/1.1 20 OK', '', '']), result: R.HTTP_E_SYNTAX },
    { name: 'bad content-length', bytes: crlf(['HTTP/1.1 200 OK', 'Content-Length: 12a', '', '']), result: R.HTTP_E_SYNTAX },
    { name: 'conflicting content-lengths', bytes: crlf(['HTTP/1.1 200 OK', 'Content-Length: 1', 'Content-Length: 2', '', 'xy']), result: R.HTTP_E_SYNTAX },
    { name: 'folded header', bytes: crlf(['HTTP/1.1 200 OK', 'X-A: 1', ' continued', '', '']), result: R.HTTP_E_SYNTAX },
    { name: 'space before the colon', bytes: crlf(['HTTP/1.1 200 OK', 'X-A : 1', '', '']), result: R.HTTP_E_SYNTAX },
    { name: 'no colon', bytes: crlf(['HTTP/1.1 200 OK', 'Nonsense', '', '']), result: R.HTTP_E_SYNTAX },
    { name: 'bare CR', bytes: Buffer.from('HTTP/1.1 200 OK\r\nX-A: 1\rX-B: 2\r\n\r\n'), result: R.HTTP_E_SYNTAX },
    { name: 'NUL in a header', bytes: Buffer.from('HTTP/1.1 200 OK\r\nX-A: a\0b\r\n\r\n'), result: R.HTTP_E_SYNTAX },
    { name: 'control byte in a value', bytes: Buffer.from('HTTP/1.1 200 OK\r\nX-A: a\x01b\r\n\r\n'), result: R.HTTP_E_SYNTAX },
    { name: 'chunk size not hex', bytes: crlf(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked', '', 'zz', '']), result: R.HTTP_E_SYNTAX },
    { name: 'chunk data without its CRLF', bytes: crlf(['HTTP/1.1 200 OK', 'Transfer-Encoding: chunked', '', '1', 'ab', '0', '', '']), result: R.HTTP_E_SYNTAX },
    { name: 'switching protocols', bytes: crlf(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', '', '']), result: R.HTTP_E_UNSUPPORTED },
    { name: 'closed mid-body', bytes: crlf(['HTTP/1.1 200 OK', 'Content-Length: 10', '', 'short']), atClose: true, result: R.HTTP_E_TRUNCATED },
    { name: 'closed mid-headers', bytes: Buffer.from('HTTP/1.1 200 OK\r\nContent-Le'), atClose: true, result: R.HTTP_E_TRUNCATED },
    { name: 'closed before anything', bytes: Buffer.alloc(0), atClose: true, result: R.HTTP_E_TRUNCATED },
];

export interface Parsed {
    result: number;
    status: number;
    keepAlive: boolean;
    head: string;
    body: string;
    /** Bytes of the input the response took. */
    received: number;
}

/**
 * Storage that starts with these rooms and grows when the parser asks: by `step` bytes (1: a
 * growth at every byte that must be stored), or doubling (with what the parser says is coming)
 * when `step` is 0. Without it, the rooms are the caps.
 */
export interface Rooms {
    head: number;
    body: number;
    step: number;
}

/** Parses with the TypeScript module, feeding the bytes in pieces ending at `cuts`. */
export function parseTs(bytes: Buffer, cuts: number[], noBody = false, atClose = false,
                        headCap = HEAD_CAP, bodyCap = BODY_CAP, rooms?: Rooms): Parsed {
    const headRoom = rooms ? rooms.head : headCap;
    const bodyRoom = rooms ? rooms.body : bodyCap;
    const p: any = { head: new Uint8Array(headRoom), headRoom, headCap, body: new Uint8Array(bodyRoom), bodyRoom, bodyCap };
    R.httpResponseReset(p, noBody);
    let result = R.HTTP_MORE;
    let from = 0;
    for (const to of [...cuts, bytes.length]) {
        if (result !== R.HTTP_MORE) break;
        const end = Math.max(to, from);
        let at = from;
        for (;;) {
            const before = p.received;
            result = R.httpResponseParse(p, bytes, at, end - at);
            at += p.received - before;
            if (result !== R.HTTP_HEAD_ROOM && result !== R.HTTP_BODY_ROOM) break;
            grow(p, result === R.HTTP_HEAD_ROOM, rooms?.step ?? 0);
        }
        from = end;
    }
    if (result === R.HTTP_MORE && atClose) result = R.httpResponseEnd(p);
    return outcome(p, result);
}

// New storage of exactly the grown room, holding only what the parser stored (so a byte written
// past a room, or read past what it stored, shows in the outcome).
function grow(p: any, forHead: boolean, step: number): void {
    const room: number = forHead ? p.headRoom : p.bodyRoom;
    const cap: number = forHead ? p.headCap : p.bodyCap;
    if (room >= cap || p.roomWanted <= room || p.roomWanted > cap) {
        throw new Error(`room asked wrongly: room ${room}, cap ${cap}, wanted ${p.roomWanted}`);
    }
    const next = Math.min(cap, step ? room + step : Math.max(room * 2, p.roomWanted));
    const store = new Uint8Array(next);
    if (forHead) {
        store.set(p.head.subarray(0, p.headLength));
        p.head = store;
        p.headRoom = next;
    } else {
        store.set(p.body.subarray(0, p.bodyLength));
        p.body = store;
        p.bodyRoom = next;
    }
}

/** What must agree between two parses: the body and headers only when the parse succeeded. */
export function outcome(p: any, result: number): Parsed {
    const ok = result >= 0;
    return {
        result,
        status: p.status,
        keepAlive: ok ? p.keepAlive : false,
        head: ok ? Buffer.from(p.head.subarray(0, p.headLength)).toString('latin1') : '',
        body: ok ? Buffer.from(p.body.subarray(0, p.bodyLength)).toString('latin1') : '',
        received: ok ? p.received : 0,
    };
}
