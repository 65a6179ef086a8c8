import { Component, type ReactNode } from 'react'
import { ApiError } from '../api/client'
import { ProblemView } from './problem-view'

interface Props {
  /** When this changes, a shown error is cleared and the children are tried again. */
  resetKey: string
  children: ReactNode
}

/** One per feature panel: an API problem (or any error) is shown with its title and detail here. */
export class PanelBoundary extends Component<Props, { error: unknown; key: string }> {
  override state = { error: null as unknown, key: this.props.resetKey }

  static getDerivedStateFromError(error: unknown) {
    return { error }
  }

  static getDerivedStateFromProps(props: Props, state: { error: unknown; key: string }) {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null
  }

  override componentDidCatch(error: unknown) {
    // Reported, not swallowed: the panel shows it and the console keeps the stack.
    if (!(error instanceof ApiError)) console.warn('panel error', error)
  }

  override render() {
    if (this.state.error) return <ProblemView error={this.state.error} />
    return this.props.children
  }
}
