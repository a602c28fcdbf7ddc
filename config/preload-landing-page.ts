import type { Chunk, ChunkGroup, Compilation, Compiler } from 'webpack'
import HtmlWebpackPlugin from 'html-webpack-plugin'

/**
 * H5: the landing page's scripts and styles are fetched with the entry, not after it.
 *
 * Taro's router imports a page only once the entry has run (`import('./pages/home/index')`), so
 * the page's chunks (its code, the Taro components it draws, dayjs, its styles) were a second
 * wave of requests that started ~700 ms into a load at 4× CPU and held the first screen up for
 * another round trip. This writes `<link rel="preload">` for each of those files into index.html:
 * the browser fetches them beside the entry's, and the router's import then finds them in its
 * cache. Nothing is executed early, and styles are still applied in the order the router adds
 * them (a preload only fetches), so the cascade is the one the app has without it.
 */
export class PreloadLandingPagePlugin {
  /** @param pageModule the landing page's module, e.g. `src/pages/home/index` (without extension) */
  constructor(private readonly pageModule: RegExp) {}

  apply(compiler: Compiler) {
    compiler.hooks.compilation.tap(PreloadLandingPagePlugin.name, (compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap(PreloadLandingPagePlugin.name, (data) => {
        const files = this.landingPageFiles(compilation)
        if (files.length === 0) throw new Error(`PreloadLandingPagePlugin: no chunk loads ${this.pageModule}`)
        const publicPath = typeof compilation.outputOptions.publicPath === 'string' ? compilation.outputOptions.publicPath : '/'
        const tags = files.map((file) =>
          HtmlWebpackPlugin.createHtmlTagObject('link', { rel: 'preload', as: file.endsWith('.css') ? 'style' : 'script', href: `${publicPath}${file}` }),
        )
        data.headTags.push(...tags)
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
    const group = [...compilation.chunkGroups].find((candidate: ChunkGroup) => !candidate.isInitial() && candidate.chunks.some(loadsPage))
    if (!group) return []
    return group.chunks.filter((chunk) => !initialChunks.has(chunk)).flatMap((chunk) => [...chunk.files].filter((file) => /\.(js|css)$/.test(file)))
  }
}
