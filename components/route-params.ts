/** Helpers for dynamic route segments. */

/** A percent-decoded route segment; a malformed one is kept as it is. */
export function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The search params of a page. */
export type SearchParams = Record<string, string | string[] | undefined>;

/** The props of a drill-down page at `/…/[project]/[location]/[key]`. */
export type DrillDownProps<K extends string> = {
  params: Promise<{ project: string; location: string } & { [k in K]: string }>;
  searchParams: Promise<SearchParams>;
};

/** The decoded project, location and id of a drill-down route, with its search params. */
export async function readDrillDown<K extends string>(
  props: DrillDownProps<K>,
  key: K,
): Promise<{ project: string; location: string; id: string; sp: SearchParams }> {
  const [p, sp] = await Promise.all([props.params, props.searchParams]);
  return { project: decodeSegment(p.project), location: decodeSegment(p.location), id: decodeSegment(p[key]), sp };
}

/** The page title of a drill-down route, e.g. "Cluster analytics". */
export async function drillDownTitle<K extends string>(props: Pick<DrillDownProps<K>, 'params'>, key: K, noun: string): Promise<{ title: string }> {
  const p = await props.params;
  return { title: `${noun} ${decodeSegment(p[key])}` };
}
