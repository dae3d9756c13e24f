import { type PackedOrb } from './pack/pack';
import { type Problem } from './problem';
import { renderYaml } from './render';

/**
 * A CircleCI config can carry an orb inline under `orbs:` (CircleCI expands it like a published one). We keep
 * a generated copy of the packed orb there, between two marker comments, so the repository's own pipeline
 * deploys with the orb's current source without publishing it first.
 */
const beginLine = (alias: string): string => `# BEGIN inline orb ${alias} (generated from the orb source by \`npx keel orb sync\`; do not edit)`;
const endLine = (alias: string): string => `# END inline orb ${alias}`;

interface Block {
  readonly start: number;
  readonly end: number;
  readonly indent: string;
}

/** The generated block: marker lines and `alias: <packed orb>`, every line indented by `indent`. */
export function renderInlineOrb(alias: string, packed: PackedOrb, indent: string): string {
  const body = renderYaml({ [alias]: packed.orb })
    .split('\n')
    .map((line) => (line === '' ? line : `${indent}${line}`))
    .join('\n');
  return `${indent}${beginLine(alias)}\n${body.trimEnd()}\n${indent}${endLine(alias)}\n`;
}

/** The config with its inline-orb block regenerated from `packed`; throws if the config has no markers. */
export function syncInlineOrb(configText: string, alias: string, packed: PackedOrb): string {
  const block = findBlock(configText, alias);
  if (!block) {
    throw new Error(`no '# BEGIN inline orb ${alias}' … '# END inline orb ${alias}' marker lines in the config: add them under orbs: where the orb goes`);
  }
  return configText.slice(0, block.start) + renderInlineOrb(alias, packed, block.indent) + configText.slice(block.end);
}

/** A problem when the config's inline copy of the orb is missing or differs from the packed source. */
export function inlineOrbProblem(configText: string, file: string, alias: string, packed: PackedOrb): Problem | undefined {
  const block = findBlock(configText, alias);
  if (!block) return { file, path: 'orbs', message: `no generated inline orb '${alias}' (marker lines '# BEGIN inline orb ${alias}' … '# END inline orb ${alias}')` };
  const current = configText.slice(block.start, block.end);
  if ((current.endsWith('\n') ? current : `${current}\n`) === renderInlineOrb(alias, packed, block.indent)) return undefined;
  const line = configText.slice(0, block.start).split('\n').length;
  return { file, path: `orbs.${alias}`, line, column: block.indent.length + 1, message: 'the inline orb is out of date with the orb source: run `npx keel orb sync`' };
}

function findBlock(text: string, alias: string): Block | undefined {
  const lines = text.split('\n');
  const marker = `# BEGIN inline orb ${alias}`;
  const begin = lines.findIndex((line) => line.trim() === marker || line.trim().startsWith(`${marker} `));
  if (begin < 0) return undefined;
  const endOffset = lines.slice(begin + 1).findIndex((line) => line.trim() === endLine(alias));
  if (endOffset < 0) return undefined;
  const end = begin + 1 + endOffset;
  const offsetOf = (index: number): number => lines.slice(0, index).reduce((sum, line) => sum + line.length + 1, 0);
  return { start: offsetOf(begin), end: Math.min(offsetOf(end + 1), text.length), indent: /^\s*/.exec(lines[begin]!)![0] };
}
