import { Segmented } from "antd";
import { useTranslation } from "react-i18next";

import { LANGUAGES, currentLanguage, setLanguage, type Language } from "../i18n";

export function LanguageSwitch() {
  const { t } = useTranslation();
  return (
    <Segmented<Language>
      aria-label={t("language.label")}
      value={currentLanguage()}
      options={LANGUAGES.map((language) => ({ value: language, label: <span lang={language}>{t(`language.${language}`)}</span> }))}
      onChange={(language) => void setLanguage(language)}
    />
  );
}
