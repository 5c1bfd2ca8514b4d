/**
 * RFC 9457 problem documents, as every Okrug service answers errors: a title, a detail and,
 * for bad input, the fields at fault (shown next to the field that they name).
 */
export interface ProblemField {
  /** Where the service found it: `body.title`, `query.grade`, or a plain name such as `teacher_id`. */
  field: string;
  /** pydantic's error type (`missing`, `string_too_short`...) or the service's own code. */
  code: string;
  /** The service's English wording, shown only when the app has no words for the code. */
  detail: string;
  /** The rule's limits (`min_length`, `ge`...), for the app's wording. */
  params: Record<string, string | number>;
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
      ? [
          {
            field: item.field,
            code: typeof item.code === "string" ? item.code : "invalid",
            detail: typeof item.detail === "string" ? item.detail : "",
            params: paramsOf(item.params),
          },
        ]
      : [],
  );
}

function paramsOf(raw: unknown): Record<string, string | number> {
  if (!isRecord(raw)) {
    return {};
  }
  return Object.fromEntries(
    Object.entries(raw).filter((entry): entry is [string, string | number] => ["string", "number"].includes(typeof entry[1])),
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
