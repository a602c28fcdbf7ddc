import { startTestCloudbase, type TestCloudbase } from '../support/local-cloudbase'

/** File storage through the real SDK's uploadFile / getTempFileURL / downloadFile / deleteFile. */
let stack: TestCloudbase
let seq = 0

beforeAll(async () => {
  stack = await startTestCloudbase()
})
afterAll(async () => {
  await stack.close()
})

const app = () => stack.app
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function upload(content: Buffer, name = `photo-${++seq}.png`) {
  const { fileID } = await app().uploadFile({ cloudPath: `activities/照片/${name}`, fileContent: content })
  return fileID
}

async function tempUrl(fileID: string, maxAge?: number) {
  const { fileList } = await app().getTempFileURL({ fileList: [maxAge === undefined ? fileID : { fileID, maxAge }] })
  return fileList[0]
}

describe('uploadFile and getTempFileURL', () => {
  test('when a file is uploaded, then its temp URL serves the same bytes with a content type', async () => {
    const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 255])

    const fileID = await upload(bytes)
    const info = await tempUrl(fileID)
    const response = await fetch(info.tempFileURL)

    expect(fileID).toMatch(/^cloud:\/\/.+\/activities\/照片\/photo-\d+\.png$/)
    expect(info.code).toBe('SUCCESS')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('image/png')
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes)
  })

  test('when a reader goes away in the middle of a download, then nothing is logged as a storage failure and the file still serves', async () => {
    const bytes = Buffer.alloc(8 * 1024 * 1024, 7) // larger than the socket buffers: the reader leaves mid-stream
    const info = await tempUrl(await upload(bytes, `large-${++seq}.bin`))
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      const reader = new AbortController()
      const response = await fetch(info.tempFileURL, { signal: reader.signal })
      await response.body!.getReader().read() // the first bytes, then leave
      reader.abort()
      await sleep(200)

      expect(errors).not.toHaveBeenCalled()
      const again = await fetch(info.tempFileURL)
      expect(again.status).toBe(200)
      expect((await again.arrayBuffer()).byteLength).toBe(bytes.length)
    } finally {
      errors.mockRestore()
    }
  })

  test('when downloadFile is called, then it returns the uploaded content', async () => {
    const fileID = await upload(Buffer.from('志愿服务证明'), `proof-${++seq}.txt`)

    const { fileContent } = await app().downloadFile({ fileID })

    expect(Buffer.from(fileContent as Buffer).toString('utf8')).toBe('志愿服务证明')
  })

  test('when a file is uploaded again to the same path, then the new content replaces the old', async () => {
    const fileID = await upload(Buffer.from('v1'), 'same.txt')
    await upload(Buffer.from('v2'), 'same.txt')

    const response = await fetch((await tempUrl(fileID)).tempFileURL)

    expect(await response.text()).toBe('v2')
  })

  test('when a temp URL has expired or its signature is altered, then it is refused', async () => {
    const fileID = await upload(Buffer.from('short-lived'))
    const expiring = await tempUrl(fileID, 1)
    const valid = await tempUrl(fileID)
    const tampered = valid.tempFileURL.replace(/sign=[0-9a-f]/, (m) => (m.endsWith('0') ? 'sign=1' : 'sign=0'))

    expect((await fetch(tampered)).status).toBe(403)
    expect((await fetch(expiring.tempFileURL)).status).toBe(200)
    await sleep(1_100)
    expect((await fetch(expiring.tempFileURL)).status).toBe(403)
  })
})

describe('deleteFile', () => {
  test('when a file is deleted, then its old temp URL returns 404 and new temp URLs report STORAGE_FILE_NONEXIST', async () => {
    const fileID = await upload(Buffer.from('to delete'))
    const before = await tempUrl(fileID)

    const { fileList } = await app().deleteFile({ fileList: [fileID] })

    expect(fileList).toEqual([{ fileID, code: 'SUCCESS' }])
    expect((await fetch(before.tempFileURL)).status).toBe(404)
    expect((await tempUrl(fileID)).code).toBe('STORAGE_FILE_NONEXIST')
    await expect(app().downloadFile({ fileID })).rejects.toMatchObject({ code: 'STORAGE_FILE_NONEXIST' })
  })

  test('when a file that does not exist is deleted, then its entry reports STORAGE_FILE_NONEXIST', async () => {
    const fileID = 'cloud://local.local-local/never/uploaded.png'
    const { fileList } = await app().deleteFile({ fileList: [fileID] })
    expect(fileList).toEqual([{ fileID, code: 'STORAGE_FILE_NONEXIST' }])
  })
})
