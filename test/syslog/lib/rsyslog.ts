// A real rsyslog (Debian's rsyslogd) for the syslog klib's tests: run in the foreground with its
// own configuration, pid file and work directory in a temporary directory, listening on loopback
// (UDP, TCP, and TLS through its gnutls driver), and writing every message it parsed as one line
// of tab-separated fields, so a test can compare each field with what the program printed.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { tempDir } from '../../../host/lib/klibhost.ts';

export interface Received {
    hostname: string;
    appName: string;
    facility: number;
    severity: number;
    /** The timestamp as rsyslog parsed it, in RFC 3339 form. */
    timestamp: string;
    protocolVersion: string;
    message: string;
}

export interface Ports { udp: number; tcp: number; tls: number }

export interface TlsFiles { ca: string; cert: string; key: string }

/**
 * A free port of the given kind on a loopback address (the kernel picks it; we release it for
 * rsyslog); with `port`, whether that port is free there (0 if not).
 */
export async function freePort(kind: 'tcp' | 'udp', address = '127.0.0.1', port = 0): Promise<number> {
    if (kind === 'udp') {
        const s = createSocket('udp4');
        const bound = await new Promise<boolean>(r => {
            s.once('error', () => r(false));
            s.bind(port, address, () => r(true));
        });
        const got = bound ? s.address().port : 0;
        s.close();
        return got;
    }
    const server = createServer();
    const listening = await new Promise<boolean>(r => {
        server.once('error', () => r(false));
        server.listen(port, address, () => r(true));
    });
    if (!listening) return 0;
    const a = server.address();
    const got = typeof a === 'object' && a ? a.port : 0;
    await new Promise<void>(r => server.close(() => r()));
    return got;
}

/** Ports free on every one of the given loopback addresses (for servers that take turns on a name). */
export async function freePortsOn(addresses: string[]): Promise<Ports> {
    const pick = async (kind: 'tcp' | 'udp'): Promise<number> => {
        for (;;) {
            const port = await freePort(kind, addresses[0]);
            let free = true;
            for (const a of addresses.slice(1)) free = free && (await freePort(kind, a, port)) === port;
            if (free) return port;
        }
    };
    return { udp: await pick('udp'), tcp: await pick('tcp'), tls: await pick('tcp') };
}

