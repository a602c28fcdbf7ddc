/** Two projects: `node` for rules, functions, the local database and the browser tests; `web` for components. */
const transform = { '^.+\\.(mjs|cjs|[jt]sx?)$': 'babel-jest' }

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['<rootDir>/test/{unit,functions,database,e2e}/**/*.test.ts'],
      transform,
      transformIgnorePatterns: ['/node_modules/(?!(bson|mingo)/)'],
      moduleNameMapper: {
        '^@/(.*)$': '<rootDir>/src/$1',
        // a single zod locale is imported by its ES module path (see core/validation.ts); jest runs zod's CommonJS build
        '^zod/v4/locales/(.+)\\.js$': 'zod/v4/locales/$1.cjs',
      },
    },
    {
      displayName: 'web',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/test'],
      testMatch: ['<rootDir>/test/components/**/*.test.tsx'],
      transform,
      // @tarojs/components (+ nested tslib), @stencil, swiper and NutUI ship ESM
      transformIgnorePatterns: ['/node_modules/(?!(@tarojs|@stencil|swiper|tslib|@nutui|\\.pnpm)/)'],
      moduleNameMapper: {
        '^@tarojs/components$': '@tarojs/components/lib/react',
        '^@tarojs/taro$': '<rootDir>/test/mocks/taro.ts',
        // the real components from their per-component ES modules, not the UMD bundle (which needs a canvas)
        '^@nutui/nutui-react-taro$': '<rootDir>/test/mocks/nutui.ts',
        '\\.(css|scss|sass|less)$': '<rootDir>/test/mocks/style.js',
        '\\.(png|jpg|svg)$': '<rootDir>/test/mocks/file.js',
        '^@/(.*)$': '<rootDir>/src/$1',
      },
      setupFilesAfterEnv: ['@testing-library/jest-dom'],
      globals: {
        // build-time flags normally injected by Taro's webpack DefinePlugin
        DEPRECATED_ADAPTER_COMPONENT: false, ENABLE_INNER_HTML: true, ENABLE_ADJACENT_HTML: true, ENABLE_SIZE_APIS: false,
        ENABLE_TEMPLATE_CONTENT: true, ENABLE_CLONE_NODE: true, ENABLE_CONTAINS: true, ENABLE_MUTATION_OBSERVER: false,
      },
    },
  ],
}
