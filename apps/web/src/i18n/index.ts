import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import { en } from './en'
import { zhCN } from './zh-cn'

export type Locale = 'zh-CN' | 'en'
export const LOCALES: readonly Locale[] = ['zh-CN', 'en']
export const resources = { 'zh-CN': { translation: zhCN }, en: { translation: en } } as const

const STORAGE_KEY = 'tongcun.locale'

export function initialLocale(): Locale {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY)
  return stored === 'en' ? 'en' : 'zh-CN'
}

/** Initialises i18next synchronously (resources are bundled: nothing is fetched). */
export function setupI18n(locale: Locale = initialLocale()) {
  if (!i18next.isInitialized) {
    void i18next.use(initReactI18next).init({
      resources,
      lng: locale,
      fallbackLng: 'zh-CN',
      interpolation: { escapeValue: false },
      initAsync: false,
      returnNull: false,
    })
  } else if (i18next.language !== locale) {
    void i18next.changeLanguage(locale)
  }
  return i18next
}

export function changeLocale(locale: Locale) {
  if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, locale)
  void i18next.changeLanguage(locale)
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}
