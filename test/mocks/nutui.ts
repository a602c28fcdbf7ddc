/**
 * The real NutUI components, loaded from their per-component ES modules. Jest would otherwise
 * resolve `@nutui/nutui-react-taro` to its UMD bundle, which pulls in every component (lottie
 * included, which needs a canvas). jest.config.js maps the package name here.
 */
export { default as Button } from '@nutui/nutui-react-taro/dist/es/packages/button/index'
export { default as Input } from '@nutui/nutui-react-taro/dist/es/packages/input/index'
export { default as Picker } from '@nutui/nutui-react-taro/dist/es/packages/picker/index'
export { default as Empty } from '@nutui/nutui-react-taro/dist/es/packages/empty/index'
export { default as Tag } from '@nutui/nutui-react-taro/dist/es/packages/tag/index'
export { default as Cell } from '@nutui/nutui-react-taro/dist/es/packages/cell/index'
export { default as TextArea } from '@nutui/nutui-react-taro/dist/es/packages/textarea/index'
export { default as Dialog } from '@nutui/nutui-react-taro/dist/es/packages/dialog/index'
export { default as DatePicker } from '@nutui/nutui-react-taro/dist/es/packages/datepicker/index'
export { default as Switch } from '@nutui/nutui-react-taro/dist/es/packages/switch/index'
