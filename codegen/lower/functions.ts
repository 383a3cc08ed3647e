// The one path for function bodies: a top-level function, a closure and an embedded closure all
// set up their scope from their C parameters, lower their body here, and learn which parameters
// the body never reads. Only their heads differ (module.ts, closures.ts).
import { Block, Expression, Node, ParameterDeclaration } from 'ts-morph';
import * as C from '../c/ast.js';
import { lineOf } from '../lines.js';
import type { ClosureForm } from '../bindings/prelude.js';
import { instantiate } from '../bindings/templates.js';
import { CType } from '../types/ctypes.js';
import { FunctionContext, ModuleContext } from './context.js';
import { checkLocalName } from './identifiers.js';
import { FunctionScope, LocalVar } from './scope.js';
import { lowerStatements, returnValue } from './statements.js';

export interface BodySpec {
    /** The function-like node whose body this is (a FunctionDeclaration or an ArrowFunction). */
    node: Node;
    body: Node;
    returnType: CType;
    /** The C parameters in order; `decl` is the source parameter naming it, when there is one. */
    params: { decl: ParameterDeclaration | undefined; cName: string; type: CType }[];
    form: ClosureForm | undefined;
    /** For a closure: the scope it is created in, and the variables it captures from it. */
    parent?: FunctionScope;
    captures?: LocalVar[];
    hoisted: C.Top[];
    /** The C name prefix for closures made inside (the top-level function's name). */
    prefix: string;
}

export interface LoweredBody {
    body: C.Stmt[];
    /** Which C parameters the body never reads (they are marked for -Wextra). */
    unused: boolean[];
}

export function lowerBody(m: ModuleContext, spec: BodySpec): LoweredBody {
    const scope = new FunctionScope(spec.node, spec.returnType, spec.parent, spec.form);
    for (const c of spec.captures ?? []) scope.captures.set(c.decl, c);
    const f = new FunctionContext(m, scope, spec.hoisted, spec.prefix);
    for (const p of spec.params) {
        if (!p.decl) continue;
        checkLocalName(f, p.decl, p.cName, p.type);
        scope.locals.set(p.decl, { decl: p.decl, cName: p.cName, type: p.type });
    }
    const body: C.Stmt[] = [];
    const finish = spec.form?.finish ? instantiate(spec.form.finish, new Map(), new Map()) : undefined;
    if (Node.isBlock(spec.body)) {
        body.push(...lowerStatements(f, spec.body.getStatements(), spec.body));
        if (finish && !endsInReturn(spec.body)) body.push({ k: 'expr', e: finish });
    } else {
        // An expression body: `(x) => f(x)`.
        const e = spec.body as Expression;
        const v = f.expression(e, spec.returnType);
        const line = lineOf(e);
        if (spec.returnType.k === 'void') {
            body.push({ k: 'expr', e: v.e, line });
            if (finish) body.push({ k: 'expr', e: finish });
        } else {
            body.push(...returnValue(f, v.e, line));
        }
    }
    const unused = spec.params.map(p => !p.decl || !scope.usedParams.has(p.decl));
    return { body, unused };
}

function endsInReturn(block: Block): boolean {
    const last = block.getStatements().at(-1);
    return !!last && Node.isReturnStatement(last);
}
