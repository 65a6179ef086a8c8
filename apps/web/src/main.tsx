import '@fontsource/noto-sans-sc/400.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app'
import { initialLocale, setupI18n } from './i18n'
import './styles.css'

const locale = initialLocale()
setupI18n(locale)
document.documentElement.lang = locale

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root, {
  // Errors a panel boundary caught are shown in that panel (problem title/detail): a warning here.
  onCaughtError: (error) =>
    console.warn('[tongcun] shown in its panel:', error instanceof Error ? error.message : error),
}).render(
  <StrictMode>
    <App initialLocale={locale} />
  </StrictMode>,
)
