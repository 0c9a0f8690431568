/**
 * A prefix index in front of express routing: a request is matched only against the routes whose
 * leading literal path segments it carries, instead of against every path regex of the table in turn
 * (80 of them; the scan showed in the profile of the public GETs).
 *
 * Same outcome as one express Router over the whole table: a route can only match a path that starts
 * with the route's literal segments (path-to-regexp escapes them; routing is case-insensitive, and a
 * segment its /i flag matches to an ASCII literal lowercases to that literal). Every node of the trie
 * gets its own Router over the routes of that node and of its ancestors, in table order; a request
 * walks the trie by its own path segments and goes to the deepest node reached. That Router holds
 * every route that could match the request, in table order, and express itself still does the
 * matching, so params, HEAD, the OPTIONS Allow list, decoding errors and fall-through are unchanged.
 * Like an express Router, the handler lists its layers in `stack` (each route once, in table order),
 * so introspection such as the access test's walk over the app still sees every served route.
 */
import { Router, type RequestHandler } from 'express';

/** The handler, with the layers that serve the routes, as on an express Router. */
export type IndexedRoutes = RequestHandler & { stack: Router['stack'] };

interface Node {
  children: Map<string, Node>;
  /** table positions of the routes whose literal segments end at this node */
  own: number[];
  router?: Router;
}

const newNode = (): Node => ({ children: new Map(), own: [] });

/** Segments that are plain text; anything with a parameter, wildcard, group or escape ends the prefix. */
const LITERAL = /^[A-Za-z0-9._~-]+$/;

/** The route path's leading literal segments, lowercased. */
// Exported for its test: a pure function, checked case by case.
export function literalSegments(path: string): string[] {
  const out: string[] = [];
  for (const segment of path.split('/').slice(1)) {
    if (!LITERAL.test(segment)) break;
    out.push(segment.toLowerCase());
  }
  return out;
}

/**
 * One request handler over `routes`; `mount` adds a route to a Router (it is called once for every
 * node whose Router includes the route).
 */
export function indexedRoutes<R extends { path: string }>(
  routes: readonly R[],
  mount: (router: Router, route: R) => void
): IndexedRoutes {
  const root = newNode();
  routes.forEach((r, position) => {
    let node = root;
    for (const segment of literalSegments(r.path)) {
      let next = node.children.get(segment);
      if (!next) node.children.set(segment, (next = newNode()));
      node = next;
    }
    node.own.push(position);
  });
  const layers: Router['stack'] = [];
  const build = (node: Node, inherited: number[]) => {
    const positions = [...inherited, ...node.own].sort((a, b) => a - b);
    const router = (node.router = Router());
    positions.forEach((p, i) => {
      mount(router, routes[p]!);
      // mount adds one layer per route; keep the one of the node that owns the route
      if (router.stack.length !== i + 1) throw new Error('indexedRoutes: mount must add one layer');
      if (node.own.includes(p)) layers[p] = router.stack[i]!;
    });
    for (const child of node.children.values()) build(child, positions);
  };
  build(root, []);

  const handler: RequestHandler = (req, res, next) => {
    // express matches the pathname of the URL (req.path), still percent-encoded, like this walk
    const path = req.path ?? '';
    let node = root;
    let start = 1;
    while (start <= path.length) {
      const end = path.indexOf('/', start);
      const child = node.children.get(
        path.slice(start, end === -1 ? undefined : end).toLowerCase()
      );
      if (!child) break;
      node = child;
      if (end === -1) break;
      start = end + 1;
    }
    node.router!(req, res, next);
  };
  return Object.assign(handler, { stack: layers });
}
