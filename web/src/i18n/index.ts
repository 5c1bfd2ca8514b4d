import i18next from "i18next";
import { initReactI18next } from "react-i18next";

import { en } from "./en";
import { NAMESPACES } from "./namespaces";
import { ru } from "./ru";

export const LANGUAGES = ["ru", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = "okrug.language";

function isLanguage(value: unknown): value is Language {
  return LANGUAGES.includes(value as Language);
}

/** The language chosen earlier in this browser; Russian otherwise. */
export function storedLanguage(): Language {
  const stored = window.localStorage.getItem(STORAGE_KEY);
  return isLanguage(stored) ? stored : "ru";
}

export async function setLanguage(language: Language): Promise<void> {
  window.localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  await i18next.changeLanguage(language);
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : "ru";
}

function resourcesOf(language: Language): Record<string, object> {
  const common = language === "ru" ? ru : en;
  const parts = Object.entries(NAMESPACES).map(([name, messages]): [string, object] => [name, messages[language]]);
  return { translation: common, ...Object.fromEntries(parts) };
}

export async function initI18n(language: Language = storedLanguage()): Promise<typeof i18next> {
  document.documentElement.lang = language;
  await i18next.use(initReactI18next).init({
    resources: { ru: resourcesOf("ru"), en: resourcesOf("en") },
    lng: language,
    fallbackLng: "ru",
    returnObjects: true,
    interpolation: { escapeValue: false }, // React escapes
  });
  return i18next;
}
