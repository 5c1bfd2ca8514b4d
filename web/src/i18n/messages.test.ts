import { describe, expect, it } from "vitest";

import { en } from "./en";
import { NAMESPACES } from "./namespaces";
import { ru } from "./ru";

function shape(value: unknown, path = ""): string[] {
  if (Array.isArray(value)) {
    return [`${path}[${value.length}]`];
  }
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, inner]) => shape(inner, `${path}.${key}`));
  }
  return [path];
}

function placeholders(value: unknown): string[] {
  return JSON.stringify(value).match(/\{\{\w+\}\}/g)?.sort() ?? [];
}

describe("messages", () => {
  it("English has every Russian key and list length", () => {
    expect(shape(en)).toEqual(shape(ru));
  });

  it("both languages use the same placeholders", () => {
    expect(placeholders(en)).toEqual(placeholders(ru));
  });

  it.each(Object.entries(NAMESPACES))("the %s namespace has the same keys and placeholders in English", (_, messages) => {
    expect(shape(messages.en)).toEqual(shape(messages.ru));
    expect(placeholders(messages.en)).toEqual(placeholders(messages.ru));
  });
});
