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
      presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
    }
