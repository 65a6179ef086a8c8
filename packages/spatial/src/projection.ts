/**
 * A local metric projection used ONLY to index and prune candidates (never for reported distances).
 *
 * Equirectangular on the mean-radius sphere about a reference latitude: `x = R cos φ0 λ`, `y = R φ`
 * (metres). Distortion grows away from φ0; {@link LocalProjection.lowerBoundScale} gives a factor
 * k such that the true distance from a point at latitude φ to anything within `radiusM` of it is at
 * least k × (projected distance), which is what a correct candidate search needs.
 */
import { MEAN_EARTH_RADIUS_M } from './geodesic'

const DEG = Math.PI / 180

export interface LocalProjection {
  /** Reference latitude, degrees. */
  readonly lat0: number
  /** Projects `[lng, lat]` degrees to `[x, y]` metres. */
  project(lng: number, lat: number): [number, number]
  /** The x of {@link project} alone (no array: for hot loops). */
  x(lng: number): number
  /** The y of {@link project} alone. */
  y(lat: number): number
  /**
   * Factor k ≤ 1 with trueDistance ≥ k × projectedDistance for points within `radiusM` of a point
   * at latitude `lat` (degrees). Includes a 0.5 % allowance for sphere vs ellipsoid.
   */
  lowerBoundScale(lat: number, radiusM: number): number
}

// A class, not closures: every projection shares one set of methods, so optimised callers keep
// their inlined calls when a new projection is made (closures deoptimised them on every run).
class EquirectangularProjection implements LocalProjection {
  readonly lat0: number
  private readonly cos0: number
  private readonly kx: number
  private readonly ky: number

  constructor(lat0: number) {
    this.lat0 = lat0
    this.cos0 = Math.cos(lat0 * DEG)
    this.kx = MEAN_EARTH_RADIUS_M * this.cos0 * DEG
    this.ky = MEAN_EARTH_RADIUS_M * DEG
  }

  project(lng: number, lat: number): [number, number] {
    return [lng * this.kx, lat * this.ky]
  }

  x(lng: number): number {
    return lng * this.kx
  }

  y(lat: number): number {
    return lat * this.ky
  }

  lowerBoundScale(lat: number, radiusM: number): number {
    const farthest = Math.min(
      Math.abs(lat) * DEG + radiusM / MEAN_EARTH_RADIUS_M + 1e-3,
      Math.PI / 2,
    )
    return Math.min(1, Math.cos(farthest) / this.cos0) * 0.995
  }
}

/** Builds the projection about `lat0` (degrees), e.g. the mean latitude of a region. */
export function createLocalProjection(lat0: number): LocalProjection {
  return new EquirectangularProjection(lat0)
}
