import { checkConfigDocument } from './checks/config';
import { checkOrbDocument, type OrbCheckOptions } from './checks/orb';
import { inlineOrbProblem } from './inline';
import { packOrb, type PackedOrb } from './pack/pack';
import { OrbSourceError, type Problem } from './problem';
import { parseYamlSource, placeFindings } from './yaml-source';

/** The packed orb (when it packs) and every problem found in its source, by file and line. */
export interface OrbValidation {
  readonly packed?: PackedOrb;
  readonly problems: readonly Problem[];
}

/** Packs the orb in `srcDir` and checks it (see {@link checkOrbDocument}); problems point at the source files. */
export function validateOrb(srcDir: string, options: OrbCheckOptions & { readonly displayDir?: string } = {}): OrbValidation {
  let packed: PackedOrb;
  try {
    packed = packOrb(srcDir, options.displayDir);
  } catch (error) {
    if (error instanceof OrbSourceError) return { problems: error.problems };
    throw error;
  }
  return { packed, problems: packed.place(checkOrbDocument(packed.orb, options)) };
}

export interface ConfigValidationOptions {
  /** Also require the config's generated inline copy of this orb (under `alias`) to match its packed source. */
  readonly inlineOrb?: { readonly alias: string; readonly packed: PackedOrb };
}

/** Checks a `.circleci/config.yml` text (see {@link checkConfigDocument}); problems carry `file` and lines. */
export function validateConfig(file: string, text: string, options: ConfigValidationOptions = {}): Problem[] {
  const { source, problems } = parseYamlSource(file, text);
  if (!source) return problems;
  const placed = placeFindings(source, checkConfigDocument(source.value).findings);
  const stale = options.inlineOrb && inlineOrbProblem(text, file, options.inlineOrb.alias, options.inlineOrb.packed);
  return stale ? [...placed, stale] : placed;
}
