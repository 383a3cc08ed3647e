// syslog_tls: connects the syslog klib to the tls klib, for `protocol: tls` (RFC 5425). It is a
// klib of its own so that the syslog klib loads without the tls klib (see
// klib-src/syslog/tls_bridge.ts): "Klibs": ["syslog", "syslog_tls", "tls"].
import { embedded, s32 } from '../dialect';
import { KLIB_INIT_OK, rprintf, StatusHandler, Thunk } from '../nanos';
import {
    syslogTlsAddress, syslogTlsCaCert, syslogTlsCaCertLength, syslogTlsHandler, syslogTlsPort, syslogTlsRegister,
    syslogTlsServer, syslogTlsStarted,
} from '../syslog/syslog';
import { TlsTrust, tlsConnectHost, tlsConnectTrusting, tlsTrustCreate } from '../tls/tls';

let trust: TlsTrust | null = null;

// Starts the TLS connection syslog asked for: verified against the CA certificates of the syslog
// configuration (ca_cert) when it has some, else against the tls klib's default trust.
const connectForSyslog: Thunk = embedded(() => {
    const ch = syslogTlsHandler();
    if (ch === null) {
        syslogTlsStarted(-1);
        return;
    }
    const pem = syslogTlsCaCert();
    if (pem !== null && trust === null) trust = tlsTrustCreate(pem, syslogTlsCaCertLength());
    if (pem !== null && trust === null) {
        rprintf('syslog_tls: ca_cert holds no certificate the tls klib can use\n');
        syslogTlsStarted(-1);
        return;
    }
    const t = trust;
    if (t !== null) syslogTlsStarted(tlsConnectTrusting(t, syslogTlsServer(), syslogTlsAddress(), syslogTlsPort(), ch));
    else syslogTlsStarted(tlsConnectHost(syslogTlsServer(), syslogTlsAddress(), syslogTlsPort(), ch));
});

export function init(complete: StatusHandler): s32 {
    syslogTlsRegister(connectForSyslog);
    return KLIB_INIT_OK;
}
