import { Typography } from "antd";
import type { ReactNode } from "react";

/** What an empty table or list says, in the text's own colour: Ant Design's placeholder grey
 * is too faint to read (axe-core's color-contrast rule). */
export function EmptyText({ children }: { children: ReactNode }) {
  return <Typography.Text>{children}</Typography.Text>;
}
