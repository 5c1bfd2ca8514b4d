import type { ThemeConfig } from "antd";

/** Ant Design's default blue (#1677ff) gives white text 3.9:1, under WCAG's 4.5:1 for
 * normal text: a darker primary (blue-7) keeps buttons and links readable (axe-core's
 * color-contrast rule). Secondary text is kept at 0.65 black for the same reason, and errors
 * (a form field's message, a danger button) are red-7 (#ff4d4f gives 3.3:1 on white). A
 * hovered button or link turns darker, not lighter (blue-8, red-8): the pointer rests on a
 * button after a click, and Ant Design's lighter hover colours fall under 4.5:1. */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: "#0958d9",
    colorLink: "#0958d9",
    colorPrimaryHover: "#003eb3",
    colorLinkHover: "#003eb3",
    colorError: "#cf1322",
    colorErrorHover: "#a8071a",
    colorTextTertiary: "rgba(0, 0, 0, 0.65)",
    fontFamily:
      "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', 'Liberation Sans', 'DejaVu Sans', Arial, sans-serif",
  },
};
