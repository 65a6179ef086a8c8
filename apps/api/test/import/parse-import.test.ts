/** File → features without a database: formats, encodings, header aliases, OSM tags, CRS. */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../../src/config'
import { parseImport } from '../../src/import/parse-import'
import type { NetworkLineFeature, VillageFeature } from '@tongcun/domain'
import { PRJ_CGCS2000_GEOGRAPHIC, gbk, makeXlsx, utf8, zipShapefile } from './fixture-files'

const OSM_DIR = path.join(REPO_ROOT, '../shared/reference/osm-samples')

const GBK_CSV = [
  '编码,村名,乡镇编码,经度,纬度,人口,户数,贫困户数,贫困人口,致贫原因,海拔',
  '990102001001,石门村,990102001000,106.51,29.51,"1,234",320,41,150,因病;缺水,820',
  '990102001002,龙潭村,,106.52,29.52,980,250,,,,',
].join('\r\n')

describe('CSV', () => {
  it('reads GBK with Chinese headers, detected without --encoding', async () => {
    const parsed = await parseImport({ layer: 'villages', fileName: '村.csv', bytes: gbk(GBK_CSV) })
    expect(parsed.errors).toEqual([])
    expect(parsed.encoding).toBe('gbk')
    expect(parsed.format).toBe('csv')
    const [first, second] = parsed.features as VillageFeature[]
    expect(first!.properties).toMatchObject({
      code: '990102001001',
      name: '石门村',
      township_code: '990102001000',
      county_code: '990102000000',
      city_code: '990100000000',
      province_code: '990000000000',
      population: 1234,
      households: 320,
      poor_households: 41,
      poor_people: 150,
      poverty_causes: ['因病', '缺水'],
      elevation_m: 820,
    })
    expect(first!.geometry.coordinates).toEqual([106.51, 29.51])
    expect(second!.properties.name).toBe('龙潭村')
    expect(second!.properties.population).toBe(980)
    expect(second!.properties.poor_people).toBeNull()
  })

  it('reads UTF-8 with a BOM and English header variants (lng/latitude)', async () => {
    const text = '\uFEFFcode,name,lng,latitude,population\n990102001003,Shuikou,106.5,29.5,12\n'
    const parsed = await parseImport({
      layer: 'villages',
      fileName: 'v.csv',
      bytes: utf8(text),
      encoding: 'utf8',
    })
    expect(parsed.errors).toEqual([])
    expect(parsed.encoding).toBe('utf8')
    expect((parsed.features[0] as VillageFeature).properties.code).toBe('990102001003')
  })

  it('reads admin units without coordinates and derives level and parent from the code', async () => {
    const text = '代码,名称,级别\n990102,样例县,县\n990102001,石门镇,镇\n'
    const parsed = await parseImport({ layer: 'admin', fileName: 'a.csv', bytes: utf8(text) })
    expect(parsed.errors).toEqual([])
    expect(parsed.features.map((f) => f.properties)).toEqual([
      expect.objectContaining({
        code: '990102000000',
        level: 'county',
        parent_code: '990100000000',
        name: '样例县',
      }),
      expect.objectContaining({
        code: '990102001000',
        level: 'township',
        parent_code: '990102000000',
      }),
    ])
    expect(parsed.features[0]!.geometry).toBeNull()
  })
})

describe('XLSX', () => {
  it('reads the first sheet, or the sheet named with --sheet', async () => {
    const bytes = await makeXlsx({
      说明: [['本表为示例']],
      安置点: [
        ['编号', '名称', '类型', '状态', '容量户数', '可安置人口', '配套设施', 'x', 'y'],
        ['site-1', '石门集镇', '集镇', '规划', 120, 450, '学校、卫生院', 106.53, 29.53],
      ],
    })
    const parsed = await parseImport({ layer: 'sites', fileName: 's.xlsx', bytes, sheet: '安置点' })
    expect(parsed.errors).toEqual([])
    expect(parsed.features[0]).toEqual({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [106.53, 29.53] },
      properties: {
        id: 'site-1',
        name: '石门集镇',
        type: 'town',
        status: 'planned',
        capacity_households: 120,
        capacity_people: 450,
        facilities: ['学校', '卫生院'],
        admin_code: null,
      },
    })
    const first = await parseImport({ layer: 'sites', fileName: 's.xlsx', bytes })
    expect(first.errors[0]!.field).toBe('lon')
  })
})

