// Running a program under klibhost with the syslog klib, for the syslog tests.
import { buildHost, klibhost, Result, ROOT, sanitizerReport, writeConfig } from '../../../host/lib/klibhost.ts';

export { ROOT, sanitizerReport };
export type { Result };

let built = false;

/** Builds klibhost and the syslog host klib (once per test process). */
export function buildSyslog(): void {
    if (built) return;
    buildHost(`${ROOT}/build/host-klibs/syslog.so`);
    built = true;
}

/** The ops config of a program using the syslog klib with the given `syslog` tuple. */
export function syslogConfig(syslog: Record<string, string> | null, program = '/usr/bin/myapp'): object {
    return {
        Klibs: ['syslog'],
        Program: program,
        ...(syslog ? { ManifestPassthrough: { syslog } } : {}),
    };
}

/**
 * Runs `script` (sh) with the syslog klib configured as given; `onStdout` and `onStderr` see
 * klibhost's output as it comes (the console echo, and klibhost's own messages).
 */
export function runSyslog(config: object, script: string, extra: string[] = [],
                          onStdout?: (chunk: Buffer) => void, onStderr?: (chunk: Buffer) => void): Promise<Result> {
    return klibhost(['--config', writeConfig(config), ...extra, '--', 'sh', '-c', script], {}, onStdout, onStderr);
}

/** The console's lines (klibhost echoes the console on its stdout): the program's and the klib's. */
export function printedLines(r: Result): string[] {
    return r.stdout.toString('utf8').split('\n').filter(l => l !== '');
}

/** True for the klib's own lines (failures, recoveries, loss reports), on the console or received. */
export const isKlibLine = (line: string): boolean => line.startsWith('syslog: ');

/** The program's lines on the console (the klib's own left out). */
export function programLines(r: Result): string[] {
    return printedLines(r).filter(l => !isKlibLine(l));
}

/** The klib's own lines on the console. */
export function klibLines(r: Result): string[] {
    return printedLines(r).filter(isKlibLine);
}
