/* Bindings: the console subsystem (drivers/console.h). */
import type { bytes } from '../dialect';
import type { CString, SString, VoidPtr } from './runtime';
import type { Tuple } from './values';

/** A console driver's write function; `d` is the driver itself. @fnptr */
export type ConsoleWrite = (d: VoidPtr, s: CString, count: bytes) => void;
/** A console driver's optional hook, called when the manifest's `consoles` names it. @fnptr */
export type ConsoleConfig = (d: VoidPtr, root: Tuple) => void;

/** @struct console_driver @c struct console_driver * @include drivers/console.h */
export interface ConsoleDriver {
    write: ConsoleWrite;
    config: ConsoleConfig | null;
    name: SString;
    disabled: boolean;
}

/** @c attach_console_driver */ export declare function attachConsoleDriver(d: ConsoleDriver): void;