describe('zipped Shapefile', () => {
  it('reads GBK attributes (no .cpg, detected) and a CGCS2000 geographic .prj', async () => {
    const bytes = zipShapefile({
      shapes: [{ type: 'Point', coordinates: [106.5, 29.5] }],
      fields: ['code', 'name', 'pop'],
      rows: [['990102001001', '石门村', '1200']],
      encoding: 'gbk',
      prj: PRJ_CGCS2000_GEOGRAPHIC,
    })
    const parsed = await parseImport({ layer: 'villages', fileName: 'v.zip', bytes })
    expect(parsed.errors).toEqual([])
    expect(parsed.encoding).toBe('gbk')
    expect(parsed.crs).toBe('CGCS2000')
    const village = parsed.features[0] as VillageFeature
    expect(village.properties.name).toBe('石门村')
    expect(village.geometry.coordinates).toEqual([106.5, 29.5])
    expect(parsed.warnings.map((w) => w.message).join()).toContain('pop')
  })

  it('honours a .cpg naming GBK as 936', async () => {
    const bytes = zipShapefile({
      shapes: [
        {
          type: 'LineString',
          coordinates: [
            [106.5, 29.5],
            [106.6, 29.6],
          ],
        },
      ],
      fields: ['id', 'class', 'surface', 'name'],
      rows: [['r1', '县道', '水泥', '石龙路']],
      encoding: 'gbk',
      cpg: '936',
    })
    const parsed = await parseImport({ layer: 'road', fileName: 'r.zip', bytes })
    expect(parsed.errors).toEqual([])
    expect((parsed.features[0] as NetworkLineFeature).properties).toMatchObject({
      id: 'r1',
      class: 'county',
      surface: 'cement',
      name: '石龙路',
      network: 'road',
      status: 'existing',
    })
  })
})

