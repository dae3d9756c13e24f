import { Document, isScalar, parse, Scalar, visit } from 'yaml';

/**
 * YAML for a packed orb or config: multi-line strings (included scripts) as literal block scalars (`|`, `|-`,
 * `|+` as their trailing newlines need), everything else as plain or quoted scalars chosen by the YAML
 * library so the text parses back to exactly `value`. No line folding, no anchors.
 */
export function renderYaml(value: unknown): string {
  const doc = new Document(value, { aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && node.value.includes('\n')) node.type = literalKeeps(node.value) ? 'BLOCK_LITERAL' : 'QUOTE_DOUBLE';
    },
  });
  return doc.toString({ lineWidth: 0, indent: 2, indentSeq: true });
}

/**
 * Whether `text` survives as a literal block scalar. Some text cannot (a line of only spaces reads back as
 * an empty line, and the library would still write it as a block); it is then double-quoted, which always
 * round-trips.
 */
function literalKeeps(text: string): boolean {
  const scalar = new Scalar(text);
  scalar.type = 'BLOCK_LITERAL';
  return parse(new Document({ k: scalar }).toString({ lineWidth: 0 })).k === text;
}
