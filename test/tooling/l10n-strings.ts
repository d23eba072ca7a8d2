/**
 * The strings a package hands to l10n (`vscode.l10n.t(...)` in the extension, `l10n.t(...)` through
 * @vscode/l10n in the language server), read from its sources with the TypeScript parser, as
 * `@vscode/l10n-dev export` reads them: the key is the message, or `<message>/<comment>` when a comment is
 * given. Also every string literal that reaches the user without l10n, for the escape check.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import * as ts from 'typescript';

export interface L10nString {
  key: string;
  message: string;
  file: string;
}

export function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

function isL10nCall(node: ts.Node): node is ts.CallExpression {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression)) return false;
  const callee = node.expression;
  if (callee.name.text !== 't') return false;
  const owner = callee.expression;
  return (ts.isIdentifier(owner) && owner.text === 'l10n') || (ts.isPropertyAccessExpression(owner) && owner.name.text === 'l10n');
}

function literal(node: ts.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return undefined;
}

/** Every l10n call of the files; a call whose message is not a literal is reported as `dynamic`. */
export function l10nStrings(files: readonly string[]): { strings: L10nString[]; dynamic: string[] } {
  const strings: L10nString[] = [];
  const dynamic: string[] = [];
  for (const file of files) {
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (isL10nCall(node)) {
        const [first] = node.arguments;
        const direct = literal(first);
        if (direct !== undefined) strings.push({ key: direct, message: direct, file });
        else if (first && ts.isObjectLiteralExpression(first)) {
          const prop = (name: string) =>
            first.properties.find((p): p is ts.PropertyAssignment => ts.isPropertyAssignment(p) && p.name.getText() === name)?.initializer;
          const message = literal(prop('message'));
          const comment = literal(prop('comment'));
          if (message === undefined) dynamic.push(`${file}: ${node.getText()}`);
          else strings.push({ key: comment ? `${message}/${comment}` : message, message, file });
        } else dynamic.push(`${file}: ${node.getText()}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { strings, dynamic };
}

/** The placeholders of a template, sorted: `{0}`, `{name}`. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}
