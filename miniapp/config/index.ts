import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import devConfig from './dev'
import prodConfig from './prod'

/** `@dealer/shared` is TypeScript source in the sibling workspace: alias it and let Taro's
 * babel pipeline compile it (only its pure modules — schemas and domain helpers). */
const sharedSrc = path.resolve(__dirname, '..', '..', 'shared', 'src')

/** Base URL of the API for the mini-program build (a real device cannot use a relative URL).
 * H5 always calls the same origin; see src/services/request.ts. */
const apiBase = process.env.TARO_APP_API_BASE ?? 'http://127.0.0.1:3000'

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'dealer-miniapp',
    date: '2025-1-1',
    // NutUI React is drawn at 375; our own styles at 750 (WeChat's rpx scale).
    designWidth(input) {
      const file = (input as { file?: string } | undefined)?.file?.replace(/\\+/g, '/')
      if (file && file.indexOf('@nutui') > -1) return 375
      return 750
    },
    deviceRatio: {
      640: 2.34 / 2,
      750: 1,
      375: 2,
      828: 1.81 / 2
    },
    sourceRoot: 'src',
    outputRoot: `dist/${process.env.TARO_ENV === 'h5' ? 'h5' : 'weapp'}`,
    plugins: ['@tarojs/plugin-html'],
    defineConstants: {},
    env: {
      TARO_APP_API_BASE: JSON.stringify(apiBase)
    },
    alias: {
      '@dealer/shared': sharedSrc,
      '@': path.resolve(__dirname, '..', 'src')
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: {
      type: 'webpack5',
      // Prebundling caches node_modules outside the build; keep builds reproducible in CI.
      prebundle: { enable: false }
    },
    cache: { enable: false },
    mini: {
      // Modules used only by one subpackage are emitted into that subpackage.
      optimizeMainPackage: { enable: true },
      output: { clean: true },
      compile: { include: [sharedSrc] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } }
      }
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      // Pages are lazy chunks; share NutUI and our components between them instead of
      // copying them into every page (Taro's default splits initial chunks only).
      webpackChain(chain) {
        // React + Taro's H5 runtime alone exceed webpack's 244 KiB hint; page chunks are lazy.
        chain.performance.hints(false)
        const splitChunks = chain.optimization.get('splitChunks')
        if (splitChunks) {
          chain.optimization.splitChunks({
            ...splitChunks,
            chunks: 'all',
            minSize: 20000,
            cacheGroups: {
              ...splitChunks.cacheGroups,
              common: { name: false, minChunks: 2, priority: 1, reuseExistingChunk: true }
            }
          })
        }
      },
      compile: { include: [sharedSrc] },
      output: {
        clean: true,
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[chunkhash:8].js'
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[chunkhash].css'
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } }
      }
    }
  }

  if (process.env.NODE_ENV === 'development') {
    return merge({}, baseConfig, devConfig)
  }
  return merge({}, baseConfig, prodConfig)
})
