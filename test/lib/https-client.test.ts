// The library's HTTP client over TLS (an endpoint at a fixed address, klib-src/lib/endpoint.ts) end to
// end: the https_probe test klib (test/lib/fixtures/) runs with the tls klib in klibhost against a
// Node https server on loopback whose certificate a CA made here signs, that CA being the probe's
// only trust. Two requests share one kept-alive TLS connection, a connection the server closed is
// replaced, a certificate for another name is refused before any request byte is sent, and a body
// that cannot be copied fails the request without sending it; all under ASan/UBSan.
import https from 'node:https';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import t from 'tap';
import { buildHost, klibhost, linesWith, ROOT, sanitizerReport, writeConfig } from '../../host/lib/klibhost.ts';
import { makeCa, makeLeaf } from '../mbedtls/helpers.ts';
import { buildHostKlib, klibc, tempDir } from './helpers/build.ts';

buildHost(path.join(ROOT, 'build/host-klibs/tls.so'));
const klibDir = path.join(tempDir('lib-tls-klibs-'), 'klibs');
buildHostKlib(klibc(['test/lib/fixtures/https_probe']), 'https_probe', klibDir);
// klibhost loads every klib from one folder: the tls klib joins the probe there.
fs.symlinkSync(path.join(ROOT, 'build/host-klibs/tls.so'), path.join(klibDir, 'tls.so'));

const pki = tempDir('lib-tls-pki-');
makeCa(pki, 'ca', 'ec');
makeLeaf(pki, 'good', 'ca', 'good.test', 'ec');

t.test('keep-alive, reconnect and a wrong host over TLS', async t => {
    let connections = 0;
    let handshakes = 0;
    const seen: string[] = [];
    const server = https.createServer({
        key: fs.readFileSync(path.join(pki, 'good.key')),
        cert: fs.readFileSync(path.join(pki, 'good.pem')),
    }, (req, res) => {
        const sock = req.socket as any;
        seen.push(`${req.method} ${req.url} conn ${sock.probeId} host ${req.headers.host}`);
        req.resume();
        req.on('end', () => {
            const body = `${req.url!.slice(1)} ${sock.probeId}`;
            res.writeHead(200, { 'Content-Length': Buffer.byteLength(body) });
            res.end(body);
            if (req.url === '/drop') res.on('finish', () => sock.destroy());
        });
    });
    server.on('secureConnection', s => {
        (s as any).probeId = ++handshakes;
    });
    server.on('connection', () => {
        connections++;
    });
    const clientErrors: string[] = [];
    server.on('tlsClientError', e => clientErrors.push(e.message));
    server.keepAliveTimeout = 60000;
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    t.teardown(() => {
        server.closeAllConnections();
        server.close();
    });
    const port = (server.address() as any).port;
    const config = {
        Klibs: ['tls', 'https_probe'],
        ManifestPassthrough: { https_probe: { ca: fs.readFileSync(path.join(pki, 'ca.pem'), 'utf8') } },
    };
    // The failed copy asks the heap for more than it can have: malloc says no instead of ASan aborting.
    const r = await klibhost(['--config', writeConfig(config), '--klib-dir', klibDir,
        '--connect-to', `127.0.0.2:443:127.0.0.1:${port}`, '--connect-to', `127.0.0.4:443:127.0.0.1:${port}`,
        '--', 'true'], { ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0:allocator_may_return_null=1' });
    t.equal(sanitizerReport(r.stderr), null, 'no sanitizer report', { stderr: r.stderr });
    t.equal(r.code, 0, 'klibhost exits 0');
    t.same(linesWith(r.stdout, 'https_probe:'), [
        'https_probe: 0 status 200 body keep 1 conns 1',
        'https_probe: 1 status 200 body keep 1 conns 1',
        'https_probe: 2 status 200 body drop 1 conns 1',
        'https_probe: 3 status 200 body keep 2 conns 2',
        'https_probe: 4 error http: connection failed conns 1',
        'https_probe: 5 error http: out of memory conns 2',
        'https_probe: 6 status 200 body keep 2 conns 2',
        'https_probe: done conns 2 wrong host conns 1',
    ], 'every step, in order', { stdout: r.stdout.toString(), stderr: r.stderr });
    t.same(seen, [
        'GET /keep conn 1 host good.test',
        'GET /keep conn 1 host good.test',
        'GET /drop conn 1 host good.test',
        'GET /keep conn 2 host good.test',
        'GET /keep conn 2 host good.test',
    ], 'only the good client\'s requests reached the server, none of the failed ones');
    t.equal(handshakes, 2, 'two TLS sessions: the wrong host\'s handshake never completed');
    t.equal(connections, 3, 'and three TCP connections, the wrong host\'s included');
});
