// A module whose exported prototypes name kernel types (ip_addr_t from <lwip.h>, fsfile from
// <unix_internal.h>): the C files that include its header include those kernel headers first,
// since a generated header may not include a Nanos header itself (they have no include guards).
import { u32 } from '../../../../klib-src/dialect';
import { FsFile, fsfileGetLength, IpAddr } from '../../../../klib-src/nanos';

let uses: u32 = 0;

export function sameAddress(a: IpAddr): IpAddr {
    uses++;
    return a;
}

export function fileLength(f: FsFile): u32 {
    return fsfileGetLength(f) as u32;
}

export function useCount(): u32 {
    return uses;
}
