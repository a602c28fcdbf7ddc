import path from 'node:path'
import { defineConfig, type UserConfigExport } from '@tarojs/cli'
import MiniCssExtractPlugin from 'mini-css-extract-plugin'
import type Chain from 'webpack-chain'
import TsconfigPathsPlugin from 'tsconfig-paths-webpack-plugin'
import { LandingPageWithEntryPlugin } from './landing-page-with-entry'
import devConfig from './dev'
import prodConfig from './prod'

/** Shared schemas, types and settings the mini-program imports from the cloud functions' core. */
const CORE_DIR = path.resolve(__dirname, '..', 'cloudfunctions', 'core')
/** zod ships modern syntax (`??`, `?.`); transpile it for older WeChat clients. */
const isZod = (file: string) => /node_modules[\\/]zod[\\/]/.test(file)
const NODE_MODULES = /[\\/]node_modules[\\/]/
const TARO_PACKAGE = /[\\/]node_modules[\\/]@tarojs[\\/]/
/** Taro's browser-build component sheet (the one file that styles its built-in components) */
const TARO_COMPONENT_SHEET = /[\\/]node_modules[\\/]@tarojs[\\/]components-react[\\/]dist[\\/](solid[\\/])?index\.css$/
const APP_SHARED = /[\\/]src[\\/](components|hooks|services|utils|constants)[\\/].*\.tsx?$/
/** The page the browser build opens on: the first tab (src/app.config.ts). */
const LANDING_PAGE = /[\\/]src[\\/]pages[\\/]home[\\/]index\.tsx$/
/** Form checks bring zod/mini with them: they stay with the form pages. */
const FORM_CHECKS = /[\\/]utils[\\/]schema-validation\.ts$/

/** What webpack's SplitChunksPlugin hands a cache group's `test` (the parts used here). */
interface SplitModule {
  nameForCondition(): string | null
}
interface SplitChunk {
  canBeInitial(): boolean
}
interface SplitContext {
  chunkGraph: { getModuleChunks(module: SplitModule): SplitChunk[]; getChunkModulesIterable(chunk: SplitChunk): Iterable<SplitModule> }
}

const isAppShared = (module: SplitModule) => {
  const file = module.nameForCondition() ?? ''
  return APP_SHARED.test(file) && !FORM_CHECKS.test(file)
}

/** Does the module sit in a chunk the entry loads itself (before the split)? */
const runByEntry = (module: SplitModule, { chunkGraph }: SplitContext) => chunkGraph.getModuleChunks(module).some((chunk) => chunk.canBeInitial())

/** Per chunk (as the pages import them, before the split): does it hold the landing page? */
const holdsLandingPage = new WeakMap<SplitChunk, boolean>()
/** Does 首页 (the landing page) load the module when the router imports it? */
function loadedByLandingPage(module: SplitModule, { chunkGraph }: SplitContext): boolean {
  return chunkGraph.getModuleChunks(module).some((chunk) => {
    let landing = holdsLandingPage.get(chunk)
    if (landing === undefined) {
      landing = !chunk.canBeInitial() && [...chunkGraph.getChunkModulesIterable(chunk)].some((other) => LANDING_PAGE.test(other.nameForCondition() ?? ''))
      holdsLandingPage.set(chunk, landing)
    }
    return landing
  })
}

/**
 * Taro injects its components' styles (@tarojs/components-react, the tab bar's) from JavaScript at
 * run time, at the top of <head>: ~20 KB of CSS carried as ~43 KB of script in the entry, parsed and
 * run before the first paint. Extracted like our own styles they load as a stylesheet of the entry's
 * chunk, linked before the app's, so they stay first in the cascade.
 */
function extractTaroComponentStyles(chain: Chain) {
  const rule = chain.module.rule('taroStyle')
  const names = Object.keys(rule.uses.entries() ?? {})
  if (names.length !== 1) throw new Error(`config: Taro's component-style rule has ${names.length} loaders, expected its one style-loader`)
  rule.uses.clear()
  rule.use('extractCss').loader(MiniCssExtractPlugin.loader)
}

/**
 * H5 pages are loaded on demand, and Taro splits only what the entry's initial chunks share, so
 * every page chunk carried its own copy of what it imports (zod was in 15 of 26 chunks). Split
 * what pages share too: zod into one `zod` chunk that only the form pages load, other shared
 * node_modules and shared sources into chunks of their own.
 */
