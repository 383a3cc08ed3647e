// Several modules in one klib: a module imports another's functions, records and constants; the
// C includes that module's header.
import { s32, u32 } from '../../../../klib-src/dialect';
import { KLIB_INIT_OK, STATUS_OK, StatusHandler } from '../../../../klib-src/nanos';
import { Counter, MAX_COUNT, bump } from './util';

let c: Counter | null;

export function init(complete: StatusHandler): s32 {
    const limit: u32 = MAX_COUNT;
    if (c !== null) bump(c!, limit);
    complete(STATUS_OK);
    return KLIB_INIT_OK;
}
