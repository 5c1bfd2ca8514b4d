import { Typography } from "antd";
import type { ReactNode } from "react";

/** A card's heading, one level under the page's: screen readers list the page's sections. */
export function SectionTitle({ children }: { children: ReactNode }) {
  return (
    <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
      {children}
    </Typography.Title>
  );
}
