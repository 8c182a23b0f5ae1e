import { readFileSync } from 'node:fs';

/** The parts of a V8 `.heapsnapshot` read here (the format is self-describing: `meta`). */
interface HeapSnapshot {
  readonly snapshot: {
    readonly meta: {
      readonly node_fields: readonly string[];
      readonly node_types: readonly [readonly string[], ...unknown[]];
    };
  };
  readonly nodes: readonly number[];
  readonly strings: readonly string[];
}

/** Self size and object count of one group of heap nodes. */
export interface HeapGroup {
  readonly count: number;
  readonly bytes: number;
}

/** What grew between two snapshots of one process, per connection. */
export interface HeapDiff {
  readonly before: string;
  readonly after: string;
  readonly connections: number;
  /** Heap self size (JS objects plus the native objects Node reports) grown per connection. */
  readonly bytesPerConnection: number;
  /** Per group ("type name"), largest growth first: count and bytes per connection. */
  readonly groups: readonly ({ readonly name: string } & HeapGroup)[];
}

/** Node types whose names are contents, not kinds: grouped by type alone. */
const BY_TYPE_ONLY = new Set([
  'string',
  'concatenated string',
  'sliced string',
  'number',
  'regexp',
]);

/**
 * Self size and count per group of a heap snapshot: objects by constructor, closures by function
 * name, arrays and hidden V8 structures by their kind, native objects (Node's embedder graph:
 * `Node / TCPSocketWrap`...) by name, strings and numbers by type. Self sizes add up to the
 * heap the snapshot saw, so the groups partition it (retained sizes would count objects more
 * than once).
 */
export function groupHeap(file: string): Map<string, HeapGroup> {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const groups = new Map<string, { count: number; bytes: number }>();
  const nodes = snap.nodes;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt] as number] ?? '?';
    const name = BY_TYPE_ONLY.has(type) ? '' : (snap.strings[nodes[i + nameAt] as number] ?? '?');
    const key = name === '' ? `(${type})` : `${type} ${shorten(name)}`;
    const group = groups.get(key) ?? { count: 0, bytes: 0 };
    group.count++;
    group.bytes += nodes[i + sizeAt] as number;
    groups.set(key, group);
  }
  return groups;
}

/** Growth per connection between a snapshot taken before `connections` opened and one after. */
export function diffHeap(before: string, after: string, connections: number): HeapDiff {
  const a = groupHeap(before);
  const b = groupHeap(after);
  const names = new Set([...a.keys(), ...b.keys()]);
  const per = Math.max(1, connections);
  let total = 0;
  const groups = [...names].map((name) => {
    const x = a.get(name) ?? { count: 0, bytes: 0 };
    const y = b.get(name) ?? { count: 0, bytes: 0 };
    total += y.bytes - x.bytes;
    return { name, count: (y.count - x.count) / per, bytes: (y.bytes - x.bytes) / per };
  });
  groups.sort((p, q) => q.bytes - p.bytes);
  return { before, after, connections, bytesPerConnection: total / per, groups };
}

/** Markdown table of the groups that grew by at least `minBytes` per connection. */
export function formatHeapDiff(diff: HeapDiff, minBytes = 8): string {
  const lines = [
    `heap growth ${diff.bytesPerConnection.toFixed(0)} bytes per connection over ` +
      `${diff.connections} connections (self sizes; ${diff.before} -> ${diff.after})`,
    '',
    '| bytes/conn | objects/conn | group (type and constructor/name) |',
    '| ---: | ---: | --- |',
  ];
  let rest = 0;
  for (const g of diff.groups) {
    if (Math.abs(g.bytes) < minBytes) {
      rest += g.bytes;
      continue;
    }
    lines.push(`| ${g.bytes.toFixed(0)} | ${g.count.toFixed(2)} | ${g.name} |`);
  }
  lines.push(`| ${rest.toFixed(0)} | | everything else |`);
  return `${lines.join('\n')}\n`;
}

/** Source text of closures and long names stays readable in a table cell. */
function shorten(name: string): string {
  const line = name.replace(/\s+/g, ' ').replace(/\|/g, '\\|');
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}
