import type { SbomDependency } from '../sbom/model.js';

/** At most this many cycles are reported; a pathological graph must not flood the issue list. */
export const MAX_CYCLES = 20;
/** Refs shown per cycle before it is abbreviated. */
const MAX_CYCLE_LENGTH = 12;

interface Frame {
  readonly node: string;
  next: number;
}

/**
 * Strongly connected components of more than one ref, or refs depending on themselves: each is a
 * dependency cycle. Tarjan's algorithm with an explicit stack, so 100k-edge graphs neither recurse
 * nor take more than linear time.
 */
export function findCycles(deps: readonly SbomDependency[]): string[][] {
  const edges = new Map<string, readonly string[]>();
  for (const d of deps) edges.set(d.ref, [...(edges.get(d.ref) ?? []), ...d.dependsOn]);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;

  const open = (node: string, frames: Frame[]): void => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    frames.push({ node, next: 0 });
  };

  const close = (node: string): void => {
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string | undefined;
    do {
      member = stack.pop();
      if (member === undefined) break;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    const selfLoop = component.length === 1 && (edges.get(node) ?? []).includes(node);
    if ((component.length > 1 || selfLoop) && cycles.length < MAX_CYCLES) cycles.push(describeCycle(component.reverse()));
  };

  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    const frames: Frame[] = [];
    open(start, frames);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as Frame;
      const targets = edges.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next] as string;
        frame.next += 1;
        if (!index.has(target)) open(target, frames);
        else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(target) ?? 0));
        continue;
      }
      frames.pop();
      close(frame.node);
      const parent = frames[frames.length - 1];
      if (parent !== undefined) low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0));
    }
  }
  return cycles;
}

function describeCycle(members: string[]): string[] {
  const shown = members.slice(0, MAX_CYCLE_LENGTH);
  if (members.length > MAX_CYCLE_LENGTH) shown.push(`… (${members.length} refs)`);
  else shown.push(members[0] as string);
  return shown;
}
