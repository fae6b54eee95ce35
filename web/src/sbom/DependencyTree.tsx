import { Anchor, Box, Group, Text, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api } from '../app/api.js';
import { IconChevronDown, IconChevronRight } from '../app/icons.js';
import { QueryState } from '../app/Page.js';
import { sbomKey, type GraphNode } from './api.js';
import { componentPath } from './ComponentsTable.js';

interface Graph {
  readonly roots: string[];
  readonly nodes: GraphNode[];
}

/**
 * The dependency graph as a tree that opens one level at a time, so a 10,000-component SBOM
 * renders only what the reader opens. A component seen again on the same path is marked as a
 * cycle instead of opening forever; a ref that names no component (a service, or a dangling
 * reference the import warned about) is shown as such.
 */
export function DependencyTree({ sbomId, basePath }: { sbomId: string; basePath: string }) {
  const query = useQuery({ queryKey: sbomKey(sbomId, 'graph'), queryFn: ({ signal }) => api<Graph>(`/api/v1/sboms/${sbomId}/graph`, { signal }) });
  return (
    <QueryState query={query} loadingLabel="Loading the dependency graph…">
      {(graph) => <Tree graph={graph} basePath={basePath} />}
    </QueryState>
  );
}

function Tree({ graph, basePath }: { graph: Graph; basePath: string }) {
  const byRef = useMemo(() => new Map(graph.nodes.map((n) => [n.ref, n])), [graph]);
  const edges = graph.nodes.reduce((n, c) => n + c.dependsOn.length, 0);
  if (graph.nodes.length === 0) return <Text c="dimmed">This SBOM lists no components.</Text>;
  return (
    <>
      <Text size="sm" c="dimmed" mb="sm">
        {graph.nodes.length} components, {edges} dependency relationships{edges === 0 ? ' — the SBOM does not record who depends on whom' : ''}.
      </Text>
      <Box component="ul" role="tree" aria-label="Dependency tree" m={0} p={0} style={{ listStyle: 'none' }}>
        {graph.roots.map((ref) => (
          <TreeItem key={ref} refId={ref} byRef={byRef} path={[]} basePath={basePath} initiallyOpen={graph.roots.length === 1} />
        ))}
      </Box>
    </>
  );
}

function TreeItem({ refId, byRef, path, basePath, initiallyOpen = false }: { refId: string; byRef: Map<string, GraphNode>; path: readonly string[]; basePath: string; initiallyOpen?: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  const node = byRef.get(refId);
  const cycle = path.includes(refId);
  const children = node && !cycle ? node.dependsOn : [];
  const label = node ? `${node.name}${node.version ? ` ${node.version}` : ''}` : refId;
  return (
    <Box component="li" role="treeitem" aria-expanded={children.length > 0 ? open : undefined} aria-label={label} pl={path.length === 0 ? 0 : 18}>
      <Group gap={4} wrap="nowrap" py={2}>
        {children.length > 0 ? (
          <UnstyledButton onClick={() => setOpen(!open)} aria-label={`${open ? 'Close' : 'Open'} the dependencies of ${label}`} style={{ display: 'flex' }}>
            {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
          </UnstyledButton>
        ) : (
          <Box w={16} />
        )}
        {node ? (
          <Anchor component={Link} to={componentPath(basePath, node.ref)} size="sm" fw={path.length === 0 ? 650 : 500}>
            {node.name}
          </Anchor>
        ) : (
          <Text size="sm">{refId}</Text>
        )}
        {node?.version ? (
          <Text size="sm" className="mono" c="dimmed">
            {node.version}
          </Text>
        ) : null}
        {cycle ? (
          <Text size="xs" c="orange.9" fw={650}>
            cycle — already open above
          </Text>
        ) : null}
        {!node ? (
          <Text size="xs" c="dimmed">
            (not a component of this SBOM)
          </Text>
        ) : null}
        {children.length > 0 && !open ? (
          <Text size="xs" c="dimmed">
            {children.length} {children.length === 1 ? 'dependency' : 'dependencies'}
          </Text>
        ) : null}
      </Group>
      {open && children.length > 0 ? (
        <Box component="ul" role="group" m={0} p={0} style={{ listStyle: 'none' }}>
          {children.map((child, i) => (
            <TreeItem key={`${child}#${i}`} refId={child} byRef={byRef} path={[...path, refId]} basePath={basePath} />
          ))}
        </Box>
      ) : null}
    </Box>
  );
}
