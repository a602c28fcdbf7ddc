/// <reference types="@tarojs/taro" />

declare module '*.png' {
  const src: string
  export default src
}
declare module '*.jpg' {
  const src: string
  export default src
}
declare module '*.svg' {
  const src: string
  export default src
}
declare module '*.css'
declare module '*.scss'

declare namespace NodeJS {
  interface ProcessEnv {
    /** Replaced at build time by Taro: the platform this bundle is for. */
    TARO_ENV?: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'harmony' | 'rn' | 'quickapp'
  }
}

/** CloudBase environment id baked in by config/index.ts (`TARO_APP_CLOUD_ENV`); '' means the default. */
declare const CLOUD_ENV: string
