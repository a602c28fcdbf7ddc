import type { Chunk, Compilation, Compiler } from 'webpack'
import HtmlWebpackPlugin from 'html-webpack-plugin'

/**
 * H5: the landing page (首页) comes with the entry instead of after it.
 *
 * Taro's router imports a page only once the entry has run (`import('./pages/home/index')`), so the
 * page's files were a second wave of requests that started ~700 ms into a load at 4× CPU and held
 * the first screen up by another round trip and several tasks. The split (config/index.ts) puts
 * what 首页 loads into one `landing` chunk; this names its files in index.html:
 * - its scripts as deferred `<script>`s before the entry's: they run first and only register their
 *   modules, so when the router imports 首页 every chunk is there and the import resolves at once;
 * - its styles as `<link rel="stylesheet">` after the app's own: the runtime finds them in the
 *   document instead of adding them, in the same place in the cascade as it would have.
 * A build whose landing page loads nothing beyond the entry fails here rather than ship without it.
 */
export class LandingPageWithEntryPlugin {
  /** @param pageModule matches the landing page's source file, e.g. `src/pages/home/index.tsx` */
  constructor(private readonly pageModule: RegExp) {}

  apply(compiler: Compiler) {
    compiler.hooks.compilation.tap(LandingPageWithEntryPlugin.name, (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap(LandingPageWithEntryPlugin.name, (data) => {
        const files = this.landingPageFiles(compilation)
        if (files.length === 0) throw new Error(`LandingPageWithEntryPlugin: no chunk beyond the entry loads ${this.pageModule}`)
        const publicPath = typeof compilation.outputOptions.publicPath === 'string' ? compilation.outputOptions.publicPath : '/'
        const url = (file: string) => `${publicPath}${file}`
        const scripts = files
          .filter((file) => file.endsWith('.js'))
          .map((file) => HtmlWebpackPlugin.createHtmlTagObject('script', { defer: true, src: url(file) }))
        const styles = files
          .filter((file) => file.endsWith('.css'))
          .map((file) => HtmlWebpackPlugin.createHtmlTagObject('link', { href: url(file), rel: 'stylesheet' }))
        const tags = data.headTags
        const firstScript = tags.findIndex((tag) => tag.tagName === 'script' && typeof tag.attributes.src === 'string')
        tags.splice(firstScript === -1 ? tags.length : firstScript, 0, ...scripts)
        const lastStyle = tags.map((tag) => tag.tagName === 'link' && tag.attributes.rel === 'stylesheet').lastIndexOf(true)
        tags.splice(lastStyle === -1 ? tags.length : lastStyle + 1, 0, ...styles)
        return data
      })
    })
  }

  /** The files of the chunks the landing page's import() loads, apart from those the entry loads itself. */
  private landingPageFiles(compilation: Compilation): string[] {
    const { chunkGraph } = compilation
    const loadsPage = (chunk: Chunk) => [...chunkGraph.getChunkModulesIterable(chunk)].some((module) => this.pageModule.test(module.nameForCondition() ?? ''))
    const initialChunks = new Set<Chunk>()
    for (const entrypoint of compilation.entrypoints.values()) for (const chunk of entrypoint.chunks) initialChunks.add(chunk)
    const group = [...compilation.chunkGroups].find((candidate) => !candidate.isInitial() && candidate.chunks.some(loadsPage))
    if (!group) return []
    return group.chunks.filter((chunk) => !initialChunks.has(chunk)).flatMap((chunk) => [...chunk.files].filter((file) => /\.(js|css)$/.test(file)))
  }
}
