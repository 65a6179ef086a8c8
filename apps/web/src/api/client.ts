/**
 * Typed HTTP client for the Tongcun API. Non-2xx answers become `ApiError` carrying the
 * problem+json body (RFC 9457) so panels can show its title and detail.
 */
export interface Problem {
  type?: string
  title: string
  status: number
  detail?: string
  instance?: string
  code?: string
  errors?: Array<{ path: string; message: string }>
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title)
    this.name = 'ApiError'
  }
}

let currentLocale = 'zh-CN'
/** The Accept-Language sent with every request, so server-written sentences match the UI. */
export function setApiLocale(locale: string) {
  currentLocale = locale
}

export function apiUrl(
  path: string,
  params: Record<string, string | number | null | undefined> = {},
): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value))
  }
  const query = search.toString()
  return `/api${path}${query ? `?${query}` : ''}`
}

async function toProblem(response: Response): Promise<Problem> {
  const text = await response.text()
  try {
    const body = JSON.parse(text) as Partial<Problem>
    return {
      ...body,
      title: body.title ?? response.statusText ?? `HTTP ${response.status}`,
      status: body.status ?? response.status,
    }
  } catch {
    return {
      title: response.statusText || `HTTP ${response.status}`,
      status: response.status,
      detail: text.slice(0, 300),
    }
  }
}

export async function apiRequest<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
  signal?: AbortSignal,
): Promise<T> {
  let response: Response
  try {
    response = await fetch(url, {
      method,
      signal,
      headers: {
        Accept: 'application/json, application/problem+json',
        'Accept-Language': currentLocale,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error
    throw new ApiError({
      title: 'Network error',
      status: 0,
      detail: `${method} ${url}: ${(error as Error).message}`,
    })
  }
  if (!response.ok) throw new ApiError(await toProblem(response))
  if (response.status === 204) return undefined as T
  return (await response.json()) as T
}

export const apiGet = <T>(url: string, signal?: AbortSignal) =>
  apiRequest<T>('GET', url, undefined, signal)
