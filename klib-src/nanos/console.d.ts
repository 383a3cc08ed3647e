/* Bindings: the console subsystem (drivers/console.h). */
import type { bytes } from '../dialect';
import type { CString, SString, VoidPtr } from './runtime';

/** A console driver's write function; `d` is the driver itself. @fnptr */
export type ConsoleWrite = (d: VoidPtr, s: CString, count: bytes) => void;

/** @struct console_driver @c struct console_driver * @include drivers/console.h */
export interface ConsoleDriver {
    write: ConsoleWrite;
    name: SString;
    disabled: boolean;
}

/** @c attach_console_driver */ export declare function attachConsoleDriver(d: ConsoleDriver): void;
