import iconv from 'iconv-lite'
import { DomainError } from '@tongcun/domain'
import type { TextEncoding } from './types'

const utf8Strict = new TextDecoder('utf-8', { fatal: true })

/** Normalises a user-given encoding name (`utf8`, `UTF-8`, `gbk`, `gb2312`, `cp936`, `gb18030`). */
export function parseEncoding(name: string | undefined): TextEncoding | undefined {
  if (name === undefined || name.trim() === '') return undefined
  const key = name
    .trim()
    .toLowerCase()
    .replace(/[-_\s]/g, '')
  if (key === 'utf8') return 'utf8'
  if (['gbk', 'gb2312', 'cp936', '936', 'gb18030', 'windows936', 'ansi936'].includes(key))
    return 'gbk'
  throw new DomainError('invalid-input', `unknown encoding "${name}" (accepted: utf8, gbk)`, {
    encoding: name,
  })
}

export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    utf8Strict.decode(bytes)
    return true
  } catch {
    return false
  }
}

const hasNonAscii = (bytes: Uint8Array): boolean => bytes.some((byte) => byte > 0x7f)

/**
 * Decodes text bytes. With no declared encoding: a UTF-8 BOM or valid UTF-8 → UTF-8, otherwise GBK
 * (GB18030 superset, as iconv-lite decodes it). A declared encoding that contradicts the bytes is an error
 * rather than a silent garbling: `utf8` on bytes that are not UTF-8, or `gbk` on non-ASCII bytes that
 * are valid UTF-8 (Chinese GBK text is practically never valid UTF-8).
 * @returns the text without BOM and the encoding used
 */
export function decodeText(
  bytes: Uint8Array,
  declared: TextEncoding | undefined,
  fileName: string,
): { text: string; encoding: TextEncoding } {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  const body = hasBom ? bytes.subarray(3) : bytes
  const validUtf8 = isValidUtf8(body)
  if (declared === 'utf8' && !validUtf8) {
    throw new DomainError(
      'invalid-input',
      `${fileName}: the file is not valid UTF-8 although --encoding utf8 was declared; it looks like GBK (try --encoding gbk)`,
      { file: fileName, field: 'encoding' },
    )
  }
  if (declared === 'gbk' && (hasBom || (validUtf8 && hasNonAscii(body)))) {
    throw new DomainError(
      'invalid-input',
      `${fileName}: --encoding gbk was declared but the file is UTF-8${hasBom ? ' (it has a UTF-8 BOM)' : ''}; decoding it as GBK would garble the Chinese text (use --encoding utf8 or leave it out)`,
      { file: fileName, field: 'encoding' },
    )
  }
  const encoding: TextEncoding = declared ?? (validUtf8 ? 'utf8' : 'gbk')
  const text =
    encoding === 'utf8'
      ? new TextDecoder('utf-8').decode(body)
      : iconv.decode(Buffer.from(body), 'gb18030')
  return { text, encoding }
}
