/** @qiun/ucharts ships plain JavaScript: the constructor is all 数据概览 uses. */
declare module '@qiun/ucharts' {
  export default class UCharts {
    constructor(options: Record<string, unknown> & { type: string; context: unknown; width: number; height: number })
    updateData(data: Record<string, unknown>): void
  }
}
