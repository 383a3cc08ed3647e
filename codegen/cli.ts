// klibc [--out DIR] PATH...: compiles dialect sources to Nanos-style C.
// Exit status: 0 when C was written, 1 when the sources have errors, 2 for a usage error.
import { compile, writeOutputs } from './compile.js';

const USAGE = `usage: klibc [--out DIR] [--line-directives] PATH...
  Compiles klib sources written in the TypeScript dialect into C.
  PATH is a klib folder (one klib: its .ts modules), a folder of klib folders, or .ts files.
  --out DIR            where to write <klib>/<module>.c and .h (default: c-out)
  --line-directives    map the C to the .ts lines with #line (for gdb and sanitizer reports)
`;

function main(argv: string[]): number {
    let outDir = 'c-out';
    let lineDirectives = false;
    const inputs: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i]!;
        if (arg === '--out' || arg === '-o') {
            const value = argv[++i];
            if (!value) { process.stderr.write(`klibc: ${arg} needs a folder\n${USAGE}`); return 2; }
            outDir = value;
        } else if (arg.startsWith('--out=')) {
            outDir = arg.slice('--out='.length);
        } else if (arg === '--line-directives') {
            lineDirectives = true;
        } else if (arg === '--help' || arg === '-h') {
            process.stdout.write(USAGE);
            return 0;
        } else if (arg.startsWith('-')) {
            process.stderr.write(`klibc: unknown option ${arg}\n${USAGE}`);
            return 2;
        } else {
            inputs.push(arg);
        }
    }
    if (inputs.length === 0) { process.stderr.write(USAGE); return 2; }
    const result = compile({ inputs, outDir, lineDirectives });
    if (result.diagnostics.count > 0) {
        process.stderr.write(result.diagnostics.format());
        const n = result.diagnostics.count;
        process.stderr.write(`${n} error${n === 1 ? '' : 's'}; no C written\n`);
        return 1;
    }
    writeOutputs(result, outDir);
    return 0;
}

try {
    process.exitCode = main(process.argv.slice(2));
} catch (e) {
    // Never a stack trace for user input: an internal failure is reported as one line.
    process.stderr.write(`klibc: internal error: ${(e as Error).message}\n`);
    process.exitCode = 3;
}
