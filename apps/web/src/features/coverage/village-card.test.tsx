import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { setupI18n } from '../../i18n'
import { AppStateContext, createInitialState } from '../../state/app-state'
import { VillageCard } from './village-card'

beforeAll(() => {
  setupI18n('zh-CN')
})
afterEach(() => {
  cleanup()
  vi.unstubAllGlobals()
})

const CODE = '590101001001'
const village = {
  type: 'Feature',
  geometry: { type: 'Point', coordinates: [104.5, 26.5] },
  properties: {
    code: CODE,
    name: '石门村',
    population: 812,
    households: 203,
    poor_households: 40,
    poor_people: 150,
    poverty_causes: ['illness'],
    elevation_m: 1450,
    slope_deg: 18.5,
    land_per_person_mu: 0.8,
    income_per_person_cny: 3200,
    flags: [],
  },
}
const coverage = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: village.geometry,
      properties: {
        code: CODE,
        name: '石门村',
        fullyCovered: false,
        coverage: {
          road: {
            status: 'gap',
            distanceM: 3400,
            networkDistanceM: null,
            reason: '最近的硬化路 3.4 公里；600 米处的砂石路不计入',
            gapLengthM: 3400,
            costToClose: 2_040_000,
          },
          water: { status: 'covered', distanceM: 0, reason: '位于供水服务区内' },
        },
      },
    },
  ],
}
const candidates = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: village.geometry,
      properties: {
        code: CODE,
        name: '石门村',
        relocation: {
          recommendation: 'relocate',
          score: 0.71,
          decision: null,
          reasons: [
            {
              factor: 'hazard',
              subScore: 1,
              contribution: 0.35,
              en: 'Inside a high geological hazard zone',
              zh: '位于高风险地质灾害隐患区内',
            },
          ],
        },
      },
    },
  ],
}

function stubApi() {
  const calls: Array<{ url: string; method: string; body: unknown }> = []
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    calls.push({
      url,
      method: init.method ?? 'GET',
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    })
    const json = (body: unknown) =>
      new Response(JSON.stringify(body), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      })
    if (url.startsWith(`/api/villages/${CODE}/decision`))
      return json({ villageCode: CODE, decision: { decision: 'declined' } })
    if (url.startsWith(`/api/villages/${CODE}`)) return json(village)
    if (url.startsWith('/api/coverage')) return json(coverage)
    if (url.startsWith('/api/relocation/candidates')) return json(candidates)
    return new Response(JSON.stringify({ title: 'Route not found', status: 404 }), { status: 404 })
  })
  return calls
}

describe('VillageCard', () => {
  it('shows attributes, the reason per network and the relocation recommendation; stores a decision', async () => {
    const calls = stubApi()
    const state = { ...createInitialState('zh-CN'), rulesetId: 'policy-2015' }
    const actions: Array<{ type: string }> = []
    render(
      <AppStateContext.Provider value={{ state, dispatch: (action) => actions.push(action) }}>
        <VillageCard code={CODE} />
      </AppStateContext.Provider>,
    )
    await screen.findByText('石门村')
    const reasons = await screen.findAllByTestId('coverage-reason')
    expect(reasons.map((r) => r.textContent)).toEqual([
      '最近的硬化路 3.4 公里；600 米处的砂石路不计入',
      '位于供水服务区内',
    ])
    const card = screen.getByTestId('village-card')
    expect(card.textContent).toContain('3.4公里')
    expect(card.textContent).toContain('812')
    await screen.findByText('位于高风险地质灾害隐患区内')
    expect(screen.getByTestId('relocation').textContent).toContain('建议搬迁')
    expect(calls.some((c) => c.url === `/api/coverage?admin=${CODE}&ruleset=policy-2015`)).toBe(
      true,
    )

    expect(actions.some((a) => a.type === 'tiles-changed')).toBe(false)
    fireEvent.change(screen.getByTestId('decision-select'), { target: { value: 'declined' } })
    await waitFor(() => expect(screen.getByTestId('relocation').textContent).toContain('已保存'))
    // Saved: the map is told to refetch its tiles (they carry the decision).
    expect(actions.filter((a) => a.type === 'tiles-changed')).toHaveLength(1)
    expect(calls.find((c) => c.method === 'PUT')).toEqual({
      url: `/api/villages/${CODE}/decision`,
      method: 'PUT',
      body: { decision: 'declined' },
    })
  })
})
