import { describe, expect, it } from "vitest";

import { fileNameOf } from "./download";

const answer = (disposition: string | null) =>
  new Response(null, disposition === null ? {} : { headers: { "Content-Disposition": disposition } });

describe("fileNameOf", () => {
  it("takes the extended name first, then the plain one, then the fallback", () => {
    expect(fileNameOf(answer("attachment; filename*=UTF-8''ktp-1.xlsx"), "x")).toBe("ktp-1.xlsx");
    expect(fileNameOf(answer("attachment; filename*=UTF-8''%D0%9A%D0%A2%D0%9F.csv"), "x")).toBe("КТП.csv");
    expect(fileNameOf(answer('attachment; filename="paper-journal-5B.xlsx"'), "x")).toBe("paper-journal-5B.xlsx");
    expect(fileNameOf(answer(null), "fallback.xlsx")).toBe("fallback.xlsx");
    expect(fileNameOf(answer("attachment; filename*=UTF-8''%E0%A4%A"), "fallback.xlsx")).toBe("fallback.xlsx");
  });
});
