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

/** Runs `script` (sh) with the syslog klib configured as given. */
export function runSyslog(config: object, script: string, extra: string[] = []): Promise<Result> {
    return klibhost(['--config', writeConfig(config), ...extra, '--', 'sh', '-c', script]);
}

/** The lines the program printed (klibhost echoes the console on its stdout). */
export function printedLines(r: Result): string[] {
    return r.stdout.toString('utf8').split('\n').filter(l => l !== '');
}
