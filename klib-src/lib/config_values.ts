// A number in a manifest value's text, for code that takes apart a value the configuration reader
// (lib/config_map.ts) has already checked, such as the port of a `host:port`.
import { bytes, u64 } from '../dialect';
import { Buffer, bufferData } from '../nanos';
import { decimalValue } from './config_forms.ts';

/** The digits of b[from, to) as a number; NOT_A_NUMBER (config_forms.ts) when they are not one. */
export function parseDecimal(b: Buffer, from: bytes, to: bytes): u64 {
    return decimalValue(bufferData(b), from, to);
}
