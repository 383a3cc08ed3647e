#!/usr/bin/env node
// Writes the key table of each klib's README from the klib's table of keys (KEYS in
// klib-src/<klib>/config.ts; see codegen/config_tables.ts). `--check` writes nothing and fails when
// a table differs. `npm run gen` runs it after the compiler.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const { writeReadmeTables } = await import('../codegen/config_tables.ts');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const problems = writeReadmeTables(root, process.argv.includes('--check'));
for (const p of problems) process.stderr.write(`config-tables: ${p}\n`);
process.exitCode = problems.length > 0 ? 1 : 0;
