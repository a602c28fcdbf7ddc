// Taro builds (TARO_ENV set) use babel-preset-taro; jest (NODE_ENV=test, no TARO_ENV) uses plain
// presets targeting the running Node, for the mini-program code and the cloud functions alike.
module.exports = process.env.NODE_ENV === 'test' && !process.env.TARO_ENV
  ? {
      presets: [
        ['@babel/preset-env', { targets: { node: 'current' } }],
        ['@babel/preset-react', { runtime: 'automatic' }],
        '@babel/preset-typescript',
      ],
    }
  : {
      presets: [
        [
          'taro',
          {
            framework: 'react',
            ts: true,
            compiler: 'webpack5',
            // H5 runs in WeChat's browser (iOS 10+ WebKit, Chromium-based XWeb) and current browsers:
            // the same list as config/index.ts (WECHAT_BROWSERS). The package's browserslist (down to
            // Android 4.1) turned every async function into a regenerator state machine.
            ...(process.env.TARO_ENV === 'h5' ? { targets: { ios: '10', chrome: '53' } } : {}),
          },
        ],
      ],
    }
