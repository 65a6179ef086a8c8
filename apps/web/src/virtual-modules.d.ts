declare module 'virtual:map-font-faces' {
  import type { FontFacesSpecification } from 'maplibre-gl'
  const fontFaces: FontFacesSpecification
  export default fontFaces
}
