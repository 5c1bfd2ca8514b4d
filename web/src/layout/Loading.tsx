import { Flex, Spin } from "antd";

export function Loading({ label }: { label: string }) {
  return (
    <Flex align="center" justify="center" style={{ minHeight: "60vh" }} role="status" aria-live="polite">
      <Spin size="large" />
      <span className="okrug-visually-hidden">{label}</span>
    </Flex>
  );
}
