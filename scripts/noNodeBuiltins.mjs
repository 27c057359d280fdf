import { builtinModules } from 'node:module';

const BUILTINS = new Set(builtinModules);

/**
 * The browser build's proof that the core does no I/O: any Node built-in reached from a browser entry
 * (`fs`, `path/posix`, `node:url`…) fails the build, naming who imported it. esbuild's browser
 * platform refuses the bare names already; `node:` ids and subpaths are refused here too, and no
 * dependency's `browser` field may map one away to an empty stub.
 */
export const noNodeBuiltins = {
  name: 'no-node-builtins',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const id = args.path;
      if (!id.startsWith('node:') && !BUILTINS.has(id) && !BUILTINS.has(id.split('/')[0])) return undefined;
      return { errors: [{ text: `"${id}" is a Node built-in, imported by ${args.importer}: the browser build runs where there is no Node, so it must not use one.` }] };
    });
  },
};
