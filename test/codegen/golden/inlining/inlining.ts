// @inline and @noinline (docs/dialect.md): another module's @inline functions come from its header.
import { s32, u32, u64 } from '../../../../klib-src/dialect';
import { KLIB_INIT_OK, STATUS_OK, StatusHandler } from '../../../../klib-src/nanos';
import { lowBytesSum, slowCount } from './bits';

let total: u64 = 0;

export function init(complete: StatusHandler): s32 {
    const n: u32 = slowCount(3);
    total = lowBytesSum(0x1234, n);
    complete(STATUS_OK);
    return KLIB_INIT_OK;
}
