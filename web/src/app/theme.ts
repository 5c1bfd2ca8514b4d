import type { ThemeConfig } from "antd";

/** Ant Design's default blue (#1677ff) gives white text 3.9:1, under WCAG's 4.5:1 for
 * normal text: a darker primary (blue-7) keeps buttons and links readable (axe-core's
 * color-contrast rule). Secondary text is kept at 0.65 black for the same reason, and errors
 * (a form field's message, a danger button) in red-7 (#ff4d4f gives 3.3:1). */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: "#0958d9",
    colorLink: "#0958d9",
    colorError: "#cf1322",
    colorTextTertiary: "rgba(0, 0, 0, 0.65)",
    fontFamily:
      "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', 'DejaVu Sans', Arial, sans-serif",
  },
};
