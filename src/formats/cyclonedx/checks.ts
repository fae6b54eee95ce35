import { parsePurl } from '../../core/index.js';
import type { SbomDocument, SbomIssue } from '../sbom/model.js';

/** Cycles listed in one issue are cut after this many refs, so a huge cycle stays readable. */
const MAX_REFS_IN_MESSAGE = 10;

/**
 * Checks a read document for what the schema cannot express: unique refs, dependencies that
 * name something, an acyclic dependency graph and valid purls. `locate*` turn a component
 * index or ref into the location written in the issue (JSON pointer or XML line).
 */
export interface CheckLocations {
  readonly component: (index: number, field?: string) => string | undefined;
  readonly service: (index: number) => string | undefined;
  readonly dependency: (index: number) => string | undefined;
}

export function checkDocument(doc: SbomDocument, where: CheckLocations): SbomIssue[] {
  return [
    ...duplicateRefs(doc, where),
    ...danglingDependencies(doc.dependencies, knownRefs(doc), where.dependency),
    ...dependencyCycles(doc.dependencies),
    ...invalidPurls(doc, where),
  ];
}

/** The issue for a ref seen before (the streaming reader applies the rule as components arrive). */
export function duplicateRefIssue(ref: string, location: string | undefined): SbomIssue {
  return withLocation({ severity: 'error', code: 'duplicate-ref', message: `bom-ref "${ref}" is used more than once.` }, location);
}

function duplicateRefs(doc: SbomDocument, where: CheckLocations): SbomIssue[] {
  const seen = new Set<string>();
  const issues: SbomIssue[] = [];
  const report = (ref: string, location: string | undefined): void => {
    if (!seen.has(ref)) {
      seen.add(ref);
      return;
    }
    issues.push(duplicateRefIssue(ref, location));
  };
  doc.components.forEach((c, i) => report(c.ref, where.component(i, 'bom-ref')));
  doc.services.forEach((s, i) => report(s.ref, where.service(i)));
  return issues;
}

function withLocation(issue: SbomIssue, location: string | undefined): SbomIssue {
  return location === undefined ? issue : { ...issue, location };
}

function knownRefs(doc: SbomDocument): Set<string> {
  return new Set([...doc.components.map((c) => c.ref), ...doc.services.map((s) => s.ref)]);
}

export function danglingDependencies(
  dependencies: SbomDocument['dependencies'],
  known: ReadonlySet<string>,
  locate: (index: number) => string | undefined,
): SbomIssue[] {
  const issues: SbomIssue[] = [];
  dependencies.forEach((d, i) => {
    const check = (ref: string): void => {
      if (known.has(ref)) return;
      issues.push(
        withLocation(
          { severity: 'warning', code: 'dangling-dependency', message: `Dependency ref "${ref}" names no component or service.` },
          locate(i),
        ),
      );
    };
    check(d.ref);
    for (const ref of d.dependsOn) check(ref);
  });
  return issues;
}

/** One warning per strongly connected component with a cycle (Tarjan, iterative so large graphs cannot overflow the stack). */
export function dependencyCycles(dependencies: SbomDocument['dependencies']): SbomIssue[] {
  // Edge lists as written (entries of one ref joined); a repeated edge changes no component.
  const graph = new Map<string, readonly string[]>();
  for (const d of dependencies) {
    const edges = graph.get(d.ref);
    graph.set(d.ref, edges ? [...edges, ...d.dependsOn] : d.dependsOn);
  }
  return stronglyConnected(graph)
    .filter((scc) => scc.length > 1 || graph.get(scc[0] ?? '')?.includes(scc[0] ?? '') === true)
    .map((scc) => {
      const sorted = [...scc].sort();
      const shown = sorted.slice(0, MAX_REFS_IN_MESSAGE).join(', ');
      const more = sorted.length > MAX_REFS_IN_MESSAGE ? `, … (${sorted.length} in all)` : '';
      return {
        severity: 'warning' as const,
        code: 'dependency-cycle',
        message: `Dependency cycle among: ${shown}${more}.`,
      };
    });
}

interface Frame {
  readonly node: string;
  readonly edges: readonly string[];
  next: number;
}

function stronglyConnected(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let counter = 0;
  const enter = (node: string, frames: Frame[]): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    frames.push({ node, edges: graph.get(node) ?? [], next: 0 });
  };
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const frames: Frame[] = [];
    enter(start, frames);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as Frame;
      const target = frame.edges[frame.next++];
      if (target !== undefined) {
        if (!index.has(target)) enter(target, frames);
        else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(target) ?? 0));
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0));
      if (low.get(frame.node) === index.get(frame.node)) result.push(popComponent(frame.node, stack, onStack));
    }
  }
  return result;
}

function popComponent(root: string, stack: string[], onStack: Set<string>): string[] {
  const scc: string[] = [];
  for (;;) {
    const n = stack.pop();
    if (n === undefined) break;
    onStack.delete(n);
    scc.push(n);
    if (n === root) break;
  }
  return scc;
}

/** The warning for a purl core's parser refuses, or undefined when it is valid. */
export function invalidPurlIssue(purl: string, locate: () => string | undefined): SbomIssue | undefined {
  const parsed = parsePurl(purl);
  if (parsed.ok) return undefined;
  return withLocation({ severity: 'warning', code: 'invalid-purl', message: `Invalid purl "${purl}": ${parsed.error.message}` }, locate());
}

function invalidPurls(doc: SbomDocument, where: CheckLocations): SbomIssue[] {
  const issues: SbomIssue[] = [];
  doc.components.forEach((c, i) => {
    if (c.purl === undefined) return;
    const issue = invalidPurlIssue(c.purl, () => where.component(i, 'purl'));
    if (issue) issues.push(issue);
  });
  return issues;
}
