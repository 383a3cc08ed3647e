// The role credentials every request is signed with, as the metadata service last gave them.
import { bytes, timestamp, u32, u64 } from '../dialect';
import { allocate, allocateBuffer, Buffer, deallocate, Heap, INVALID_ADDRESS } from '../nanos';

/** Room for each value (AWS session tokens are about 1-2 KB today; the stock klib allowed 2048). */
export const ACCESS_KEY_CAP: bytes = 128;
export const SECRET_CAP: bytes = 128;
export const TOKEN_CAP: bytes = 8192;

export interface Credentials {
    accessKey: Buffer;
    secret: Buffer;
    token: Buffer;
    /** Unix seconds when they stop working; 0: unknown. */
    expiration: u64;
    valid: boolean;
    /** Incremented at each renewal, so a failed request knows whether newer ones exist. */
    generation: u32;
    /** Monotonic time of the last renewal. */
    renewedAt: timestamp;
}

export function credentialsNew(h: Heap): Credentials | null {
    const c: Credentials = allocate<Credentials>(h);
    if (c === INVALID_ADDRESS) return null;
    c.accessKey = allocateBuffer(h, ACCESS_KEY_CAP);
    c.secret = allocateBuffer(h, SECRET_CAP);
    c.token = allocateBuffer(h, TOKEN_CAP);
    c.expiration = 0;
    c.valid = false;
    c.generation = 0;
    c.renewedAt = 0;
    if (c.accessKey === INVALID_ADDRESS || c.secret === INVALID_ADDRESS || c.token === INVALID_ADDRESS) {
        deallocate(h, c);
        return null;
    }
    return c;
}