describe('OpenStreetMap GeoJSON', () => {
  it('maps highway/surface tags of the Bluff, Utah extract to road classes and surfaces, unshifted', async () => {
    const bytes = fs.readFileSync(path.join(OSM_DIR, 'us_ut_bluff_osm.geojson'))
    const source = JSON.parse(bytes.toString('utf8')) as {
      features: {
        geometry: { type: string; coordinates: unknown }
        properties: Record<string, unknown>
      }[]
    }
    const parsed = await parseImport({ layer: 'road', fileName: 'bluff.geojson', bytes })
    expect(parsed.errors).toEqual([])
    const nonVehicle = new Set([
      'footway',
      'path',
      'cycleway',
      'steps',
      'pedestrian',
      'bridleway',
      'proposed',
      'construction',
    ])
    const expected = source.features.filter(
      (f) =>
        typeof f.properties['highway'] === 'string' &&
        f.geometry.type === 'LineString' &&
        !nonVehicle.has(f.properties['highway'] as string),
    )
    expect(parsed.features).toHaveLength(expected.length)
    for (const feature of parsed.features as NetworkLineFeature[]) {
      const osm = source.features.find(
        (f) => `osm:way/${String(f.properties['osm_id'])}` === feature.properties.id,
      )!
      expect(feature.geometry.coordinates).toEqual(osm.geometry.coordinates)
      const highway = osm.properties['highway'] as string
      const surface = osm.properties['surface'] as string | undefined
      if (highway === 'primary') expect(feature.properties.class).toBe('provincial')
      if (highway === 'residential') expect(feature.properties.class).toBe('village')
      if (highway === 'track') expect(feature.properties.class).toBe('other')
      if (surface === 'asphalt') expect(feature.properties.surface).toBe('asphalt')
      if (surface === 'dirt' || surface === 'ground')
        expect(feature.properties.surface).toBe('dirt')
      if (surface === 'gravel' || surface === 'compacted')
        expect(feature.properties.surface).toBe('gravel')
      if (surface === undefined) expect(feature.properties.surface).toBe('unknown')
    }
    expect(
      parsed.warnings.some((w) => /skipped \d+ feature\(s\): no highway tag/.test(w.message)),
    ).toBe(true)
  })

  it('maps power=line voltage in volts to voltage_kv and class', async () => {
    const file = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: 'way/1',
          properties: { power: 'line', voltage: '110000;35000' },
          geometry: {
            type: 'LineString',
            coordinates: [
              [106.5, 29.5],
              [106.6, 29.6],
            ],
          },
        },
        {
          type: 'Feature',
          id: 'way/2',
          properties: { power: 'minor_line', voltage: '10000' },
          geometry: {
            type: 'LineString',
            coordinates: [
              [106.5, 29.5],
              [106.6, 29.7],
            ],
          },
        },
        {
          type: 'Feature',
          id: 'node/3',
          properties: { power: 'tower' },
          geometry: { type: 'Point', coordinates: [106.5, 29.5] },
        },
      ],
    }
    const parsed = await parseImport({
      layer: 'power',
      fileName: 'p.geojson',
      bytes: utf8(JSON.stringify(file)),
    })
    expect(parsed.errors).toEqual([])
    expect(parsed.features.map((f) => f.properties)).toEqual([
      expect.objectContaining({ id: 'osm:way/1', class: 'transmission', voltage_kv: 110 }),
      expect.objectContaining({ id: 'osm:way/2', class: 'distribution', voltage_kv: 10 }),
    ])
  })

  it('needs --assign-codes for OSM places without statistical codes, then numbers them in file order', async () => {
    const bytes = fs.readFileSync(path.join(OSM_DIR, 'br_sergipe_bahia_villages_osm.geojson'))
    const without = await parseImport({ layer: 'villages', fileName: 'br.geojson', bytes })
    expect(without.errors[0]).toMatchObject({ field: 'code', message: 'code is required' })
    const parsed = await parseImport({
      layer: 'villages',
      fileName: 'br.geojson',
      bytes,
      assignCodesUnder: '999999001000',
    })
    expect(parsed.errors).toEqual([])
    expect(parsed.features).toHaveLength(214)
    expect((parsed.features[0] as VillageFeature).properties).toMatchObject({
      code: '999999001001',
      name: 'Paripiranga',
      population: 29459,
      township_code: '999999001000',
    })
  })
})

describe('CRS on the way in', () => {
  it('rejects an unsupported CRS name with a file-level crs issue', async () => {
    const parsed = await parseImport({
      layer: 'villages',
      fileName: 'v.csv',
      bytes: utf8('code,name,lon,lat\n'),
      crs: 'Xian80',
    })
    expect(parsed.errors).toEqual([
      { file: 'v.csv', field: 'crs', message: expect.stringContaining('unknown CRS "Xian80"') },
    ])
  })

  it('converts projected CGCS2000 Gauss-Kruger CSV coordinates (EPSG:4547)', async () => {
    const parsed = await parseImport({
      layer: 'facilities',
      fileName: 'f.csv',
      bytes: utf8('id,kind,x,y\nbs-1,bus-stop,520000,3300000\n'),
      crs: 'EPSG:4547',
    })
    expect(parsed.errors).toEqual([])
    // PostGIS 3.3: ST_Transform(ST_SetSRID(ST_MakePoint(520000, 3300000), 4547), 4326)
    const [lng, lat] = (parsed.features[0]!.geometry as { coordinates: number[] }).coordinates
    expect(lng).toBeCloseTo(114.20690743091951, 9)
    expect(lat).toBeCloseTo(29.81839252362251, 9)
  })
})

