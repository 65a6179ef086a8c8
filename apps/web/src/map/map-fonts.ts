import type { FontFacesSpecification } from 'maplibre-gl'
import fontFaces from 'virtual:map-font-faces'

/** The style's `font-faces`: bundled Noto Sans SC subsets served from our origin. */
export const MAP_FONT_FACES: FontFacesSpecification = fontFaces
