/**
 * Import cycles: fails (exit 1) when a module imports itself back, directly or through others,
 * anywhere in services/<name>/src, libs/<name>/src or contracts/src (generated code, such as
 * the Prisma clients in src/generated, is left out: it is not ours to shape).
 *   npm run lint:cycles
 * Imports are resolved the way the compiler does (tsconfig.base.json, path aliases included).
 * Type-only imports count too: two modules that need each other's types are one module in two
 * files, whatever the compiler erases.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..');

/** The source folders checked: every service's and lib's src, and the contracts. */
function sourceRoots(): string[] {
  const under = (dir: string) =>
    fs.existsSync(path.join(ROOT, dir))
      ? fs.readdirSync(path.join(ROOT, dir)).map((name) => path.join(ROOT, dir, name, 'src'))
      : [];
  return [...under('services'), ...under('libs'), path.join(ROOT, 'contracts', 'src')].filter((d) => fs.existsSync(d));
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'generated' ? [] : tsFiles(full);
    return /\.ts$/.test(e.name) && !/\.d\.ts$/.test(e.name) ? [full] : [];
  });
}

/** The module specifiers a file imports or re-exports from. */
function importsOf(file: string): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
  const specifiers: string[] = [];
  for (const statement of source.statements) {
    if ((ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      specifiers.push(statement.moduleSpecifier.text);
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      const expression = statement.moduleReference.expression;
      if (ts.isStringLiteral(expression)) specifiers.push(expression.text);
    }
  }
  return specifiers;
}

/** Strongly connected components with more than one module, or a module importing itself (Tarjan). */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? []).includes(node)) components.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return components;
}

/** One concrete loop through a component, for the report: a -> b -> ... -> a. */
function loopThrough(component: string[], graph: Map<string, string[]>): string[] {
  const members = new Set(component);
  const start = component[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const to of graph.get(node) ?? []) {
      if (!members.has(to)) continue;
      if (to === start) {
        const loop = [node];
        while (loop[0] !== start) loop.unshift(previous.get(loop[0])!);
        return [...loop, start];
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return component;
}

function main(): number {
  const config = ts.readConfigFile(path.join(ROOT, 'tsconfig.base.json'), ts.sys.readFile);
  const options = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT).options;
  const host = ts.createCompilerHost(options);
  const files = sourceRoots().flatMap(tsFiles);
  const checked = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = importsOf(file)
      .map((specifier) => ts.resolveModuleName(specifier, file, options, host).resolvedModule)
      .filter((m): m is ts.ResolvedModuleFull => m !== undefined && !m.isExternalLibraryImport)
      .map((m) => path.resolve(m.resolvedFileName))
      .filter((target) => checked.has(target));
    graph.set(file, [...new Set(targets)]);
  }
  const cycles = cyclesOf(graph);
  const relative = (f: string) => path.relative(ROOT, f);
  if (cycles.length === 0) {
    console.log(`no import cycles in ${files.length} modules`);
    return 0;
  }
  console.error(`${cycles.length} import cycle(s):`);
  for (const component of cycles) {
    console.error(`  ${loopThrough(component, graph).map(relative).join('\n    -> ')}`);
    if (component.length > 2) console.error(`    (${component.length} modules in this cycle: ${component.map(relative).join(', ')})`);
  }
  return 1;
}

process.exitCode = main();
