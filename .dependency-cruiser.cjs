/**
 * Import rules of the server (docs/architecture.md "Layers"), checked by `npm run lint`.
 *
 * Modules (server/src/modules/<module>/) sit in layers; a module imports modules of its own
 * or a lower layer, never a higher one, and no import cycle is allowed anywhere (between
 * modules or between files). What a lower module needs from a higher one is passed in by
 * the composition root (server/src/composition.ts), never imported upward.
 */
const { LAYERS } = require('./server/module-layers.cjs');

const MODULES = 'server/src/modules';
const anyOf = (names) => `^${MODULES}/(${names.join('|')})/`;

/** One rule per layer: its modules may not import a module of any higher layer. */
const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${i + 1}-imports-upward`,
  comment: `modules of layer ${i + 1} (${layer.join(', ')}) may not import modules of a higher layer`,
  severity: 'error',
  from: { path: anyOf(layer) },
  to: { path: anyOf(LAYERS.slice(i + 1).flat()) }
}));

const layered = new Set(LAYERS.flat());

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'import cycles between files or modules (docs/architecture.md)',
      severity: 'error',
      from: {},
      to: { circular: true }
    },
    {
      name: 'no-module-cycle',
      comment: 'import cycles between module folders, even when no single file closes the loop',
      severity: 'error',
      scope: 'folder',
      from: { path: `^${MODULES}/` },
      to: { path: `^${MODULES}/`, circular: true }
    },
    ...layerRules,
    {
      name: 'module-without-layer',
      comment: 'every module has a layer in .dependency-cruiser.cjs (add the new module there)',
      severity: 'error',
      from: { path: `^${MODULES}/([^/]+)/`, pathNot: anyOf([...layered]) },
      to: {}
    },
    {
      name: 'infrastructure-imports-modules',
      comment: 'lib/, http/ and middleware/ are below every module',
      severity: 'error',
      from: { path: '^server/src/(lib|http|middleware)/' },
      to: { path: `^${MODULES}/` }
    },
    {
      name: 'modules-import-the-composition',
      comment: 'only the entry points (app, main, workers, scripts, tests) use the composition root',
      severity: 'error',
      from: { path: `^${MODULES}/` },
      to: { path: '^server/src/(composition|app|main|workers)\\.ts$' }
    },
    {
      name: 'shared-imports-server',
      comment: 'shared/ is used by the server and the mini-program; it never imports server code',
      severity: 'error',
      from: { path: '^shared/src/' },
      to: { path: '^server/' }
    }
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    // Type-only imports count: a type cycle is still a cycle in the design.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default']
    }
  }
};
