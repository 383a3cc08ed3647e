// const enum becomes a C enum; binding enums use the kernel's names.
import { timestamp, u32 } from '../../../../klib-src/dialect';
import { ClockId, kernNow } from '../../../../klib-src/nanos';

export const enum Severity {
    Default = 0,
    Info = 200,
    Warning = 400,
    Error = 500,
}

export const enum Protocol { Udp, Tcp, Tls }

export function defaultPort(p: Protocol): u32 {
    switch (p) {
        case Protocol.Udp:
        case Protocol.Tcp:
            return 514;
        case Protocol.Tls:
            return 6514;
    }
    return 0;
}

export function isError(s: Severity): boolean {
    return s >= Severity.Error;
}

export function wallClock(): timestamp {
    return kernNow(ClockId.Realtime);
}
