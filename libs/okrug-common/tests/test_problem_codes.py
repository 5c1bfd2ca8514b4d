"""Each invalid field in a problem document carries a code and the rule's limits, so that the
web app can word the error in the interface language (issue 10: errors shown next to the
field, in the interface language)."""

import httpx
from fastapi import FastAPI
from pydantic import BaseModel, Field

from okrug_common.errors import InvalidInput, install_problem_handlers


class Topic(BaseModel):
    title: str = Field(min_length=3, max_length=10)
    hours: int = Field(ge=1)


def app() -> FastAPI:
    made = FastAPI()
    install_problem_handlers(made)

    @made.post("/topics")
    async def add_topic(topic: Topic) -> dict[str, str]:
        if topic.title == "closed":
            raise InvalidInput("The plan is closed.", field="title", code="plan-closed")
        return {"title": topic.title}

    return made


async def post(body: dict[str, object]) -> httpx.Response:
    transport = httpx.ASGITransport(app=app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.post("/topics", json=body)


async def test_a_broken_rule_names_its_code_and_limits() -> None:
    answer = await post({"title": "ab", "hours": 0})
    assert answer.status_code == 422
    errors = {e["field"]: e for e in answer.json()["errors"]}
    assert errors["body.title"]["code"] == "string_too_short"
    assert errors["body.title"]["params"] == {"min_length": 3}
    assert errors["body.hours"]["code"] == "greater_than_equal"
    assert errors["body.hours"]["params"] == {"ge": 1}


async def test_a_missing_field_has_a_code_and_no_limits() -> None:
    answer = await post({"title": "algebra"})
    [error] = answer.json()["errors"]
    assert error["field"] == "body.hours"
    assert error["code"] == "missing"
    assert "params" not in error


async def test_a_service_problem_carries_the_code_the_service_gave() -> None:
    answer = await post({"title": "closed", "hours": 2})
    assert answer.json()["errors"] == [
        {"field": "title", "code": "plan-closed", "detail": "The plan is closed."}
    ]
