import { cleanup, render, screen } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ApiError } from '../api/client'
import { setupI18n } from '../i18n'
import { DEFAULT_VISIBILITY } from '../map/layer-catalog'
import { AppStateContext, createInitialState, type AppState } from '../state/app-state'
import { Legend } from './legend'
import { PanelBoundary } from './panel-boundary'

beforeAll(() => {
  setupI18n('zh-CN')
})
afterEach(cleanup)

function renderWithState(ui: React.ReactNode, overrides: Partial<AppState> = {}) {
  const state = { ...createInitialState('zh-CN'), ...overrides }
  return render(
    <AppStateContext.Provider value={{ state, dispatch: () => {} }}>{ui}</AppStateContext.Provider>,
  )
}

function Thrower({ error }: { error: unknown }): null {
  throw error
}

describe('PanelBoundary', () => {
  it('shows the problem title and detail of an API error', () => {
    const error = new ApiError({
      title: 'Village not found',
      detail: 'No village with id village:0412',
      status: 404,
      code: 'village-not-found',
    })
    const original = console.error
    console.error = () => {} // React logs caught render errors; this one is expected
    try {
      render(
        <PanelBoundary resetKey="a">
          <Thrower error={error} />
        </PanelBoundary>,
      )
    } finally {
      console.error = original
    }
    expect(screen.getByRole('alert').textContent).toContain('Village not found')
    expect(screen.getByRole('alert').textContent).toContain('No village with id village:0412')
  })
})

describe('Legend', () => {
  it('shows the statuses of the chosen network in Chinese', () => {
    renderWithState(<Legend />, { rulesetId: 'policy-2015', network: 'water' })
    const legend = screen.getByTestId('legend')
    expect(legend.textContent).toContain('图例')
    expect(legend.textContent).toContain('通自来水')
    expect(legend.textContent).toContain('已覆盖')
    expect(legend.textContent).toContain('未覆盖')
    expect(legend.textContent).toContain('规划建成后覆盖')
    // Roads are on by default: their classes are listed; hazards are off: not listed.
    expect(legend.textContent).toContain('县道')
    expect(legend.textContent).not.toContain('地质灾害隐患区')
  })

  it('follows the layer switches', () => {
    renderWithState(<Legend />, {
      rulesetId: 'policy-2015',
      visibility: { ...DEFAULT_VISIBILITY, road: false, hazards: true },
    })
    const text = screen.getByTestId('legend').textContent ?? ''
    expect(text).not.toContain('县道')
    expect(text).toContain('地质灾害隐患区')
    expect(text).toContain('全覆盖')
  })
})
