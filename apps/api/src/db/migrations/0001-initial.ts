/**
 * The data model (BRIEF "Database" contract): admin units with history, villages, the four networks
 * (lines, facilities, service areas), resettlement sites, hazard zones, import log, rulesets and
 * relocation decisions. Geometry is EPSG:4326 with GiST indexes; every spatial table also has a
 * generated, GiST-indexed `geog` column so metre-based SQL (`ST_DWithin(a.geog, b.geog, m)`) uses an
 * index instead of casting in the WHERE clause.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS postgis`.execute(db)

  await sql`
    CREATE TABLE admin_unit (
      code text PRIMARY KEY CHECK (code ~ '^[0-9]{12}$'),
      name text NOT NULL,
      name_en text,
      level text NOT NULL CHECK (level IN ('province', 'city', 'county', 'township', 'village')),
      parent_code text,
      valid_from date,
      valid_to date,
      replaced_by text,
      geom geometry(MultiPolygon, 4326),
      import_id integer
    )`.execute(db)
  await sql`CREATE INDEX admin_unit_parent_idx ON admin_unit (parent_code)`.execute(db)
  await sql`CREATE INDEX admin_unit_replaced_by_idx ON admin_unit (replaced_by)`.execute(db)
  await sql`CREATE INDEX admin_unit_geom_idx ON admin_unit USING gist (geom)`.execute(db)

  await sql`
    CREATE TABLE village (
      code text PRIMARY KEY CHECK (code ~ '^[0-9]{12}$'),
      name text NOT NULL,
      name_en text,
      township_code text NOT NULL,
      county_code text NOT NULL,
      city_code text NOT NULL,
      province_code text NOT NULL,
      geom geometry(Point, 4326) NOT NULL,
      geog geography(Point, 4326) GENERATED ALWAYS AS (geom::geography) STORED,
      boundary geometry(MultiPolygon, 4326),
      population integer,
      households integer,
      poor_households integer,
      poor_people integer,
      poverty_causes text[] NOT NULL DEFAULT '{}',
      elevation_m double precision,
      slope_deg double precision,
      land_per_person_mu double precision,
      income_per_person_cny double precision,
      flags text[] NOT NULL DEFAULT '{}',
      import_id integer
    )`.execute(db)
  await sql`CREATE INDEX village_township_idx ON village (township_code)`.execute(db)
  await sql`CREATE INDEX village_county_idx ON village (county_code)`.execute(db)
  await sql`CREATE INDEX village_geom_idx ON village USING gist (geom)`.execute(db)
  await sql`CREATE INDEX village_geog_idx ON village USING gist (geog)`.execute(db)
  await sql`CREATE INDEX village_boundary_idx ON village USING gist (boundary)`.execute(db)

  const networkCheck = sql`CHECK (network IN ('road', 'water', 'power', 'broadband'))`
  const statusCheck = sql`CHECK (status IN ('existing', 'under-construction', 'planned'))`

  await sql`
    CREATE TABLE network_line (
      id text PRIMARY KEY,
      network text NOT NULL ${networkCheck},
      name text,
      class text NOT NULL,
      surface text CHECK (surface IN ('asphalt', 'cement', 'gravel', 'dirt', 'unknown')),
      voltage_kv double precision,
      status text NOT NULL ${statusCheck},
      completion_year integer,
      owner text,
      source text,
      geom geometry(MultiLineString, 4326) NOT NULL,
      geog geography(MultiLineString, 4326) GENERATED ALWAYS AS (geom::geography) STORED,
      import_id integer
    )`.execute(db)
  await sql`CREATE INDEX network_line_network_idx ON network_line (network, class)`.execute(db)
  await sql`CREATE INDEX network_line_geom_idx ON network_line USING gist (geom)`.execute(db)
  await sql`CREATE INDEX network_line_geog_idx ON network_line USING gist (geog)`.execute(db)

  await sql`
    CREATE TABLE facility (
      id text PRIMARY KEY,
      network text NOT NULL ${networkCheck},
      kind text NOT NULL
        CHECK (kind IN ('bus-stop', 'water-plant', 'substation', 'olt', 'backbone-node', 'cell-site')),
      name text,
      radius_m double precision,
      status text NOT NULL ${statusCheck},
      completion_year integer,
      owner text,
      source text,
      geom geometry(Point, 4326) NOT NULL,
      geog geography(Point, 4326) GENERATED ALWAYS AS (geom::geography) STORED,
      import_id integer
    )`.execute(db)
  await sql`CREATE INDEX facility_kind_idx ON facility (network, kind)`.execute(db)
  await sql`CREATE INDEX facility_geom_idx ON facility USING gist (geom)`.execute(db)
  await sql`CREATE INDEX facility_geog_idx ON facility USING gist (geog)`.execute(db)

  await sql`
    CREATE TABLE service_area (
      id text PRIMARY KEY,
      network text NOT NULL ${networkCheck},
      kind text NOT NULL,
      name text,
      status text NOT NULL ${statusCheck},
      completion_year integer,
      owner text,
      source text,
      geom geometry(MultiPolygon, 4326) NOT NULL,
      geog geography(MultiPolygon, 4326) GENERATED ALWAYS AS (geom::geography) STORED,
      import_id integer
    )`.execute(db)
  await sql`CREATE INDEX service_area_kind_idx ON service_area (network, kind)`.execute(db)
  await sql`CREATE INDEX service_area_geom_idx ON service_area USING gist (geom)`.execute(db)
  await sql`CREATE INDEX service_area_geog_idx ON service_area USING gist (geog)`.execute(db)

  await sql`
    CREATE TABLE resettlement_site (
      id text PRIMARY KEY,
      name text NOT NULL,
      type text NOT NULL CHECK (type IN ('central-village', 'town', 'county-seat', 'industrial-park')),
      status text NOT NULL CHECK (status IN ('existing', 'under-construction', 'planned', 'candidate')),
      capacity_households integer,
      capacity_people integer,
      facilities text[] NOT NULL DEFAULT '{}',
      admin_code text,
      geom geometry(Point, 4326) NOT NULL,
      geog geography(Point, 4326) GENERATED ALWAYS AS (geom::geography) STORED,
      import_id integer
    )`.execute(db)
  await sql`CREATE INDEX resettlement_site_geom_idx ON resettlement_site USING gist (geom)`.execute(
    db,
  )
  await sql`CREATE INDEX resettlement_site_geog_idx ON resettlement_site USING gist (geog)`.execute(
    db,
  )

  await sql`
    CREATE TABLE hazard_zone (
      id text PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('geological', 'flood', 'ecological-red-line')),
      severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high')),
      name text,
      source text,
      geom geometry(MultiPolygon, 4326) NOT NULL,
      geog geography(MultiPolygon, 4326) GENERATED ALWAYS AS (geom::geography) STORED,
      import_id integer
    )`.execute(db)
  await sql`CREATE INDEX hazard_zone_geom_idx ON hazard_zone USING gist (geom)`.execute(db)
  await sql`CREATE INDEX hazard_zone_geog_idx ON hazard_zone USING gist (geog)`.execute(db)

  await sql`
    CREATE TABLE import_log (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      layer text NOT NULL,
      file_name text NOT NULL,
      format text NOT NULL,
      source_crs text NOT NULL,
      encoding text,
      status text NOT NULL CHECK (status IN ('committed', 'rejected')),
      feature_count integer NOT NULL DEFAULT 0,
      error_count integer NOT NULL DEFAULT 0,
      report jsonb NOT NULL DEFAULT '{}',
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`.execute(db)

  await sql`
    CREATE TABLE ruleset (
      id text NOT NULL,
      version integer NOT NULL,
      name text NOT NULL,
      body jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (id, version)
    )`.execute(db)

  await sql`
    CREATE TABLE relocation_decision (
      village_code text PRIMARY KEY REFERENCES village (code) ON DELETE CASCADE,
      decision text NOT NULL CHECK (decision IN ('confirmed', 'declined', 'pending')),
      note text,
      decided_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'relocation_decision',
    'ruleset',
    'import_log',
    'hazard_zone',
    'resettlement_site',
    'service_area',
    'facility',
    'network_line',
    'village',
    'admin_unit',
  ]) {
    await sql`DROP TABLE IF EXISTS ${sql.id(table)}`.execute(db)
  }
}