/** A CA and a server certificate for 127.0.0.1 / syslog.test, made with certtool (gnutls-bin). */
export function makeTlsFiles(dir: string): TlsFiles {
    const run = (args: string[]) => {
        const r = spawnSync('certtool', args, { encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`certtool ${args.join(' ')}: ${r.stderr}`);
    };
    const f = (name: string) => join(dir, name);
    writeFileSync(f('ca.tmpl'), 'cn = "klib test CA"\nca\ncert_signing_key\nexpiration_days = 2\n');
    writeFileSync(f('server.tmpl'),
        'cn = "syslog.test"\ndns_name = "syslog.test"\nip_address = "127.0.0.1"\ntls_www_server\n' +
        'encryption_key\nsigning_key\nexpiration_days = 2\n');
    run(['--generate-privkey', '--key-type', 'ecdsa', '--outfile', f('ca.key')]);
    run(['--generate-self-signed', '--load-privkey', f('ca.key'), '--template', f('ca.tmpl'), '--outfile', f('ca.pem')]);
    run(['--generate-privkey', '--key-type', 'ecdsa', '--outfile', f('server.key')]);
    run(['--generate-certificate', '--load-privkey', f('server.key'), '--load-ca-certificate', f('ca.pem'),
        '--load-ca-privkey', f('ca.key'), '--template', f('server.tmpl'), '--outfile', f('server.pem')]);
    return { ca: f('ca.pem'), cert: f('server.pem'), key: f('server.key') };
}

function configText(dir: string, address: string, ports: Ports, tls: TlsFiles | null): string {
    const out = join(dir, 'received.tsv');
    const lines = [
        `global(workDirectory="${join(dir, 'work')}" maxMessageSize="64k"` +
            (tls ? ` defaultNetstreamDriverCAFile="${tls.ca}" defaultNetstreamDriverCertFile="${tls.cert}"` +
                ` defaultNetstreamDriverKeyFile="${tls.key}"` : '') + ')',
        'module(load="imudp")',
        'module(load="imtcp" maxSessions="20")',
        // A receive buffer that takes a klib's burst (up to 1000 datagrams at once) whole.
        `input(type="imudp" address="${address}" port="${ports.udp}" rcvbufSize="4m")`,
        `input(type="imtcp" address="${address}" port="${ports.tcp}" supportOctetCountedFraming="on")`,
    ];
    if (tls) {
        // TLS (RFC 5425) through rsyslog's gnutls driver; clients are not asked for certificates.
        lines.push(`input(type="imtcp" address="${address}" port="${ports.tls}" streamDriver.name="gtls" ` +
            'streamDriver.mode="1" streamDriver.authMode="anon")');
    }
    // One line per message: each field separated by a tab; the message last (it may hold tabs,
    // which rsyslog escapes as #011 like every control character).
    lines.push(
        'template(name="fields" type="list") {',
        '  property(name="hostname") constant(value="\\t")',
        '  property(name="app-name") constant(value="\\t")',
        '  property(name="syslogfacility") constant(value="\\t")',
        '  property(name="syslogseverity") constant(value="\\t")',
        '  property(name="timereported" dateFormat="rfc3339") constant(value="\\t")',
        '  property(name="protocol-version") constant(value="\\t")',
        '  property(name="msg") constant(value="\\n")',
        '}',
        `*.* action(type="omfile" file="${out}" template="fields")`,
    );
    return lines.join('\n') + '\n';
}

// rsyslogd processes still running when the test process exits (a failed test) are stopped.
const running = new Set<ChildProcess>();
process.on('exit', () => {
    for (const child of running) child.kill('SIGKILL');
});

export class Rsyslog {
    private child: ChildProcess | null = null;
    private probes = 0;
    readonly out: string;
    readonly pidFile: string;
    readonly confFile: string;

    private constructor(readonly dir: string, readonly address: string, readonly ports: Ports,
                        readonly tls: TlsFiles | null) {
        this.out = join(dir, 'received.tsv');
        this.pidFile = join(dir, 'rsyslogd.pid');
        this.confFile = join(dir, 'rsyslog.conf');
        writeFileSync(this.confFile, configText(dir, address, ports, tls));
    }

    /**
     * Prepares (does not start) an rsyslog listening on a loopback address (127.0.0.1 unless
     * given), on fresh ports unless given; with TLS, on a new CA and certificate unless given.
     */
    static async create(options: { tls?: boolean, tlsFiles?: TlsFiles, address?: string, ports?: Ports } = {}):
        Promise<Rsyslog> {
        const dir = tempDir('rsyslog-');
        spawnSync('mkdir', ['-p', join(dir, 'work')]);
        const address = options.address ?? '127.0.0.1';
        const ports = options.ports ??
            { udp: await freePort('udp', address), tcp: await freePort('tcp', address), tls: await freePort('tcp', address) };
        return new Rsyslog(dir, address, ports, options.tlsFiles ?? (options.tls ? makeTlsFiles(dir) : null));
    }

    /**
     * Starts rsyslogd in the foreground and waits until it is ready: a probe datagram sent to its UDP
     * input has come out (and its TCP input accepts connections).
     */
    async start(): Promise<void> {
        this.child = spawn('/usr/sbin/rsyslogd', ['-n', '-f', this.confFile, '-i', this.pidFile],
            { stdio: ['ignore', 'ignore', 'pipe'] });
        const child = this.child;
        running.add(child);
        child.once('exit', () => running.delete(child));
        let stderr = '';
        child.stderr?.on('data', d => (stderr += d));
        const probe = createSocket('udp4');
        try {
            // Give up after a minute (a busy machine can take seconds; no passing run comes near it).
            for (let i = 0; i < 1200; i++) {
                const tag = `probe${this.probes++}`;
                probe.send(`<13>1 - test ${tag} - - - ready`, this.ports.udp, this.address);
                await sleep(50);
                if (this.received().some(r => r.appName === tag) && await accepts(this.ports.tcp, this.address)) return;
                if (this.child.exitCode !== null) break;
            }
        } finally {
            probe.close();
        }
        child.kill('SIGKILL');
        throw new Error(`rsyslogd did not start: ${stderr}`);
    }

    async stop(): Promise<void> {
        const child = this.child;
        if (!child || child.exitCode !== null) return;
        const exited = new Promise(r => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
        this.child = null;
    }

    /** Every message rsyslog has written so far. */
    received(): Received[] {
        if (!existsSync(this.out)) return [];
        return readFileSync(this.out, 'utf8').split('\n').filter(l => l !== '').map(line => {
            const f = line.split('\t');
            return {
                hostname: f[0] ?? '', appName: f[1] ?? '', facility: Number(f[2]), severity: Number(f[3]),
                timestamp: f[4] ?? '', protocolVersion: f[5] ?? '', message: f.slice(6).join('\t'),
            };
        });
    }

    /**
     * The messages from an app, waiting until at least `count` have arrived (or giving up after
     * `tries` looks 50 ms apart: a minute by default, which only a failing run reaches).
     */
    async waitFor(appName: string, count: number, tries = 1200): Promise<Received[]> {
        return this.waitUntil(appName, got => got.length >= count, tries);
    }

    /** The messages `match` picks, waiting until at least `count` have arrived (or giving up). */
    async waitMatching(match: (r: Received) => boolean, count: number, tries = 100): Promise<Received[]> {
        let got: Received[] = [];
        for (let i = 0; i < tries; i++) {
            got = this.received().filter(match);
            if (got.length >= count) return got;
            await sleep(50);
        }
        return got;
    }

    /** The messages from an app, waiting until `done` says they are all there (or giving up). */
    async waitUntil(appName: string, done: (got: Received[]) => boolean, tries = 1200): Promise<Received[]> {
        let got: Received[] = [];
        for (let i = 0; i < tries; i++) {
            got = this.received().filter(r => r.appName === appName);
            if (done(got)) return got;
            await sleep(50);
        }
        return got;
    }
}

function accepts(port: number, address: string): Promise<boolean> {
    return new Promise(resolve => {
        const c = connect(port, address);
        c.once('connect', () => { c.destroy(); resolve(true); });
        c.once('error', () => resolve(false));
    });
}

export function sleep(ms: number): Promise<void> {
    return new Promise(r => setTimeout(r, ms));
}
