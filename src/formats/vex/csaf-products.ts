import { compact, isRecord, records, str, strings, type Json } from './json.js';
import type { VexComponent } from './model.js';
import type { WriteLog } from './write-support.js';

/**
 * The CSAF product tree in model terms, both ways.
 *
 * Reading: every `product_id` becomes a component with `ref` = the product id, `name` = the
 * nearest `product_name` branch above it (else the full product name), `version` /
 * `range` = a `product_version` / `product_version_range` branch above it, and purl/CPE from
 * `product_identification_helper`. A product defined by a relationship (`A default_component_of
 * B`) is product B with subcomponent A — the OpenVEX product/subcomponent pair. (The
 * relationship category is not kept; the writer uses `default_component_of`.)
 *
 * Writing: the reverse, with branches `product_name` → `product_version` /
 * `product_version_range` → product. A product without a name is a top-level
 * `full_product_names` entry named by its purl, CPE or ref (CSAF requires a name).
 */

export interface CsafProductRef {
  readonly product: VexComponent;
  readonly subcomponent?: VexComponent;
}

export function readProductTree(tree: unknown): ReadonlyMap<string, CsafProductRef> {
  const products = new Map<string, VexComponent>();
  const t = isRecord(tree) ? tree : {};
  const leaf = (fpn: Json, path: ReadonlyMap<string, string>): void => {
    const id = str(fpn['product_id']);
    if (id === undefined) return;
    const helper = isRecord(fpn['product_identification_helper']) ? fpn['product_identification_helper'] : {};
    products.set(
      id,
      compact({
        ref: id,
        purl: str(helper['purl']),
        cpe: str(helper['cpe']),
        name: path.get('product_name') ?? str(fpn['name']),
        version: path.get('product_version'),
        range: path.get('product_version_range'),
      }),
    );
  };
  const walk = (branch: Json, path: ReadonlyMap<string, string>): void => {
    const category = str(branch['category']);
    const name = str(branch['name']);
    const here = new Map(path);
    if (category !== undefined && name !== undefined) here.set(category, name);
    if (isRecord(branch['product'])) leaf(branch['product'], here);
    records(branch['branches']).forEach((b) => walk(b, here));
  };
  records(t['branches']).forEach((b) => walk(b, new Map()));
  records(t['full_product_names']).forEach((f) => leaf(f, new Map()));
  const refs = new Map<string, CsafProductRef>();
  for (const [id, product] of products) refs.set(id, { product });
  for (const r of records(t['relationships'])) {
    const fpn = isRecord(r['full_product_name']) ? r['full_product_name'] : {};
    const id = str(fpn['product_id']);
    const product = products.get(str(r['relates_to_product_reference']) ?? '');
    const subcomponent = products.get(str(r['product_reference']) ?? '');
    if (id !== undefined && product && subcomponent) refs.set(id, { product, subcomponent });
  }
  return refs;
}

/** Product groups by id, for flags, threats and remediations that name groups. */
export function readProductGroups(tree: unknown): ReadonlyMap<string, readonly string[]> {
  const t = isRecord(tree) ? tree : {};
  return new Map(records(t['product_groups']).map((g) => [str(g['group_id']) ?? '', strings(g['product_ids'])]));
}

/** Builds a product tree while statements are written; ids are handed out once per identity. */
export class ProductTreeWriter {
  private readonly byIdentity = new Map<string, string>();
  private readonly taken = new Set<string>();
  private readonly nameBranches: Json[] = [];
  private readonly fullProductNames: Json[] = [];
  private readonly relationships: Json[] = [];
  private generated = 0;

  constructor(private readonly log: WriteLog) {}

  productId(c: VexComponent, where: string): string {
    const identity = JSON.stringify([c.ref, c.purl, c.cpe, c.name, c.version, c.range]);
    const known = this.byIdentity.get(identity);
    if (known !== undefined) return known;
    let id = c.ref ?? `CSAFPID-${String(++this.generated).padStart(4, '0')}`;
    if (this.taken.has(id)) {
      const renamed = `${id}:${c.version ?? c.range ?? String(this.taken.size + 1)}`;
      this.log.lose(`${where}/ref`, `"${id}" already names another product (CSAF product ids are unique); written as product_id "${renamed}"`);
      id = renamed;
    }
    this.taken.add(id);
    this.byIdentity.set(identity, id);
    this.addProduct(c, id, where);
    return id;
  }

  /** The product id of "subcomponent as a component of product". */
  componentOf(productId: string, subcomponentId: string, names: { product: string; subcomponent: string }): string {
    const id = `${productId}:${subcomponentId}`;
    if (this.taken.has(id)) return id;
    this.taken.add(id);
    this.relationships.push({
      category: 'default_component_of',
      full_product_name: { name: `${names.subcomponent} as a component of ${names.product}`, product_id: id },
      product_reference: subcomponentId,
      relates_to_product_reference: productId,
    });
    return id;
  }

  tree(): Json {
    return compact({
      branches: this.nameBranches.length > 0 ? this.nameBranches : undefined,
      full_product_names: this.fullProductNames.length > 0 ? this.fullProductNames : undefined,
      relationships: this.relationships.length > 0 ? this.relationships : undefined,
    });
  }

  private addProduct(c: VexComponent, id: string, where: string): void {
    const helper = compact({ cpe: c.cpe, purl: c.purl });
    const label = [c.name ?? c.purl ?? c.cpe ?? id, c.range ?? c.version].filter((x) => x !== undefined).join(' ');
    const fpn = compact({ name: label, product_id: id, product_identification_helper: Object.keys(helper).length > 0 ? helper : undefined });
    if (c.name === undefined) {
      this.log.loseIf(c.version, `${where}/version`, 'a CSAF version branch hangs under a product name, and this product has none; the version is only in the product name text');
      this.log.loseIf(c.range, `${where}/range`, 'a CSAF version range branch hangs under a product name, and this product has none; the range is only in the product name text');
      this.fullProductNames.push(fpn);
      return;
    }
    if (c.version !== undefined && c.range !== undefined) this.log.lose(`${where}/version`, 'a CSAF product is under a version or a version range branch, not both; the range is written');
    const versionBranch =
      c.range !== undefined
        ? { category: 'product_version_range', name: c.range, product: fpn }
        : c.version !== undefined
          ? { category: 'product_version', name: c.version, product: fpn }
          : undefined;
    if (versionBranch === undefined) {
      // A branch holds either sub-branches or one product, so a bare product gets its own name branch.
      this.nameBranches.push({ category: 'product_name', name: c.name, product: fpn });
      return;
    }
    let parent = this.nameBranches.find((b) => b['name'] === c.name && Array.isArray(b['branches']));
    if (!parent) {
      parent = { category: 'product_name', name: c.name, branches: [] };
      this.nameBranches.push(parent);
    }
    (parent['branches'] as Json[]).push(versionBranch);
  }
}
