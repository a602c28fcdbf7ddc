import Taro from '@tarojs/taro'
import { callFunction, CloudError, NETWORK_ERROR_MESSAGE } from '../../src/services/cloud'
import { DEV_OPENID_STORAGE_KEY } from '../../src/services/dev-identity'
import { login } from '../../src/services/user'
import { resetTaroMock } from '../mocks/taro'
import { asPlatform, buildUserView, errorReply, httpReply, okReply } from './support'
import { postJson } from '../../src/services/http'

jest.mock('../../src/services/http')

const request = postJson as unknown as jest.Mock
const cloudCall = Taro.cloud.callFunction as unknown as jest.Mock

async function rejectionOf(promise: Promise<unknown>): Promise<CloudError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof CloudError) return error
    throw error
  }
  throw new Error('expected the call to fail')
}

describe('callFunction', () => {
  beforeEach(() => resetTaroMock())

  describe('in the H5 build (local stack over HTTP)', () => {
    asPlatform('h5')

    it('when the envelope is ok, then its data comes back', async () => {
      request.mockResolvedValue(okReply({ answer: 42 }))

      await expect(callFunction('user', 'me')).resolves.toEqual({ answer: 42 })
    })

    it('when a demo identity is stored, then it is sent as X-Dev-Openid with the event as the JSON body', async () => {
      Taro.setStorageSync(DEV_OPENID_STORAGE_KEY, 'demo-volunteer')
      request.mockResolvedValue(okReply({}))

      await callFunction('activity', 'signUp', { activityId: 'a1' }, { idempotencyKey: 'key-1' })

      expect(request).toHaveBeenCalledWith(
        expect.objectContaining({
          url: '/api/functions/activity',
          data: { action: 'signUp', data: { activityId: 'a1' }, idempotencyKey: 'key-1' },
          header: expect.objectContaining({ 'X-Dev-Openid': 'demo-volunteer' }),
        }),
      )
    })

    it('when no identity is stored, then no X-Dev-Openid header is sent (an anonymous caller)', async () => {
      request.mockResolvedValue(okReply({}))

      await callFunction('user', 'login')

      const { header, data } = request.mock.calls[0][0]
      expect(header).not.toHaveProperty('X-Dev-Openid')
      expect(data).toEqual({ action: 'login' })
    })

    it('when the envelope is not ok, then a CloudError carries the code, message and fields', async () => {
      request.mockResolvedValue(
        errorReply({ code: 'INVALID_ARGUMENT', message: '手机号格式不正确', fields: [{ path: 'phone', message: '手机号格式不正确' }] }),
      )

      const error = await rejectionOf(callFunction('user', 'registerVolunteer', {}))

      expect(error.code).toBe('INVALID_ARGUMENT')
      expect(error.message).toBe('手机号格式不正确')
      expect(error.fields).toEqual([{ path: 'phone', message: '手机号格式不正确' }])
      expect(error.fieldMessages()).toEqual({ phone: '手机号格式不正确' })
    })

    it('when the request itself fails, then a CloudError INTERNAL says 网络异常', async () => {
      request.mockRejectedValue(new Error('request:fail timeout'))

      const error = await rejectionOf(callFunction('user', 'me'))

      expect(error.code).toBe('INTERNAL')
      expect(error.message).toBe(NETWORK_ERROR_MESSAGE)
      expect(error.fields).toEqual([])
    })

    it('when the reply is not an envelope (a proxy error page), then it counts as a network failure', async () => {
      request.mockResolvedValue(httpReply('<html>502 Bad Gateway</html>'))

      const error = await rejectionOf(callFunction('user', 'me'))

      expect(error.code).toBe('INTERNAL')
      expect(error.message).toBe(NETWORK_ERROR_MESSAGE)
    })

    it('when login succeeds, then the user service returns the user from the reply', async () => {
      const user = buildUserView({ nickname: '小陈' })
      request.mockResolvedValue(okReply({ user }))

      await expect(login()).resolves.toEqual(user)
      expect(request.mock.calls[0][0]).toMatchObject({ url: '/api/functions/user', data: { action: 'login' } })
    })
  })

  describe('in the mini-program (WeChat cloud)', () => {
    asPlatform('weapp')

    it('when the cloud function answers ok, then Taro.cloud.callFunction got the event and no HTTP request was made', async () => {
      cloudCall.mockResolvedValue({ result: { ok: true, data: { user: buildUserView() } }, errMsg: 'cloud.callFunction:ok' })
      Taro.setStorageSync(DEV_OPENID_STORAGE_KEY, 'demo-volunteer')

      const data = await callFunction<{ user: unknown }>('user', 'login')

      expect(data.user).toEqual(buildUserView())
      expect(cloudCall).toHaveBeenCalledWith({ name: 'user', data: { action: 'login' } })
      expect(request).not.toHaveBeenCalled()
    })

    it('when the cloud function answers ok:false, then a CloudError carries its code', async () => {
      cloudCall.mockResolvedValue({ result: { ok: false, error: { code: 'FORBIDDEN', message: '没有权限进行此操作' } } })

      const error = await rejectionOf(callFunction('org', 'verify', { orgId: 'o1', approve: true }))

      expect(error.code).toBe('FORBIDDEN')
      expect(error.message).toBe('没有权限进行此操作')
    })

    it('when the call to the cloud fails, then a CloudError INTERNAL says 网络异常', async () => {
      cloudCall.mockRejectedValue(new Error('cloud.callFunction:fail'))

      const error = await rejectionOf(callFunction('user', 'me'))

      expect(error.code).toBe('INTERNAL')
      expect(error.message).toBe(NETWORK_ERROR_MESSAGE)
    })
  })
})
