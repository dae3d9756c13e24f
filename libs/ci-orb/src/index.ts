export { checkConfigDocument, type ConfigCheckOptions } from './checks/config';
export { checkOrbDocument, type OrbCheckOptions } from './checks/orb';
export { CONFIG_SCHEMA_FILE, validateAgainstConfigSchema } from './config-schema';
export { inlineOrbProblem, renderInlineOrb, syncInlineOrb } from './inline';
export { type ResolvedInclude } from './pack/includes';
export { ORB_KEYS, packOrb, type PackedOrb } from './pack/pack';
export { type Finding, formatPath, formatProblem, OrbSourceError, type PathSegment, type Problem } from './problem';
export { renderYaml } from './render';
export { type ConfigValidationOptions, type OrbValidation, validateConfig, validateOrb } from './validate';