describe('GeoJSON from desktop GIS', () => {
  it('uses a GeoJSON 2008 crs member (EPSG:4547) when no CRS is declared, and Chinese property names', async () => {
    const file = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::4547' } },
      features: [
        {
          type: 'Feature',
          properties: { 编号: 'hz-gk', 类型: '地质灾害', 等级: '高', 名称: '滑坡' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [520000, 3300000],
                [521000, 3300000],
                [521000, 3301000],
                [520000, 3300000],
              ],
            ],
          },
        },
      ],
    }
    const parsed = await parseImport({
      layer: 'hazards',
      fileName: 'hz.geojson',
      bytes: utf8(JSON.stringify(file)),
    })
    expect(parsed.errors).toEqual([])
    expect(parsed.crs).toBe('EPSG:4547')
    expect(parsed.features[0]!.properties).toEqual({
      id: 'hz-gk',
      kind: 'geological',
      severity: 'high',
      name: '滑坡',
      source: null,
    })
    const first = (parsed.features[0]!.geometry as { coordinates: number[][][] })
      .coordinates[0]![0]!
    expect(first[0]).toBeCloseTo(114.20690743091951, 9)
    expect(first[1]).toBeCloseTo(29.81839252362251, 9)
  })

  it('a declared CRS wins over the crs member, with a warning', async () => {
    const file = {
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'EPSG:4490' } },
      features: [
        {
          type: 'Feature',
          properties: { id: 'b1', kind: 'bus-stop' },
          geometry: { type: 'Point', coordinates: [106.5, 29.5] },
        },
      ],
    }
    const parsed = await parseImport({
      layer: 'facilities',
      fileName: 'f.geojson',
      bytes: utf8(JSON.stringify(file)),
      crs: 'BD09',
    })
    expect(parsed.crs).toBe('BD09')
    expect(parsed.warnings.map((w) => w.message).join()).toContain('the declared BD09 is used')
  })
})

describe('messages that tell the planner what to do', () => {
  it('explains codes a spreadsheet turned into scientific notation', async () => {
    const parsed = await parseImport({
      layer: 'villages',
      fileName: 'v.csv',
      bytes: utf8('code,name,lon,lat\n9.90102E+11,甲村,106.5,29.5\n'),
    })
    expect(parsed.errors).toEqual([
      expect.objectContaining({
        row: 1,
        field: 'code',
        message: expect.stringContaining('scientific notation: format the column as text'),
      }),
    ])
  })

  it('ignores coordinate columns of admin units (no point geometry) with a warning', async () => {
    const parsed = await parseImport({
      layer: 'admin',
      fileName: 'a.csv',
      bytes: utf8('code,name,lon,lat\n990102001,石门镇,106.5,29.5\n'),
    })
    expect(parsed.errors).toEqual([])
    expect(parsed.features[0]!.geometry).toBeNull()
    expect(parsed.warnings.map((w) => w.message).join()).toContain('coordinate columns are ignored')
  })

  it('asks for the Shapefile as a zip when a bare .shp is given', async () => {
    const parsed = await parseImport({
      layer: 'road',
      fileName: 'roads.shp',
      bytes: new Uint8Array([0, 0, 39, 10]),
    })
    expect(parsed.errors[0]!.message).toContain('upload a Shapefile as one .zip')
  })
})

describe('spreadsheets with a title row', () => {
  it('finds the header below a title line in XLSX and numbers data rows from it', async () => {
    const bytes = await makeXlsx({
      Sheet1: [
        ['石门镇行政村基本情况表', null, null, null],
        ['村代码', '村名', '经度', '纬度', '总人口'],
        ['990102001001', '石门村', 106.5, 29.5, 800],
        ['990102001002', '龙潭村', 106.6, 29.6, 'x'],
      ],
    })
    const parsed = await parseImport({ layer: 'villages', fileName: 't.xlsx', bytes })
    expect(parsed.errors).toEqual([
      expect.objectContaining({
        row: 2,
        field: 'population',
        message: 'population "x" is not a number',
      }),
    ])
    expect(parsed.warnings.map((w) => w.message).join()).toContain('skipped 1 title row(s)')
  })
})

describe('coordinates written as degrees, minutes, seconds', () => {
  it('reads 106°30′15.2″ and 29度32分6秒 as decimal degrees', async () => {
    const csv = '编码,村名,经度,纬度\n990102001001,石门村,106°30′15.2″,29度32分6秒\n'
    const parsed = await parseImport({ layer: 'villages', fileName: 'dms.csv', bytes: utf8(csv) })
    expect(parsed.errors).toEqual([])
    const [lng, lat] = (parsed.features[0] as VillageFeature).geometry.coordinates
    expect(lng).toBeCloseTo(106 + 30 / 60 + 15.2 / 3600, 12)
    expect(lat).toBeCloseTo(29 + 32 / 60 + 6 / 3600, 12)
  })
})
