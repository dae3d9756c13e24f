import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { formatPath, type Finding, type PathSegment, type Problem } from './problem';

/** A parsed YAML file that can answer "which line is this path on". */
export interface YamlSource {
  readonly file: string;
  readonly value: unknown;
  locate(path: readonly PathSegment[]): { line: number; column: number } | undefined;
}

/**
 * Parses one YAML document the way CircleCI reads configs: YAML 1.2 core schema, merge keys (`<<: *x`)
 * resolved, duplicate keys rejected. Syntax errors come back as problems naming the file and position.
 */
export function parseYamlSource(file: string, text: string): { source?: YamlSource; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, merge: true, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((error) => {
      const { line, col } = lineCounter.linePos(error.pos[0]);
      return { file, path: '', message: firstLine(error.message), line, column: col };
    });
    return { problems };
  }
  const value: unknown = doc.toJS({ maxAliasCount: 1000 });
  const source: YamlSource = { file, value, locate: (path) => locate(doc, lineCounter, path) };
  return { source, problems: [] };
}

/** Places findings in a source: its file, the dotted path and the line of the nearest existing node. */
export function placeFindings(source: YamlSource, findings: readonly Finding[], prefix: readonly PathSegment[] = []): Problem[] {
  return findings.map((finding) => {
    const position = source.locate(finding.path);
    return { file: source.file, path: formatPath([...prefix, ...finding.path]), message: finding.message, line: position?.line, column: position?.column };
  });
}

function locate(doc: Document, lineCounter: LineCounter, path: readonly PathSegment[]): { line: number; column: number } | undefined {
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (isScalar(item.key) ? item.key.value : item.key) === segment);
      if (!pair) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      node = node.items[segment];
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range?.[0];
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
