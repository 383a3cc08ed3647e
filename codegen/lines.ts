// The source line of a node, from TypeScript's cached line map (ts-morph's getStartLineNumber
// counts the file's newlines up to the node every time).
import { Node } from 'ts-morph';

export function lineOf(node: Node): number {
    return node.getSourceFile().compilerNode.getLineAndCharacterOfPosition(node.getStart()).line + 1;
}
