/**
 * Layout of the threat model diagram, free of React: one column per trust boundary (plus one
 * for assets outside every boundary), assets stacked in their column, interfaces as lines
 * between asset centres, and threat markers on each target (an asset's corner or an interface's
 * midpoint), spread sideways when several threats hit the same spot.
 */

export interface ModelShape {
  readonly boundaries: readonly { id: string; name: string }[];
  readonly assets: readonly { id: string; name: string; kind: string; boundary?: string | null | undefined }[];
  readonly interfaces: readonly { id: string; name: string; from: string; to: string }[];
  readonly threats: readonly { id: string; title: string; targets: readonly string[] }[];
}

export interface Box { readonly id: string; readonly label: string; readonly x: number; readonly y: number; readonly w: number; readonly h: number }
export interface Line { readonly id: string; readonly label: string; readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number }
export interface Marker { readonly threatId: string; readonly title: string; readonly target: string; readonly n: number; readonly x: number; readonly y: number }
export interface Layout { readonly width: number; readonly height: number; readonly zones: Box[]; readonly assets: (Box & { kind: string })[]; readonly links: Line[]; readonly markers: Marker[] }

const COL_W = 240;
const GAP = 40;
const PAD = 20;
const ASSET_W = 200;
const ASSET_H = 44;
const ROW = 76;
const TOP = 56;

export function layoutDiagram(m: ModelShape): Layout {
  const known = new Set(m.boundaries.map((b) => b.id));
  const columns: { id: string; name: string; assets: ModelShape['assets'][number][] }[] = m.boundaries.map((b) => ({ id: b.id, name: b.name, assets: [] }));
  const outside: ModelShape['assets'][number][] = [];
  for (const a of m.assets) {
    const col = a.boundary && known.has(a.boundary) ? columns.find((c) => c.id === a.boundary) : undefined;
    (col ? col.assets : outside).push(a);
  }
  if (outside.length > 0) columns.push({ id: '', name: 'Outside any boundary', assets: outside });
  const rows = Math.max(1, ...columns.map((c) => c.assets.length));
  const zoneH = TOP + rows * ROW;
  const zones: Box[] = [];
  const assets: (Box & { kind: string })[] = [];
  columns.forEach((c, i) => {
    const x = PAD + i * (COL_W + GAP);
    if (c.id) zones.push({ id: c.id, label: c.name, x, y: PAD, w: COL_W, h: zoneH });
    c.assets.forEach((a, j) => assets.push({ id: a.id, label: a.name, kind: a.kind, x: x + (COL_W - ASSET_W) / 2, y: PAD + TOP + j * ROW, w: ASSET_W, h: ASSET_H }));
  });
  const byId = new Map(assets.map((a) => [a.id, a]));
  const centre = (b: Box) => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 });
  const links: Line[] = [];
  for (const f of m.interfaces) {
    const from = byId.get(f.from);
    const to = byId.get(f.to);
    if (!from || !to) continue;
    const a = centre(from);
    const b = centre(to);
    links.push({ id: f.id, label: f.name, x1: a.x, y1: a.y, x2: b.x, y2: b.y });
  }
  const anchors = new Map<string, { x: number; y: number }>();
  for (const a of assets) anchors.set(a.id, { x: a.x + a.w - 8, y: a.y });
  for (const l of links) anchors.set(l.id, { x: (l.x1 + l.x2) / 2, y: (l.y1 + l.y2) / 2 });
  const used = new Map<string, number>();
  const markers: Marker[] = [];
  m.threats.forEach((t, i) => {
    for (const target of t.targets) {
      const at = anchors.get(target);
      if (!at) continue;
      const k = used.get(target) ?? 0;
      used.set(target, k + 1);
      markers.push({ threatId: t.id, title: t.title, target, n: i + 1, x: at.x - k * 20, y: at.y });
    }
  });
  return { width: PAD * 2 + Math.max(1, columns.length) * COL_W + Math.max(0, columns.length - 1) * GAP, height: PAD * 2 + zoneH, zones, assets, links, markers };
}

/** The next free id with a prefix: T-01, T-02 … (numbers after the highest one in use). */
export function nextId(prefix: string, ids: readonly string[]): string {
  const n = Math.max(0, ...ids.map((id) => (id.startsWith(`${prefix}-`) ? Number.parseInt(id.slice(prefix.length + 1), 10) : 0)).filter(Number.isFinite));
  return `${prefix}-${String(n + 1).padStart(2, '0')}`;
}
