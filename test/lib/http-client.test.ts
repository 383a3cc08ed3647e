// The library's HTTP client end to end: the http_probe test klib (test/lib/fixtures/) runs in
// klibhost against a Node HTTP server on loopback. N requests share one kept-alive connection;
// a connection the server closes while idle is replaced (the request is sent again); a
// `Connection: close` response closes it; POST bodies (whole, and made in parts with Content-Length
// or chunked, one shorter and one longer than announced), chunked responses, a timeout, a body
// over the cap, HEAD, a refused connection, a malformed response, one request in flight at a
// time, and header injection are covered, bodies of 200 KB through response stores that start at
// 1 KiB and grow (Content-Length, chunked; a small answer after one, on the same connection, finds
// the store given back), and a JSON body written with the
// library's writer and an answer read with its reader; all under ASan/UBSan.
import http from 'node:http';
import net from 'node:net';
import { once } from 'node:events';
import path from 'node:path';
import t from 'tap';
import { buildHost, klibhost, linesWith, sanitizerReport, writeConfig } from '../../host/lib/klibhost.ts';
import { buildHostKlib, klibc, tempDir } from './helpers/build.ts';

buildHost();
const klibDir = path.join(tempDir('lib-klibs-'), 'klibs');
buildHostKlib(klibc(['test/lib/fixtures/http_probe']), 'http_probe', klibDir);

/** The large bodies: byte i is (i * 7 + 3) % 251 (http_probe checks every byte). */
const LARGE = Buffer.from(Array.from({ length: 200000 }, (_, i) => (i * 7 + 3) % 251));

