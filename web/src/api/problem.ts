/**
 * RFC 9457 problem documents, as every Okrug service answers errors: a title, a detail and,
 * for bad input, the fields at fault (shown next to the field that they name).
 */
export interface ProblemField {
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors: ProblemField[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function fieldsOf(raw: unknown): ProblemField[] {
  if (!Array.isArray(raw)) {
    return [];
  }
  return raw.flatMap((item: unknown) =>
    isRecord(item) && typeof item.field === "string"
      ? [{ field: item.field, message: typeof item.message === "string" ? item.message : "" }]
      : [],
  );
}

/** The problem a failed response carries; one made of the status when the body is none. */
export function toProblem(status: number, body: unknown): Problem {
  if (isRecord(body) && typeof body.title === "string") {
    return {
      type: typeof body.type === "string" ? body.type : "about:blank",
      title: body.title,
      status: typeof body.status === "number" ? body.status : status,
      ...(typeof body.detail === "string" ? { detail: body.detail } : {}),
      errors: fieldsOf(body.errors),
    };
  }
  return { type: "about:blank", title: `HTTP ${status}`, status, errors: [] };
}

export class ApiError extends Error {
  override name = "ApiError";
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}
