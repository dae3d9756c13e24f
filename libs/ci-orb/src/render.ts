import { Document, isScalar, visit } from 'yaml';

/**
 * YAML for a packed orb or config: multi-line strings (included scripts) as literal block scalars (`|`, `|-`,
 * `|+` as their trailing newlines need), everything else as plain or quoted scalars chosen by the YAML
 * library so the text parses back to exactly `value`. No line folding, no anchors.
 */
export function renderYaml(value: unknown): string {
  const doc = new Document(value, { aliasDuplicateObjects: false });
  visit(doc, {
    Scalar(_key, node) {
      if (isScalar(node) && typeof node.value === 'string' && node.value.includes('\n')) node.type = 'BLOCK_LITERAL';
    },
  });
  return doc.toString({ lineWidth: 0, indent: 2, indentSeq: true });
}
