// Differential test of the library's pure modules: the same TypeScript runs under Node and as C
// (klibc output, freestanding, through test/lib/harness/ with ASan/UBSan) on the same random
// inputs, and must agree byte for byte. The Node results are also checked against Node's own
// implementations: Buffer (base64, hex), Date (RFC 3339), TextDecoder + JSON.parse (escaping:
// every escaped random byte string must parse, and decode as the WHATWG decoder does).
import t from 'tap';
import * as B64 from '../../klib-src/lib/base64.ts';
import * as HEX from '../../klib-src/lib/hex.ts';
import * as PCT from '../../klib-src/lib/percent.ts';
import * as TIME from '../../klib-src/lib/time_format.ts';
import * as ESC from '../../klib-src/lib/json_escape.ts';
import * as JSONR from '../../klib-src/lib/json_reader.ts';
import * as R from '../../klib-src/lib/http_response.ts';
import * as CFG from '../../klib-src/lib/config_forms.ts';
import { BODY_CAP, HEAD_CAP, httpCases, parseTs, Rooms } from './helpers/http-cases.ts';
import { buildHarness, runHarness } from './helpers/harness.ts';
import { hex, Random } from './helpers/random.ts';

const rnd = new Random(0x5eed1234);
const exe = buildHarness();
const calls: { line: string; expected: string }[] = [];
const call = (line: string, expected: string) => calls.push({ line, expected });

// ---- base64 and hex ----
t.test('base64 and hex agree with Buffer', async t => {
    let bad = 0;
    for (let i = 0; i < 300; i++) {
        const input = rnd.bytes(40);
        const out = new Uint8Array(B64.base64EncodedLength(input.length));
        const n = B64.base64Encode(input, 0, input.length, out);
        if (Buffer.from(out.subarray(0, n)).toString('latin1') !== input.toString('base64')) bad++;
        call(`b64e ${hex(input)}`, hex(out, n));
        const back = new Uint8Array(input.length + 3);
        const m = B64.base64Decode(out, 0, n, back);
        if (m !== input.length || !Buffer.from(back.subarray(0, m)).equals(input)) bad++;
        call(`b64d ${hex(out, n)}`, m < 0 ? String(m) : hex(back, m));
        // Random text: what decodes must be canonical base64.
        const junk = Buffer.from(Array.from({ length: 4 * rnd.int(4) }, () => rnd.pick([...'ABab09+/=-_ '])).join(''));
        const jb = new Uint8Array(junk.length);
        const jm = B64.base64Decode(junk, 0, junk.length, jb);
        if (jm >= 0 && Buffer.from(jb.subarray(0, jm)).toString('base64') !== junk.toString()) bad++;
        call(`b64d ${hex(junk)}`, jm < 0 ? String(jm) : hex(jb, jm));
        const h = new Uint8Array(2 * input.length);
        HEX.hexEncode(input, 0, input.length, h);
        if (Buffer.from(h).toString() !== input.toString('hex')) bad++;
        call(`hexe ${hex(input)}`, hex(h, 2 * input.length));
        const upper = Buffer.from(input.toString('hex').toUpperCase() + (rnd.int(4) === 0 ? 'g' : ''));
        const hb = new Uint8Array(upper.length);
        const hm = HEX.hexDecode(upper, 0, upper.length, hb);
        call(`hexd ${hex(upper)}`, hm < 0 ? String(hm) : hex(hb, hm));
        if (upper.length % 2 === 0 && (hm !== input.length || !Buffer.from(hb.subarray(0, hm)).equals(input))) bad++;
    }
    t.equal(bad, 0, 'matches Buffer on 300 random inputs');
});