t.test('keep-alive, reconnect, and the response cases', async t => {
    let connections = 0;
    const seen: string[] = [];
    const jsonMessages: string[] = [];
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', d => chunks.push(d));
        req.on('end', () => {
            const sock = req.socket as any;
            seen.push(`${req.method} ${req.url} conn ${sock.probeId} host ${req.headers.host} probe ${req.headers['x-probe']} bad ${req.headers['x-bad'] ?? '-'} injected ${req.headers.injected ?? '-'}`);
            const send = (body: string, headers: Record<string, string> = {}) => {
                res.writeHead(200, { 'Content-Length': Buffer.byteLength(body), 'X-Probe': 'seen', ...headers });
                res.end(body);
            };
            switch (req.url) {
                case '/keep': return send(`keep ${sock.probeId}`);
                case '/drop':
                    send(`drop ${sock.probeId}`);
                    res.on('finish', () => sock.destroy());
                    return;
                case '/close': return send(`close ${sock.probeId}`, { Connection: 'close' });
                case '/echo': return send(`echo ${Buffer.concat(chunks).toString()} ${req.headers['content-length']}`);
                case '/parts': {
                    // The probe's body made in parts: byte i is 'a' + i % 26.
                    const got = Buffer.concat(chunks);
                    const right = got.every((c, i) => c === 97 + i % 26);
                    const framing = req.headers['content-length'] ? `length ${req.headers['content-length']}` : req.headers['transfer-encoding'];
                    return send(`parts ${got.length} ${right ? 'right' : 'wrong'} ${framing}`);
                }
                case '/chunked':
                    res.writeHead(200, { 'Content-Type': 'text/plain' });
                    res.write('chunk-one ');
                    setTimeout(() => res.end('chunk-two'), 20);
                    return;
                case '/hang': return; // never answers: the client's timeout ends it
                case '/big': return send('x'.repeat(300000));
                case '/large': return res.writeHead(200, { 'Content-Length': LARGE.length }).end(LARGE);
                case '/large-chunked': {
                    // Chunks of 20000 bytes: the client's store grows several times.
                    res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
                    for (let at = 0; at < LARGE.length; at += 20000) res.write(LARGE.subarray(at, at + 20000));
                    return res.end();
                }
                case '/garbage':
                    sock.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nBroken header line\r\n\r\nhello');
                    return;
                case '/json': {
                    let message: string;
                    try {
                        message = JSON.parse(Buffer.concat(chunks).toString('utf8')).message;
                    } catch (e) {
                        return send(`not JSON: ${Buffer.concat(chunks).toString('hex')}`);
                    }
                    jsonMessages.push(message);
                    return send(JSON.stringify({ __type: 'Echo', message, n: message.length }));
                }
                default:
                    res.writeHead(404);
                    res.end();
            }
        });
    });
    server.on('connection', s => {
        (s as any).probeId = ++connections;
    });
    server.keepAliveTimeout = 60000;
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    t.teardown(() => {
        server.closeAllConnections();
        server.close();
    });
    const port = (server.address() as any).port;
    // A port nothing listens on, for the client whose connections are refused.
    const closed = net.createServer();
    closed.listen(0, '127.0.0.1');
    await once(closed, 'listening');
    const closedPort = (closed.address() as net.AddressInfo).port;
    await new Promise(resolve => closed.close(resolve));
    const r = await klibhost(['--config', writeConfig({ Klibs: ['http_probe'] }), '--klib-dir', klibDir,
        '--connect-to', `127.0.0.2:80:127.0.0.1:${port}`, '--connect-to', `127.0.0.3:8080:127.0.0.1:${closedPort}`,
        '--', 'true']);
    t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report');
    t.equal(r.code, 0, 'klibhost exits 0');
    const lines = linesWith(r.stdout, 'http_probe:');
    t.same(lines, [
        'http_probe: 0 status 200 body keep 1 conns 1 tag 4',
        'http_probe: 1 status 200 body keep 1 conns 1 tag 4',
        'http_probe: 2 status 200 body keep 1 conns 1 tag 4',
        'http_probe: 3 status 200 body keep 1 conns 1 tag 4',
        'http_probe: 4 status 200 body keep 1 conns 1 tag 4',
        'http_probe: 5 status 200 body drop 1 conns 1 tag 4',
        'http_probe: 6 status 200 body keep 2 conns 2 tag 4',
        'http_probe: 7 status 200 body keep 2 conns 2 tag 4',
        'http_probe: 8 status 200 body close 2 conns 2 tag 4',
        'http_probe: 9 status 200 body keep 3 conns 3 tag 4',
        'http_probe: 10 status 200 body echo hello from the probe 20 conns 3 tag 4',
        'http_probe: 11 status 200 body chunk-one chunk-two conns 3 tag 0',
        'http_probe: 12 error http: request timed out conns 3',
        'http_probe: 13 error http: response body too large conns 4',
        'http_probe: 14 status 200 body  conns 5 tag 4',
        'http_probe: json valid 0 type Echo n 24 small -1',
        'http_probe: 16 error http: connection failed conns 1',
        'http_probe: 17 error http: malformed response conns 5',
        'http_probe: 18 status 200 body keep 6 conns 6 tag 4',
        'http_probe: 19 status 200 body parts 40000 right length 40000 conns 6 tag 4',
        'http_probe: 20 status 200 body parts 40000 right chunked conns 6 tag 4',
        'http_probe: 21 error http: body length differs from its Content-Length conns 6',
        'http_probe: 22 error http: body length differs from its Content-Length conns 7',
        'http_probe: 23 status 200 body keep 8 conns 8 tag 4',
        'http_probe: 24 status 200 large 200000 right 1 conns 8',
        'http_probe: 25 status 200 body keep 8 conns 8 store 1024',
        'http_probe: 26 status 200 large 200000 right 1 conns 8',
        'http_probe: done conns 8 refused conns 1',
    ], 'every step, in order', { stdout: r.stdout.toString(), stderr: r.stderr });
    t.equal(seen.filter(s => s.includes('injected yes')).length, 0, 'no header injection reached the server');
    t.ok(seen.every(s => s.includes('host probe.test probe step')), 'Host and the caller\'s header on every request',
        { seen });
    t.equal(connections, 8, 'one connection per reconnect, no more');
    t.same(jsonMessages, ['line \x1b[31mred\x1b[0m q"\\\t\ufffd\n'], 'the JSON writer\'s string parses, invalid UTF-8 replaced');
});