const h5SplitChunks = {
  chunks: 'all' as const,
  hidePathInfo: true,
  minSize: 1_000,
  // webpack's default (30 requests per lazily loaded page) stopped the split once a page reached 30
  // chunks and copied the rest into every page chunk instead: 260 KB of sources (services, form
  // fields, core schemas and rules) sat in up to seven chunks at once
  maxAsyncRequests: 100,
  cacheGroups: {
    default: false as const,
    defaultVendors: false as const,
    taro: { name: false as const, test: (module: { context?: string }) => TARO_PACKAGE.test(module.context ?? ''), priority: 100 },
    // Taro's component styles (extractTaroComponentStyles) in a stylesheet of their own, linked before
    // the app's: our styles override theirs, as when Taro injected them at the top of <head>
    taroStyles: { name: 'taro-components', type: 'css/mini-extract', chunks: 'initial' as const, test: (module: SplitModule) => TARO_PACKAGE.test(module.nameForCondition() ?? ''), priority: 110, enforce: true },
    // 首页 (where the browser build opens) and everything it loads beyond the entry, scripts and styles,
    // in ONE chunk that index.html loads beside the entry (LandingPageWithEntryPlugin): its first paint
    // no longer waits for the entry to run and then request ~12 files (the Taro components it draws,
    // dayjs, our shared components, its styles). Other pages use most of it too (View, Text, dayjs).
    landing: { name: 'landing', test: loadedByLandingPage, priority: 200, enforce: true },
    // the rest of the app's own shared code (components, hooks, services, utils) in one chunk any
    // other page loads in one request, instead of dozens of 1–4 KB chunks requested in waves; what the
    // entry itself runs stays in the entry
    sharedPages: { name: 'shared-pages', test: (module: SplitModule, context: SplitContext) => isAppShared(module) && !runByEntry(module, context), priority: 30, enforce: true },
    zod: { name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]/, priority: 50, enforce: true },
    // shared styles split whatever their size (a page's CSS chunk held its own copy of NutUI's)
    styles: { name: false as const, type: 'css/mini-extract', minChunks: 2, minSize: 0, priority: 20, reuseExistingChunk: true },
    vendors: { name: false as const, minChunks: 2, test: NODE_MODULES, priority: 10, reuseExistingChunk: true },
    common: { name: false as const, minChunks: 2, priority: 1, reuseExistingChunk: true },
  },
}

/**
 * WeChat's clients run iOS 10+ WebKit and Chromium-based XWeb, and the H5 build is opened in WeChat's
 * browser or a current one: autoprefixer drops the -ms- and old -webkit- prefixes the package's
 * browserslist (the Taro template's, down to Android 4.1) asks for, in NutUI's styles too. babel.config.js
 * compiles the H5 scripts for the same list.
 */
const WECHAT_BROWSERS = ['ios >= 10', 'chrome >= 53']
const miniAutoprefixer = { enable: true, config: { overrideBrowserslist: WECHAT_BROWSERS } }

export default defineConfig<'webpack5'>(async (merge) => {
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'gongyi-cangnan',
    date: '2026-1-1',
    // NutUI's styles are written for a 375-wide design, ours for 750
    designWidth(input) {
      const file = typeof input === 'object' ? input.file : undefined
      return file?.replace(/\\+/g, '/').includes('@nutui') ? 375 : 750
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // TARO_OUTPUT_ROOT lets a second build run beside the usual one (e.g. while another is being served)
    outputRoot: process.env.TARO_OUTPUT_ROOT || `dist/${process.env.TARO_ENV}`,
    plugins: [],
    defineConstants: {
      // CloudBase environment id for Taro.cloud.init (weapp); empty uses the project's default
      CLOUD_ENV: JSON.stringify(process.env.TARO_APP_CLOUD_ENV || ''),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    // mini-programs have no recursive templates: Taro writes one copy of every component's template
    // per level (16 by default, ~3 KB each, into base.wxml in the main package); deeper nodes go on
    // through its custom component `comp`. 8 levels keep a typical page in templates.
    baseLevel: 8,
    cache: { enable: false },
    mini: {
      compile: { include: [CORE_DIR, isZod] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        autoprefixer: miniAutoprefixer,
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
      },
    },
    h5: {
      useHtmlComponents: true,
      compile: { include: [CORE_DIR, isZod] },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: { ignoreOrder: true, filename: 'css/[name].[hash].css', chunkFilename: 'css/[name].[chunkhash].css' },
      postcss: {
        pxtransform: { enable: true, config: {} },
        autoprefixer: { enable: true, config: { overrideBrowserslist: WECHAT_BROWSERS } },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
      webpackChain(chain) {
        chain.resolve.plugin('tsconfig-paths').use(TsconfigPathsPlugin)
        // Taro's copy of WeChat's button look yields to NutUI's classes and ours, as in the mini-program
        chain.module.rule('taroButtonWeight').test(TARO_COMPONENT_SHEET).enforce('pre').use('taroButtonWeight').loader(path.join(__dirname, 'taro-button-weight-loader.cjs'))
        if (process.env.NODE_ENV === 'development') return
        chain.optimization.splitChunks(h5SplitChunks)
        extractTaroComponentStyles(chain)
        // 首页 (the first tab, where the browser build opens) comes with the entry
        chain.plugin('landingPageWithEntry').use(LandingPageWithEntryPlugin, [LANDING_PAGE])
      },
    },
  }
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig)
  return merge({}, baseConfig, prodConfig)
})
