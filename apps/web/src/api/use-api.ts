import { useEffect, useState } from 'react'

export interface ApiState<T> {
  data: T | null
  error: unknown
  loading: boolean
}

/**
 * Runs `load` whenever `key` changes (null = do nothing); aborts the previous request. The error
 * is returned so the panel can throw it into its error boundary.
 */
export function useApi<T>(
  key: string | null,
  load: (signal: AbortSignal) => Promise<T>,
): ApiState<T> {
  const [state, setState] = useState<ApiState<T>>({
    data: null,
    error: null,
    loading: key !== null,
  })
  useEffect(() => {
    if (key === null) {
      setState({ data: null, error: null, loading: false })
      return
    }
    const controller = new AbortController()
    setState((previous) => ({ data: previous.data, error: null, loading: true }))
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: null, loading: false })
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ data: null, error, loading: false })
      },
    )
    return () => controller.abort()
    // `load` is recreated on each render; `key` names everything it depends on.
  }, [key])
  return state
}
