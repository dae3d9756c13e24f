import { type Plugin } from './plugin';
import { fail, ok, type Result } from './result';

/** How to build one plugin: validate raw args into typed args, then construct. */
export interface PluginFactory<A> {
  readonly name: string;
  /** Validate untyped configuration (e.g. parsed JSON/YAML); `undefined` means defaults. */
  parseArgs(raw: unknown): Result<A>;
  create(args: A): Plugin;
}

interface ErasedFactory {
  readonly name: string;
  build(raw: unknown): Result<Plugin>;
}

/** Plugin factories by name. */
export class Registry {
  private readonly factories = new Map<string, ErasedFactory>();

  /** Add a factory; a later registration under the same name replaces the earlier one. */
  register<A>(factory: PluginFactory<A>): this {
    this.factories.set(factory.name, {
      name: factory.name,
      build: (raw) => {
        const args = factory.parseArgs(raw);
        return args.ok ? ok(factory.create(args.value)) : fail(`${factory.name}.args: ${args.error}`);
      },
    });
    return this;
  }

  /** Build a plugin from raw args, or say why not. */
  build(name: string, raw: unknown): Result<Plugin> {
    const factory = this.factories.get(name);
    return factory === undefined ? fail(`unknown plugin ${name}`) : factory.build(raw);
  }

  /** Registered plugin names. */
  names(): string[] {
    return [...this.factories.keys()];
  }
}