t.test('percent-encoding is RFC 3986 and reversible', async t => {
    let bad = 0;
    for (let i = 0; i < 300; i++) {
        const input = rnd.int(2) ? rnd.bytes(30) : rnd.tricky(10);
        const keepSlash = rnd.int(2);
        const out = new Uint8Array(PCT.percentEncodedMaxLength(input.length));
        const n = PCT.percentEncode(input, 0, input.length, out, keepSlash === 1);
        const text = Buffer.from(out.subarray(0, n)).toString('latin1');
        if (!/^([A-Za-z0-9\-._~]|%[0-9A-F]{2}|\/)*$/.test(text) || (!keepSlash && text.includes('/'))) bad++;
        const decoded = Buffer.from(text.replace(/%([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
        if (!decoded.equals(input)) bad++;
        const utf8 = input.toString('utf8');
        if (!keepSlash && Buffer.from(utf8).equals(input) &&
            text !== encodeURIComponent(utf8).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)) bad++;
        call(`pct ${hex(input)} ${keepSlash}`, hex(out, n));
    }
    t.equal(bad, 0, 'only unreserved characters and %XX; decodes back; equals encodeURIComponent plus !\'()*');
});

t.test('RFC 3339 with nanoseconds and the SigV4 date agree with Date', async t => {
    let bad = 0;
    const times = [0, 951782400, 951868800, 1709164800, 4107542399, TIME.TIME_FORMAT_LIMIT - 1, TIME.TIME_FORMAT_LIMIT];
    for (let i = 0; i < 400; i++) times.push(rnd.int(TIME.TIME_FORMAT_LIMIT));
    for (const seconds of times) {
        const nanos = rnd.int(1e9);
        const out = new Uint8Array(TIME.RFC3339_NANOS_LENGTH);
        const n = TIME.formatRfc3339Nanos(seconds, nanos, out);
        const amz = new Uint8Array(TIME.AMZ_DATE_LENGTH);
        const m = TIME.formatAmzDate(seconds, amz);
        if (seconds >= TIME.TIME_FORMAT_LIMIT) {
            if (n !== 0 || m !== 0) bad++;
        } else {
            const iso = new Date(seconds * 1000).toISOString().replace(/^\+0*/, '');
            const want = `${iso.slice(0, 19)}.${String(nanos).padStart(9, '0')}Z`;
            if (Buffer.from(out.subarray(0, n)).toString() !== want) bad++;
            if (Buffer.from(amz.subarray(0, m)).toString() !== `${iso.slice(0, 19).replace(/[-:]/g, '')}Z`) bad++;
        }
        call(`rfc ${seconds} ${nanos}`, hex(out, n));
        call(`amz ${seconds}`, hex(amz, m));
    }
    const out = new Uint8Array(TIME.RFC3339_NANOS_LENGTH);
    t.equal(TIME.formatRfc3339Nanos(5, 1e9, out), 0, 'nanoseconds must be below one second');
    // Milliseconds (the webhook's "time"): what Date.toISOString writes.
    const ms = new Uint8Array(TIME.RFC3339_MILLIS_LENGTH);
    for (const seconds of times.filter(s => s < TIME.TIME_FORMAT_LIMIT)) {
        const millis = rnd.int(1000);
        const m = TIME.formatRfc3339Millis(seconds, millis, ms);
        const want = new Date(seconds * 1000 + millis).toISOString().replace(/^\+0*/, '');
        if (Buffer.from(ms.subarray(0, m)).toString() !== want) bad++;
    }
    t.equal(TIME.formatRfc3339Millis(5, 1000, ms), 0, 'milliseconds must be below one second');
    t.equal(bad, 0, `${times.length} times, leap years and the last second of year 9999 included`);
});

// ---- JSON ----
t.test('JSON escaping: every output parses, and decodes like TextDecoder', async t => {
    let bad = 0;
    const decoder = new TextDecoder('utf-8');
    for (let i = 0; i < 1500; i++) {
        const input = i % 3 === 0 ? rnd.bytes(64) : rnd.tricky(24);
        const cap = ESC.JSON_ESCAPE_MAX_EXPANSION * input.length;
        const out = new Uint8Array(cap);
        const n = ESC.jsonEscape(input, 0, input.length, out, cap);
        let parsed: unknown;
        try {
            parsed = JSON.parse(`"${Buffer.from(out.subarray(0, n)).toString('utf8')}"`);
        } catch {
            parsed = undefined;
        }
        if (n < 0 || parsed !== decoder.decode(input)) {
            bad++;
            if (bad < 5) t.fail(`escape of ${hex(input)}`, { out: hex(out, n), parsed, want: decoder.decode(input) });
        }
        call(`esc ${hex(input)} ${cap}`, n < 0 ? String(n) : hex(out, n));
        if (n > 0) {
            const tight = new Uint8Array(n - 1);
            if (ESC.jsonEscape(input, 0, input.length, tight, n - 1) !== -1) bad++;
            call(`esc ${hex(input)} ${n - 1}`, '-1');
        }
    }
    t.equal(bad, 0, '1500 random byte strings (control bytes, quotes, backslashes, ill-formed UTF-8)');
});

t.test('JSON escaping in pieces (jsonEscapeSome) equals escaping at once', async t => {
    let bad = 0;
    for (let i = 0; i < 1000; i++) {
        const input = i % 3 === 0 ? rnd.bytes(64) : rnd.tricky(24);
        const whole = new Uint8Array(ESC.JSON_ESCAPE_MAX_EXPANSION * input.length);
        const n = ESC.jsonEscape(input, 0, input.length, whole, whole.length);
        // Pieces of random room (as a body part fills up), each continuing where the last stopped.
        const pieces: number[] = [];
        let at = 0;
        let stuck = 0;
        while (at < input.length && stuck < 100) {
            const room = 1 + rnd.int(12);
            const out = new Uint8Array(room);
            const progress = ESC.jsonEscapeSome(input, at, input.length - at, out, room);
            const used = ESC.jsonEscapedIn(progress);
            const wrote = ESC.jsonEscapedOut(progress);
            if (wrote > room || (used === 0 && room >= 6)) bad++;
            stuck = used === 0 ? stuck + 1 : 0;
            pieces.push(...out.subarray(0, wrote));
            at += used;
        }
        if (at !== input.length || !Buffer.from(pieces).equals(Buffer.from(whole.subarray(0, n)))) {
            bad++;
            if (bad < 5) t.fail(`pieces of ${hex(input)}`, { pieces: hex(Uint8Array.from(pieces), pieces.length), whole: hex(whole, n) });
        }
    }
    t.equal(bad, 0, '1000 random byte strings, escaped in pieces of 1 to 12 bytes of room');
});

function randomJson(depth: number): unknown {
    switch (rnd.int(depth > 5 ? 4 : 7)) {
        case 0: return rnd.int(2) === 0 ? rnd.int(1e6) : -rnd.int(1e6) / 8;
        case 1: return rnd.tricky(6).toString('utf8');
        case 2: return rnd.pick([true, false, null]);
        case 3: return rnd.int(1e15);
        case 4: case 5: return Array.from({ length: rnd.int(4) }, () => randomJson(depth + 1));
        default: {
            const o: Record<string, unknown> = {};
            for (let k = rnd.int(4); k > 0; k--) o[rnd.pick(['a', 'b', 'message', '__type', 'é', 'x y', '\n'])] = randomJson(depth + 1);
            return o;
        }
    }
}

function depthOf(v: unknown): number {
    if (Array.isArray(v)) return 1 + Math.max(0, ...v.map(depthOf));
    if (v !== null && typeof v === 'object') return 1 + Math.max(0, ...Object.values(v).map(depthOf));
    return 0;
}

// Adds white space around the structural characters (never inside strings).
function spaced(text: string): string {
    let out = '';
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const c = text[i]!;
        if (inString) {
            if (c === '\\') {
                out += c + text[++i]!;
                continue;
            }
            if (c === '"') inString = false;
        } else if (c === '"') {
            inString = true;
        } else if (',:[]{}'.includes(c) && rnd.int(4) === 0) {
            out += rnd.pick([' ', '\t', '\r\n', '']);
        }
        out += c;
    }
    return out;
}

function mutate(doc: Buffer): Buffer {
    const b = Buffer.from(doc);
    if (b.length === 0) return Buffer.from([rnd.int(256)]);
    const at = rnd.int(b.length);
    switch (rnd.int(3)) {
        case 0: return Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
        case 1: return Buffer.concat([b.subarray(0, at), Buffer.from([rnd.pick([0x22, 0x5c, 0x2c, 0x7d, 0x5d, 0x30, 0x0a, 0x01, 0xff])]), b.subarray(at)]);
        default: b[at] = rnd.int(256); return b;
    }
}

t.test('JSON reader: valid exactly when JSON.parse agrees, within the depth limit', async t => {
    let bad = 0;
    let valid = 0;
    for (let i = 0; i < 1500; i++) {
        const value = randomJson(0);
        let doc: Buffer = Buffer.from(spaced(JSON.stringify(value)));
        if (rnd.int(2) === 0) doc = mutate(doc);
        const maxDepth = 1 + rnd.int(6);
        const r: any = {};
        JSONR.jsonReaderInit(r, doc, doc.length, maxDepth, 1 << 20);
        const got = JSONR.jsonValidate(r);
        let want: number;
        try {
            want = depthOf(JSON.parse(doc.toString('latin1'))) > maxDepth ? JSONR.JSON_E_DEPTH : JSONR.JSON_OK;
        } catch {
            want = JSONR.JSON_E_SYNTAX;
        }
        if (got !== want && !(want === JSONR.JSON_E_SYNTAX && got === JSONR.JSON_E_DEPTH)) {
            bad++;
            if (bad < 5) t.fail(`validate ${doc.toString('latin1')}`, { got, want, maxDepth });
        }
        if (got === JSONR.JSON_OK) valid++;
        call(`jval ${hex(doc)} ${maxDepth} ${1 << 20}`, String(got));
    }
    const big = Buffer.from('[1,2,3]');
    const r: any = {};
    JSONR.jsonReaderInit(r, big, big.length, 4, 6);
    t.equal(JSONR.jsonValidate(r), JSONR.JSON_E_SIZE, 'a document over the size limit is refused');
    call(`jval ${hex(big)} 4 6`, String(JSONR.JSON_E_SIZE));
    t.equal(bad, 0, `1500 documents (${valid} valid), half of them mutated`);
});

function findTs(doc: Buffer, path: string): string {
    const r: any = {};
    const v: any = {};
    JSONR.jsonReaderInit(r, doc, doc.length, 16, 1 << 20);
    if (!JSONR.jsonFind(r, path, path.length, v)) return 'none';
    const out = new Uint8Array(1 << 16);
    const n = JSONR.jsonDecodeString(r, v, out, out.length);
    const integer = JSONR.jsonInteger(r, v);
    return `${v.kind} ${v.start} ${v.length} ${integer} ${JSONR.jsonCount(r, v)} ${n < 0 ? String(n) : hex(out, n)}`;
}

t.test('JSON reader: paths find what JSON.parse finds', async t => {
    let bad = 0;
    for (let i = 0; i < 1000; i++) {
        const value = randomJson(0);
        const doc = Buffer.from(spaced(JSON.stringify(value)));
        // A path that exists (walk down at random), or a random one.
        const parts: string[] = [];
        let at: unknown = value;
        while (at !== null && typeof at === 'object' && rnd.int(4) !== 0) {
            const keys = Array.isArray(at) ? at.map((_, k) => String(k)) : Object.keys(at as object);
            if (keys.length === 0 || keys.some(k => k.includes('.'))) break;
            const k = rnd.pick(keys);
            parts.push(k);
            at = (at as any)[k];
        }
        const path = parts.join('.');
        if (!Buffer.from(path).equals(Buffer.from(path, 'latin1'))) continue;
        const got = findTs(doc, path);
        const fields = got.split(' ');
        let ok = got !== 'none';
        if (ok && typeof at === 'string') {
            ok = Buffer.from(fields[5] === '-' ? '' : fields[5]!, 'hex').toString('utf8') === at;
        } else if (ok && typeof at === 'number' && Number.isInteger(at) && at >= 0 && String(at).length <= 15) {
            ok = Number(fields[3]) === at;
        } else if (ok && at !== null && typeof at === 'object') {
            ok = Number(fields[4]) === (Array.isArray(at) ? at.length : Object.keys(at).length);
        }
        if (!ok && ++bad < 5) t.fail(`find ${path} in ${doc}: got ${got}, JSON.parse ${JSON.stringify(at)}`);
        call(`jfind ${hex(doc)} ${hex(Buffer.from(path))}`, got);
        const missing = `${path}${path ? '.' : ''}${rnd.pick(['nope', '7', 'a'])}`;
        call(`jfind ${hex(doc)} ${hex(Buffer.from(missing))}`, findTs(doc, missing));
    }
    t.equal(bad, 0, '1000 documents: strings decode to the parsed string, integers to the parsed number, objects and arrays count their members');
});

t.test('JSON reader: the documents klibs read', async t => {
    const docs: [string, string, string][] = [
        ['{"__type":"com.amazonaws#ResourceNotFoundException","message":"The specified log group does not exist."}', 'message', 'The specified log group does not exist.'],
        ['{"__type":"ThrottlingException","Message":"Rate exceeded"}', '__type', 'ThrottlingException'],
        ['{"Code":"Success","Type":"AWS-HMAC","AccessKeyId":"ASIA123","SecretAccessKey":"abc/def+g","Token":"IQoJ\\/b3Jp==","Expiration":"2026-11-25T15:00:00Z"}', 'Token', 'IQoJ/b3Jp=='],
        ['{"access_token":"ya29.c.b0A","expires_in":3599,"token_type":"Bearer"}', 'access_token', 'ya29.c.b0A'],
        ['{"error":{"code":403,"message":"Permission \\"logging.logEntries.create\\" denied","status":"PERMISSION_DENIED","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"IAM_PERMISSION_DENIED"}]}}', 'error.details.0.reason', 'IAM_PERMISSION_DENIED'],
        ['{"nextSequenceToken":"4963","rejectedLogEventsInfo":{"tooOldLogEventEndIndex":3,"expiredLogEventEndIndex":1}}', 'nextSequenceToken', '4963'],
        ['{"k\\u0065y":"escaped name \\ud83d\\ude00 \\udc00"}', 'key', 'escaped name 😀 \ufffd'],
    ];
    for (const [doc, path, want] of docs) {
        const got = findTs(Buffer.from(doc), path).split(' ');
        t.equal(Buffer.from(got[5] === '-' ? '' : got[5]!, 'hex').toString('utf8'), want, path);
        call(`jfind ${hex(Buffer.from(doc))} ${hex(Buffer.from(path))}`, got.join(' '));
    }
    const rejected = Buffer.from(docs[5]![0]);
    t.equal(findTs(rejected, 'rejectedLogEventsInfo.tooOldLogEventEndIndex').split(' ')[3], '3');
    t.equal(findTs(Buffer.from(docs[3]![0]), 'expires_in').split(' ')[3], '3599');
    t.equal(findTs(Buffer.from(docs[4]![0]), 'error.code').split(' ')[3], '403');
    t.equal(findTs(Buffer.from('[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]'), '0.0'), 'none', 'too deep is not found');
    // Cloud Logging's partial errors: the entries refused are the members of logEntryErrors.
    const partial = Buffer.from('{"error":{"code":400,"status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.logging.v2.WriteLogEntriesPartialErrors","logEntryErrors":{"1":{"code":3,"message":"a"},"4":{"code":3,"message":"b , }"}}}]}}');
    t.equal(findTs(partial, 'error.details.0.logEntryErrors').split(' ')[4], '2', 'two entries refused');
    t.equal(findTs(partial, 'error.details.0').split(' ')[4], '2', 'two members');
    t.equal(findTs(partial, 'error.details').split(' ')[4], '1', 'one detail');
    t.equal(findTs(partial, 'error.status').split(' ')[4], '-1', 'a string counts nothing');
    t.equal(findTs(Buffer.from('{"a":{ }, "b":[ ]}'), 'a').split(' ')[4], '0', 'empty');
    call(`jfind ${hex(partial)} ${hex(Buffer.from('error.details.0.logEntryErrors'))}`, findTs(partial, 'error.details.0.logEntryErrors'));
});

// ---- the response parser ----
t.test('response parser cases, whole and split at every byte boundary', async t => {
    for (const c of httpCases) {
        const whole = parseTs(c.bytes, [], c.noBody, c.atClose);
        t.equal(whole.result, c.result, `${c.name}: result`);
        if (c.status !== undefined) t.equal(whole.status, c.status, `${c.name}: status`);
        if (c.body !== undefined) t.equal(whole.body, c.body, `${c.name}: body`);
        if (c.keepAlive !== undefined) t.equal(whole.keepAlive, c.keepAlive, `${c.name}: keep-alive`);
        if (c.head !== undefined) t.equal(whole.head, c.head, `${c.name}: stored headers`);
        if (whole.result === 1) t.equal(whole.received, c.bytes.length, `${c.name}: every byte belongs to the response`);
        let differ = 0;
        for (let k = 0; k <= c.bytes.length; k++) {
            if (JSON.stringify(parseTs(c.bytes, [k], c.noBody, c.atClose)) !== JSON.stringify(whole)) differ++;
        }
        const ones = Array.from({ length: c.bytes.length }, (_, i) => i + 1);
        if (JSON.stringify(parseTs(c.bytes, ones, c.noBody, c.atClose)) !== JSON.stringify(whole)) differ++;
        t.equal(differ, 0, `${c.name}: every split gives the same result`);
        const flags = (c.noBody ? 1 : 0) | (c.atClose ? 2 : 0);
        const caps = `${HEAD_CAP}:${BODY_CAP}`;
        const line = (cuts: number[]) => {
            const p = parseTs(c.bytes, cuts, c.noBody, c.atClose);
            call(`http ${flags} ${hex(c.bytes)} ${cuts.length ? cuts.join(',') : '-'} ${caps}`,
                `${p.result} ${p.status} ${p.keepAlive ? 1 : 0} ${hex(Buffer.from(p.head, 'latin1'))} ${hex(Buffer.from(p.body, 'latin1'))}`);
        };
        line([]);
        for (let k = 0; k <= c.bytes.length; k += 7) line([k]);
        line(ones);
    }
});

// Storage that starts small (or empty) and grows as the parser asks (HTTP_HEAD_ROOM and
// HTTP_BODY_ROOM): a byte at a time, so that every stored byte is a growth, or doubling.
const ROOMS: Rooms[] = [{ head: 0, body: 0, step: 1 }, { head: 1, body: 3, step: 1 }, { head: 5, body: 2, step: 0 },
    { head: 40, body: 17, step: 9 }];

t.test('response parser with rooms that grow: the same result at every split', async t => {
    for (const c of httpCases) {
        const whole = parseTs(c.bytes, [], c.noBody, c.atClose);
        // Every split for the short cases; for the long ones (bodies at the cap), every 17th.
        const by = c.bytes.length > 300 ? 17 : 1;
        for (const rooms of ROOMS) {
            let differ = 0;
            for (let k = 0; k <= c.bytes.length; k += by) {
                if (JSON.stringify(parseTs(c.bytes, [k], c.noBody, c.atClose, HEAD_CAP, BODY_CAP, rooms)) !== JSON.stringify(whole)) differ++;
            }
            if (c.bytes.length <= 300) {
                const ones = Array.from({ length: c.bytes.length }, (_, i) => i + 1);
                if (JSON.stringify(parseTs(c.bytes, ones, c.noBody, c.atClose, HEAD_CAP, BODY_CAP, rooms)) !== JSON.stringify(whole)) differ++;
            }
            t.equal(differ, 0, `${c.name}, rooms ${rooms.head}/${rooms.body} step ${rooms.step}: as with the caps as rooms`);
            const flags = (c.noBody ? 1 : 0) | (c.atClose ? 2 : 0);
            for (let k = 0; k <= c.bytes.length; k += 29) {
                const p = parseTs(c.bytes, [k], c.noBody, c.atClose, HEAD_CAP, BODY_CAP, rooms);
                call(`http ${flags} ${hex(c.bytes)} ${k} ${HEAD_CAP}:${BODY_CAP}:${rooms.head}:${rooms.body}:${rooms.step}`,
                    `${p.result} ${p.status} ${p.keepAlive ? 1 : 0} ${hex(Buffer.from(p.head, 'latin1'))} ${hex(Buffer.from(p.body, 'latin1'))}`);
            }
        }
    }
});

t.test('the parser asks for room only when a byte must be stored, and stops before it', async t => {
    const bytes = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789');
    const p: any = { head: new Uint8Array(8), headRoom: 8, headCap: 64, body: new Uint8Array(4), bodyRoom: 4, bodyCap: 64 };
    R.httpResponseReset(p, false);
    t.equal(R.httpResponseParse(p, bytes, 0, bytes.length), R.HTTP_HEAD_ROOM, 'the head room is full');
    t.equal(p.received, 8, 'the bytes that fit were taken');
    t.equal(p.roomWanted, 9, 'one byte more is wanted');
    p.head = Uint8Array.from([...p.head, ...new Uint8Array(56)]);
    p.headRoom = 64;
    const headEnd = bytes.indexOf('\r\n\r\n') + 4;
    t.equal(R.httpResponseParse(p, bytes, 8, bytes.length - 8), R.HTTP_BODY_ROOM, 'then the body room');
    t.equal(p.received, headEnd + 4, 'four body bytes taken');
    t.equal(p.roomWanted, 10, 'the whole Content-Length is wanted');
    t.equal(R.httpResponseParse(p, bytes, p.received, 0), R.HTTP_MORE, 'no input: no room asked');
    p.body = Uint8Array.from([...p.body, ...new Uint8Array(6)]);
    p.bodyRoom = 10;
    t.equal(R.httpResponseParse(p, bytes, headEnd + 4, bytes.length - headEnd - 4), R.HTTP_DONE, 'then done');
    t.equal(Buffer.from(p.body.subarray(0, p.bodyLength)).toString(), '0123456789', 'the body');
    // A full room at the cap is the cap: an error, as without rooms.
    const big = Buffer.from('HTTP/1.1 200 OK\r\n\r\n' + 'z'.repeat(70));
    const q: any = { head: new Uint8Array(64), headRoom: 64, headCap: 64, body: new Uint8Array(64), bodyRoom: 64, bodyCap: 64 };
    R.httpResponseReset(q, false);
    t.equal(R.httpResponseParse(q, big, 0, big.length), R.HTTP_E_BODY_TOO_LARGE, 'over the cap');
});

t.test('response parser on random and mutated responses', async t => {
    for (let i = 0; i < 400; i++) {
        const base = rnd.pick(httpCases).bytes;
        let bytes: Buffer = Buffer.from(base);
        for (let m = rnd.int(3); m > 0; m--) bytes = mutate(bytes);
        const cuts = Array.from({ length: rnd.int(4) }, () => rnd.int(bytes.length + 1)).sort((a, b) => a - b);
        const flags = rnd.int(4);
        const rooms = rnd.int(2) ? rnd.pick(ROOMS) : undefined;
        const p = parseTs(bytes, cuts, (flags & 1) === 1, (flags & 2) === 2, HEAD_CAP, BODY_CAP, rooms);
        const roomText = rooms ? `:${rooms.head}:${rooms.body}:${rooms.step}` : '';
        call(`http ${flags} ${hex(bytes)} ${cuts.length ? cuts.join(',') : '-'} ${HEAD_CAP}:${BODY_CAP}${roomText}`,
            `${p.result} ${p.status} ${p.keepAlive ? 1 : 0} ${hex(Buffer.from(p.head, 'latin1'))} ${hex(Buffer.from(p.body, 'latin1'))}`);
        const whole = parseTs(bytes, [], (flags & 1) === 1, (flags & 2) === 2);
        t.same(p, whole, `mutated response ${i} parses the same whole and split`);
    }
});

// ---- configuration values (lib/config_forms.ts) ----
t.test('configuration forms: sizes and durations are what they say, the same in Node and C', async t => {
    const value = (form: 'd' | 's' | 't', text: string, bare = 1000) => {
        const b = Buffer.from(text, 'latin1');
        const n = form === 's' ? CFG.sizeValue(b, 0, b.length) : form === 't' ? CFG.durationValue(b, 0, b.length, bare)
            : CFG.decimalValue(b, 0, b.length);
        call(`cfg ${form} ${hex(b)} ${bare}`, String(n));
        return n;
    };
    const NaN_ = CFG.NOT_A_NUMBER;
    const known: [form: 'd' | 's' | 't', text: string, bare: number, want: number][] = [
        ['d', '0', 0, 0], ['d', '0042', 0, 42], ['d', '999999999999999', 0, 999999999999999], ['d', '1000000000000000', 0, NaN_],
        ['d', '', 0, NaN_], ['d', '-1', 0, NaN_], ['d', '1 ', 0, NaN_], ['d', '18446744073709551616', 0, NaN_],
        ['s', '65536', 0, 65536], ['s', '64k', 0, 65536], ['s', '64K', 0, 65536], ['s', '4m', 0, 4 << 20], ['s', '4M', 0, 4 << 20],
        ['s', '1g', 0, 1 << 30], ['s', '0m', 0, 0], ['s', 'm', 0, NaN_], ['s', '4mb', 0, NaN_], ['s', '1.5m', 0, NaN_],
        ['s', '931322g', 0, 931322 * 2 ** 30], ['s', '931323g', 0, NaN_],
        ['t', '10', 1000, 10000], ['t', '10', 1, 10], ['t', '10s', 1, 10000], ['t', '500ms', 1000, 500], ['t', '2m', 1000, 120000],
        ['t', '1h', 1000, 3600000], ['t', '0s', 1000, 0], ['t', 'ms', 1000, NaN_], ['t', 's', 1000, NaN_], ['t', '5S', 1000, NaN_],
        ['t', '1h0m', 1000, NaN_], ['t', '10 s', 1000, NaN_], ['t', '1d', 1000, NaN_], ['t', '1.5s', 1000, NaN_],
        ['t', '277777777h', 1000, 277777777 * 3600000], ['t', '277777778h', 1000, NaN_],
    ];
    for (const [form, text, bare, want] of known) t.equal(value(form, text, bare), want, `${form} ${JSON.stringify(text)}`);
    const pieces = ['0', '1', '9', '10', '500', '64', 'k', 'K', 'm', 'M', 'g', 's', 'ms', 'h', ' ', '.', '-', 'x', '99999999'];
    for (let i = 0; i < 400; i++) {
        const text = Array.from({ length: 1 + rnd.int(4) }, () => rnd.pick(pieces)).join('');
        value(rnd.pick(['d', 's', 't'] as const), text, rnd.pick([1, 1000]));
    }
});

t.test('configuration forms: character classes and word lists, the same in Node and C', async t => {
    const inClass = (cls: string, c: number) => {
        const b = Buffer.from(cls, 'latin1');
        const r = CFG.inClass(b, 0, b.length, c);
        call(`cls ${hex(b)} ${c}`, r ? '1' : '0');
        return r;
    };
    const byte = (ch: string) => ch.charCodeAt(0);
    t.ok(inClass('A-Za-z0-9_./-', byte('Q')) && inClass('A-Za-z0-9_./-', byte('-')) && inClass('A-Za-z0-9_./-', byte('/')));
    t.notOk(inClass('A-Za-z0-9_./-', byte(' ')) || inClass('A-Za-z0-9_./-', byte(':')));
    t.ok(inClass('^:', byte('a')) && inClass('^:', 0xc3), 'a negated class takes any other byte, UTF-8 included');
    t.notOk(inClass('^:', byte(':')) || inClass('^:', 0x0a) || inClass('^:', 0x7f), 'but neither the excluded nor control characters');
    t.ok(inClass('', byte(' ')) && !inClass('', 0x1b), 'no class: anything but control characters');
    t.ok(inClass('!-~', byte('~')) && !inClass('!-~', byte(' ')));
    for (let i = 0; i < 300; i++) inClass(rnd.pick(['a-z0-9-', '^:', '!-~', '', 'A-Za-z0-9_./-', '^ab']), rnd.int(256));
    const word = (list: string, v: string) => {
        const l = Buffer.from(list, 'latin1');
        const b = Buffer.from(v, 'latin1');
        const r = CFG.wordIndex(l, l.length, b, 0, b.length);
        call(`word ${hex(l)} ${hex(b)}`, String(r));
        return r;
    };
    t.equal(word('udp tcp tls', 'tls'), 2);
    t.equal(word('udp tcp tls', 'udp'), 0);
    t.equal(word('udp tcp tls', 'tc'), CFG.NOT_A_NUMBER);
    t.equal(word('udp tcp tls', ''), CFG.NOT_A_NUMBER);
    t.equal(word('off on false true', 'true'), 3);
    t.equal(CFG.wordCount(Buffer.from('a b  c'), 6), 3);
    for (let i = 0; i < 100; i++) word(rnd.pick(['kern user mail', 'a', '1 3 5 7', 'x y']), rnd.pick(['kern', 'mail', 'a', '5', 'y', 'z', '']));
});

t.test('Node and C agree on every call', async t => {
    const run = runHarness(exe, calls.map(c => c.line));
    t.equal(run.status, 0, 'harness exits 0');
    t.equal(run.stderr, '', 'no sanitizer report');
    t.equal(run.answers.length, calls.length, 'one answer per call');
    const mismatches = calls.map((c, i) => ({ c, got: run.answers[i] })).filter(x => x.got !== x.c.expected)
        .map(x => `${x.c.line.slice(0, 200)}: node ${x.c.expected.slice(0, 200)}, C ${x.got?.slice(0, 200)}`);
    t.same(mismatches.slice(0, 10), [], `${calls.length} calls, no mismatch`);
});
