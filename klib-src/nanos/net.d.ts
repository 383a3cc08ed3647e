/*
 * Bindings: TCP connections through the kernel's connection-handler interface (net/lwip.h,
 * net/direct.c) and IP addresses. A connection handler receives the output handler once the
 * connection is up (0 when it failed) and returns the input handler for received data.
 */
import type { s32, u16 } from '../dialect';
import type { Buffer, Heap, SString, Status } from './runtime';

/** An IP address (lwIP ip_addr_t), stored by value in its owner. @struct ip_addr @c ip_addr_t * @include lwip.h */
export interface IpAddr { readonly __kind: 'ip_addr' }

/** Sends a buffer (taking ownership of it); 0 closes the connection. @closure buffer_handler @include kernel.h */
export type BufferHandler = (b: Buffer | null) => Status;
/**
 * Receives a buffer valid only during the call; 0 once, when the connection is gone. Returns true
 * only if it closed the connection itself. @closure input_buffer_handler @include kernel.h
 */
export type InputBufferHandler = (b: Buffer | null) => boolean;
/**
 * Called once: with the output handler when the connection is up, or 0 when it failed; returns the
 * input handler. @closure connection_handler @include kernel.h
 */
export type ConnectionHandler = (out: BufferHandler | null) => InputBufferHandler | null;

/** Parses a dotted IPv4 or an IPv6 literal; 1 on success. @c ipaddr_aton @include lwip.h */
export declare function ipAddrFromText(text: SString, addr: IpAddr): s32;
/**
 * Starts a TCP connection: STATUS_OK means `ch` will be called; an error status means it never is.
 * @c direct_connect @include lwip.h
 */
export declare function directConnect(h: Heap, addr: IpAddr, port: u16, ch: ConnectionHandler): Status;
