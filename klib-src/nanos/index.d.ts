/* All bindings, for `import { ... } from '../nanos'`. */
export * from './runtime';
export * from './time';
export * from './console';
export * from './net';
export * from './buffers';
export * from './values';
export * from './memory';
export * from './shutdown';
export * from './lwip';
export * from './files';
export * from './mbedtls';
export * from './tls';
