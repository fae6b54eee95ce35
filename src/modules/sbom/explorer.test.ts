import { describe, expect, it } from 'vitest';
import { graphRoots, type GraphNode } from './explorer.js';

const node = (ref: string, dependsOn: string[] = [], parentRef: string | null = null): GraphNode => ({ ref, name: ref, version: null, type: 'library', parentRef, dependsOn });

describe('dependency tree roots', () => {
  it('starts at the subject when it names its dependencies', () => {
    expect(graphRoots([node('app', ['a']), node('a', ['b']), node('b')], 'app')).toEqual(['app']);
  });
  it('otherwise starts at every top-level component nothing depends on', () => {
    expect(graphRoots([node('a', ['b']), node('b'), node('c'), node('c1', [], 'c')], 'missing')).toEqual(['a', 'c']);
  });
  it('ignores self-dependencies and starts a pure cycle at its first component', () => {
    expect(graphRoots([node('a', ['a'])], null)).toEqual(['a']);
    expect(graphRoots([node('a', ['b']), node('b', ['a'])], null)).toEqual(['a']);
  });
});
