/*
 * Bindings: DNS, UDP, interface addresses (net/lwip.h and lwIP's ip_addr.h, netif.h, dns.h, pbuf.h,
 * udp.h). TCP connections and the address type are in net.d.ts.
 */
import type { bytes, s32, u16, u8 } from '../dialect';
import type { Buffer, BytePtr, SString, VoidPtr } from './runtime';
import type { IpAddr } from './net';
// The address and connection types live in net.d.ts; they are re-exported here for the files that
// import them from this one.
export type { BufferHandler, ConnectionHandler, InputBufferHandler, IpAddr } from './net';

/** A read-only address handed to a callback. @c const ip_addr_t * @include lwip.h */
export interface ConstIpAddr { readonly __kind: 'const ip_addr' }
/** A network interface (referenced: release it with netifUnref). @c struct netif * @include lwip.h */
export interface Netif { readonly __kind: 'netif' }
/** A packet buffer. @c struct pbuf * @include lwip.h */
export interface Pbuf { readonly __kind: 'pbuf' }
/** A UDP protocol control block. @c struct udp_pcb * @include lwip.h */
export interface UdpPcb { readonly __kind: 'udp_pcb' }

/** A DNS answer: the address, or 0 on failure. @fnptr */
export type DnsFound = (name: SString, addr: ConstIpAddr | null, arg: VoidPtr) => void;

/** @c ERR_OK */ export declare const ERR_OK: s32;
/** @c ERR_INPROGRESS */ export declare const ERR_INPROGRESS: s32;
/** The longest text form of an address, without the NUL. @c IPADDR_STRLEN_MAX */ export declare const IPADDR_STRLEN_MAX: bytes;

/**
 * Looks a name (or an address literal) up: ERR_OK with the answer in `addr` already,
 * ERR_INPROGRESS with the answer later through `found`, anything else a failure.
 * @c dns_gethostbyname($name, $addr, $found, 0)
 */
export declare function dnsLookup(name: SString, addr: IpAddr, found: DnsFound): s32;
/** dnsLookup passing `arg` to `found` (which then tells its lookups apart). @c dns_gethostbyname($name, $addr, $found, $arg) */
export declare function dnsLookupWith(name: SString, addr: IpAddr, found: DnsFound, arg: VoidPtr): s32;
/** @c (*($dst) = *($src)) */ export declare function copyAddress(dst: IpAddr, src: ConstIpAddr): void;
/** True for 0.0.0.0 and ::. @c ip_addr_isany */ export declare function isAnyAddress(a: ConstIpAddr): boolean;
/** Appends the text form of an address to b. @c ({ char __t[IPADDR_STRLEN_MAX + 1]; int __n = ipaddr_ntoa_r($a, __t, sizeof(__t)); buffer_write($b, __t, __n > 0 ? __n : 0); }) */
export declare function writeAddress(b: Buffer, a: ConstIpAddr): boolean;
/** The same address, read-only. @c ((const ip_addr_t *)($a)) */ export declare function constAddress(a: IpAddr): ConstIpAddr;

/** The interface of the default route, referenced; 0 before the network is configured. @c netif_get_default */
export declare function netifGetDefault(): Netif | null;
/** @c netif_unref */ export declare function netifUnref(n: Netif): void;
/**
 * The interface's IPv4 address. lwIP's netif_ip_addr4() (the `ip_addr` field, right after the
 * `next` pointer in lwIP 2.1's struct netif); nanos-headers keeps struct netif opaque but for its
 * refcount, so the field is reached by its offset.
 * @c ((const ip_addr_t *)((u8 *)($n) + sizeof(void *)))
 */
export declare function netifAddress(n: Netif): ConstIpAddr;

/** A dual-stack UDP endpoint. @c udp_new_ip_type(IPADDR_TYPE_ANY) */ export declare function udpNew(): UdpPcb | null;
/** A packet of `length` bytes in RAM with room for the headers below UDP. @c pbuf_alloc(PBUF_TRANSPORT, $length, PBUF_RAM) */
export declare function pbufAlloc(length: u16): Pbuf | null;
/** @c ((u8 *)($p)->payload) */ export declare function pbufPayload(p: Pbuf): BytePtr;
/** @c pbuf_free */ export declare function pbufFree(p: Pbuf): u8;
/** @c udp_sendto */ export declare function udpSendto(pcb: UdpPcb, p: Pbuf, to: IpAddr, port: u16): s32;
