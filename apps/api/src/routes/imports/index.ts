/**
 * `POST /imports/:layer` — multipart/form-data with a `file` part and optional text fields `crs`,
 * `encoding`, `sheet`, `dryRun` (`true`), `assignCodes`. Replies 200 with the import report, or
 * 422 problem+json (`code: import-failed`) whose `errors` are the row-level issues and
 * `details.report` the full report. Nothing is written unless the whole file is valid.
 */
import multipart from '@fastify/multipart'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { DomainError } from '@tongcun/domain'
import { importLayer } from '../../import/import-layer'

/** Largest accepted upload (a national village list as CSV is ~100 MB). */
const MAX_FILE_BYTES = 200 * 1024 * 1024
const TEXT_FIELDS = ['crs', 'encoding', 'sheet', 'dryRun', 'assignCodes'] as const

export const importRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Scoped to this plugin; skipped when the app already parses multipart.
  if (!app.hasContentTypeParser('multipart/form-data')) {
    await app.register(multipart, { limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 20 } })
  }

  app.post(
    '/imports/:layer',
    { schema: { params: Type.Object({ layer: Type.String({ minLength: 1, maxLength: 64 }) }) } },
    async (request) => {
      if (!request.isMultipart()) {
        throw new DomainError(
          'invalid-input',
          'send multipart/form-data with a "file" part (and optional crs, encoding, sheet, dryRun fields)',
        )
      }
      let upload: { fileName: string; bytes: Uint8Array } | null = null
      const fields: Partial<Record<(typeof TEXT_FIELDS)[number], string>> = {}
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer()
          if (part.file.truncated) {
            throw new DomainError(
              'invalid-input',
              `file "${part.filename}" exceeds the ${MAX_FILE_BYTES / 1024 / 1024} MB upload limit`,
            )
          }
          if (part.fieldname === 'file')
            upload = { fileName: part.filename || 'upload', bytes: new Uint8Array(bytes) }
        } else if (
          (TEXT_FIELDS as readonly string[]).includes(part.fieldname) &&
          typeof part.value === 'string'
        ) {
          fields[part.fieldname as (typeof TEXT_FIELDS)[number]] = part.value
        }
      }
      if (!upload) throw new DomainError('invalid-input', 'the multipart body has no "file" part')
      const blank = (value: string | undefined) =>
        value === undefined || value.trim() === '' ? undefined : value.trim()
      const crs = blank(fields.crs)
      const encoding = blank(fields.encoding)
      const sheet = blank(fields.sheet)
      const assignCodes = blank(fields.assignCodes)
      return importLayer(app.database, {
        layer: request.params.layer,
        fileName: upload.fileName,
        bytes: upload.bytes,
        ...(crs ? { crs } : {}),
        ...(encoding ? { encoding } : {}),
        ...(sheet ? { sheet } : {}),
        ...(assignCodes ? { assignCodesUnder: assignCodes } : {}),
        dryRun: fields.dryRun === 'true' || fields.dryRun === '1',
      })
    },
  )
}
