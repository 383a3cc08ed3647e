#!/usr/bin/env node
// klibc: the dialect compiler. The compiler is TypeScript, loaded through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../codegen/cli.ts');
