import type { FormRule } from "antd";

/** A group of checkboxes needs one ticked. Not `required`: Ant Design would put
 * aria-required on the group's plain div, where ARIA does not allow it (axe-core: critical). */
export function atLeastOne(message: string): FormRule {
  return {
    validator: (_, value: unknown) => (Array.isArray(value) && value.length > 0 ? Promise.resolve() : Promise.reject(new Error(message))),
  };
}
