/*
 * Bindings: the syslog klib's interface for the syslog_tls klib (klib-src/syslog/tls_bridge.ts).
 * The syslog klib exports these; a klib calling them resolves them from it when loaded.
 */
import type { bytes, s32, u16 } from '../dialect';
import type { BytePtr, SString, Thunk } from './runtime';
import type { ConnectionHandler, IpAddr } from './net';

/** @c ({ extern void syslog_tls_register(thunk); syslog_tls_register($connect); }) @include kernel.h */
export declare function syslogTlsRegister(connect: Thunk): void;
/** @c ({ extern sstring syslog_tls_server(void); syslog_tls_server(); }) */
export declare function syslogTlsServer(): SString;
/** @c ({ extern ip_addr_t *syslog_tls_address(void); syslog_tls_address(); }) @include lwip.h */
export declare function syslogTlsAddress(): IpAddr;
/** @c ({ extern u16 syslog_tls_port(void); syslog_tls_port(); }) */
export declare function syslogTlsPort(): u16;
/** @c ({ extern u8 *syslog_tls_ca_cert(void); syslog_tls_ca_cert(); }) */
export declare function syslogTlsCaCert(): BytePtr | null;
/** @c ({ extern bytes syslog_tls_ca_cert_length(void); syslog_tls_ca_cert_length(); }) */
export declare function syslogTlsCaCertLength(): bytes;
/** @c ({ extern connection_handler syslog_tls_handler(void); syslog_tls_handler(); }) */
export declare function syslogTlsHandler(): ConnectionHandler | null;
/** @c ({ extern void syslog_tls_started(s32); syslog_tls_started($result); }) */
export declare function syslogTlsStarted(result: s32): void;
