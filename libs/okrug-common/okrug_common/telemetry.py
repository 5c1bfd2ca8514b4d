"""Tracing set up once per process. Spans go to an OTLP collector when one is configured
and, for tests and local runs, to a JSON-lines file."""

import json
import threading
from collections.abc import Sequence
from pathlib import Path

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import (
    BatchSpanProcessor,
    SpanExporter,
    SpanExportResult,
)


class JsonLinesSpanExporter(SpanExporter):
    """Appends one JSON object per finished span: trace id, span id, parent, name, service."""

    def __init__(self, path: str) -> None:
        self._path = Path(path)
        self._path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()

    def export(self, spans: Sequence[ReadableSpan]) -> SpanExportResult:
        lines = [json.dumps(_span_record(span)) for span in spans]
        with self._lock, self._path.open("a", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
        return SpanExportResult.SUCCESS

    def shutdown(self) -> None:
        return None


def _span_record(span: ReadableSpan) -> dict[str, object]:
    context = span.get_span_context()
    assert context is not None
    return {
        "service": span.resource.attributes.get("service.name"),
        "name": span.name,
        "kind": span.kind.name,
        "trace_id": format(context.trace_id, "032x"),
        "span_id": format(context.span_id, "016x"),
        "parent_span_id": format(span.parent.span_id, "016x") if span.parent else None,
        "start": span.start_time,
        "end": span.end_time,
    }


def setup_tracing(
    service_name: str, *, otlp_endpoint: str | None, spans_file: str | None
) -> TracerProvider:
    provider = TracerProvider(resource=Resource.create({"service.name": f"okrug-{service_name}"}))
    if otlp_endpoint:
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter(endpoint=otlp_endpoint)))
    if spans_file:
        provider.add_span_processor(
            BatchSpanProcessor(JsonLinesSpanExporter(spans_file), schedule_delay_millis=200)
        )
    trace.set_tracer_provider(provider)
    return provider


def current_trace_id() -> str | None:
    context = trace.get_current_span().get_span_context()
    return format(context.trace_id, "032x") if context.is_valid else None
