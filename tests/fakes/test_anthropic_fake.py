"""The fake Messages API against the real ``anthropic`` SDK."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import anthropic
import pydantic
import pytest
from anthropic import AsyncAnthropic
from anthropic.types import MessageParam, TextBlockParam, ToolParam, Usage

from tests.fakes.anthropic import FakeAnthropic, FakeReply, count_tokens, example_for_schema

MODEL = "claude-sonnet-4-6"
STATIC_PROMPT = "Du bist ein geduldiger Deutschlehrer. " * 150  # ~1400 tokens: cacheable


class TutorTurn(pydantic.BaseModel):
    reply: str
    corrections: list[str]
    new_words: list[str]
    level: int


@pytest.fixture
async def fake() -> AsyncIterator[FakeAnthropic]:
    async with FakeAnthropic() as server:
        yield server


def client_for(fake: FakeAnthropic, **kwargs: object) -> AsyncAnthropic:
    options: dict[str, object] = {"max_retries": 0} | kwargs
    return AsyncAnthropic(base_url=fake.base_url, api_key="test-key", **options)  # type: ignore[arg-type]


async def test_text_reply_and_recorded_request(fake: FakeAnthropic) -> None:
    fake.enqueue(FakeReply.text("Hallo! Wie geht's?"))
    async with client_for(fake) as client:
        message = await client.messages.create(
            model=MODEL,
            max_tokens=200,
            system="Sei freundlich.",
            messages=[{"role": "user", "content": "Hallo"}],
        )
    assert message.content[0].type == "text"
    assert message.content[0].text == "Hallo! Wie geht's?"
    assert message.stop_reason == "end_turn"
    assert message.model == MODEL
    assert message.usage.input_tokens == count_tokens("Sei freundlich.") + count_tokens("Hallo")
    assert message.usage.output_tokens == count_tokens("Hallo! Wie geht's?")
    assert message._request_id and message._request_id.startswith("req_")

    (request,) = fake.requests
    assert request.ok and request.system_text == "Sei freundlich."
    assert request.last_user_text == "Hallo"
    assert request.api_key == "test-key"
    assert request.headers["anthropic-version"]
    assert request.usage is not None and request.usage.output_tokens == message.usage.output_tokens


async def test_default_reply_echoes_and_respects_max_tokens(fake: FakeAnthropic) -> None:
    async with client_for(fake) as client:
        echo = await client.messages.create(
            model=MODEL, max_tokens=100, messages=[{"role": "user", "content": "Guten Tag"}]
        )
        fake.enqueue(FakeReply.text("x" * 400))
        cut = await client.messages.create(
            model=MODEL, max_tokens=10, messages=[{"role": "user", "content": "lang"}]
        )
    assert echo.content[0].type == "text" and echo.content[0].text == "Echo: Guten Tag"
    assert cut.stop_reason == "max_tokens"
    assert cut.content[0].type == "text" and len(cut.content[0].text) == 40
    assert cut.usage.output_tokens == 10


async def test_forced_tool_call_is_parsed(fake: FakeAnthropic) -> None:
    tool: ToolParam = {
        "name": "record_turn",
        "description": "Record the tutor's turn.",
        "input_schema": TutorTurn.model_json_schema(),
    }
    async with client_for(fake) as client:
        default = await client.messages.create(
            model=MODEL,
            max_tokens=500,
            tools=[tool],
            tool_choice={"type": "tool", "name": "record_turn"},
            messages=[{"role": "user", "content": "Ich habe gegehen."}],
        )
        fake.enqueue(
            FakeReply.tool(
                {
                    "reply": "Fast!",
                    "corrections": ["gegangen"],
                    "new_words": ["gehen"],
                    "level": 2,
                }
            )
        )
        scripted = await client.messages.create(
            model=MODEL,
            max_tokens=500,
            tools=[tool],
            tool_choice={"type": "tool", "name": "record_turn"},
            messages=[{"role": "user", "content": "Ich habe gegehen."}],
        )
    block = default.content[0]
    assert default.stop_reason == "tool_use"
    assert block.type == "tool_use" and block.name == "record_turn"
    assert block.id.startswith("toolu_")
    placeholder = TutorTurn.model_validate(block.input)  # right types from the input_schema
    assert placeholder.corrections and isinstance(placeholder.level, int)

    block = scripted.content[0]
    assert block.type == "tool_use"
    assert TutorTurn.model_validate(block.input).corrections == ["gegangen"]
    assert fake.requests[-1].forced_tool == "record_turn"


async def test_unknown_forced_tool_is_a_bad_request(fake: FakeAnthropic) -> None:
    async with client_for(fake) as client:
        with pytest.raises(anthropic.BadRequestError) as caught:
            await client.messages.create(
                model=MODEL,
                max_tokens=50,
                tools=[{"name": "a", "input_schema": {"type": "object"}}],
                tool_choice={"type": "tool", "name": "b"},
                messages=[{"role": "user", "content": "x"}],
            )
    assert caught.value.status_code == 400
    assert caught.value.body == {
        "type": "error",
        "error": {"type": "invalid_request_error", "message": "tool_choice: Tool 'b' not found"},
        "request_id": fake.requests[-1].request_id,
    }


async def test_streaming_text_and_tool_use(fake: FakeAnthropic) -> None:
    text = "Sehr gut! Du hast das Perfekt richtig gebildet, weiter so."
    fake.enqueue(FakeReply.text(text))
    async with client_for(fake) as client:
        async with client.messages.stream(
            model=MODEL, max_tokens=300, messages=[{"role": "user", "content": "Ich bin gegangen."}]
        ) as stream:
            pieces = [piece async for piece in stream.text_stream]
            final = await stream.get_final_message()

        fake.enqueue(FakeReply.tool({"word": "gehen", "forms": ["ging", "gegangen"]}))
        async with client.messages.stream(
            model=MODEL,
            max_tokens=300,
            tools=[{"name": "analyse", "input_schema": {"type": "object"}}],
            tool_choice={"type": "tool", "name": "analyse"},
            messages=[{"role": "user", "content": "gehen"}],
        ) as stream:
            events = [event.type async for event in stream]
            tool_message = await stream.get_final_message()

    assert len(pieces) > 1 and "".join(pieces) == text
    assert final.content[0].type == "text" and final.content[0].text == text
    assert final.stop_reason == "end_turn"
    assert final.usage.output_tokens == count_tokens(text)
    assert fake.requests[0].stream

    assert events[0] == "message_start" and events[-1] == "message_stop"
    assert "input_json" in events and "content_block_stop" in events
    block = tool_message.content[0]
    assert block.type == "tool_use" and block.input == {
        "word": "gehen",
        "forms": ["ging", "gegangen"],
    }
    assert tool_message.stop_reason == "tool_use"


async def test_structured_output_with_parse(fake: FakeAnthropic) -> None:
    async with client_for(fake) as client:
        placeholder = await client.messages.parse(
            model=MODEL,
            max_tokens=500,
            output_format=TutorTurn,
            messages=[{"role": "user", "content": "Hallo"}],
        )
        fake.enqueue(
            FakeReply.json(
                {"reply": "Hallo!", "corrections": [], "new_words": ["Hallo"], "level": 1}
            )
        )
        scripted = await client.messages.parse(
            model=MODEL,
            max_tokens=500,
            output_format=TutorTurn,
            messages=[{"role": "user", "content": "Hallo"}],
        )
    assert isinstance(placeholder.parsed_output, TutorTurn)
    assert scripted.parsed_output == TutorTurn(
        reply="Hallo!", corrections=[], new_words=["Hallo"], level=1
    )
    schema = fake.requests[0].output_schema
    assert schema is not None and set(schema["properties"]) == {
        "reply",
        "corrections",
        "new_words",
        "level",
    }


async def test_malformed_structured_output_is_returned_as_is(fake: FakeAnthropic) -> None:
    broken = '{"reply": "Hallo", "corrections": ['
    schema = TutorTurn.model_json_schema()
    fake.enqueue(FakeReply.raw(broken), FakeReply.raw(broken))
    async with client_for(fake) as client:
        message = await client.messages.create(
            model=MODEL,
            max_tokens=500,
            output_config={"format": {"type": "json_schema", "schema": schema}},
            messages=[{"role": "user", "content": "Hallo"}],
        )
        with pytest.raises(pydantic.ValidationError):
            await client.messages.parse(
                model=MODEL,
                max_tokens=500,
                output_format=TutorTurn,
                messages=[{"role": "user", "content": "Hallo"}],
            )
    assert message.content[0].type == "text" and message.content[0].text == broken
    assert len(fake.message_requests) == 2


async def test_prompt_cache_accounting(fake: FakeAnthropic) -> None:
    system: list[TextBlockParam] = [
        {"type": "text", "text": STATIC_PROMPT, "cache_control": {"type": "ephemeral"}}
    ]
    static_tokens = count_tokens(STATIC_PROMPT)
    async with client_for(fake) as client:
        first = await client.messages.create(
            model=MODEL,
            max_tokens=100,
            system=system,
            messages=[{"role": "user", "content": "Erste Frage"}],
        )
        second = await client.messages.create(
            model=MODEL,
            max_tokens=100,
            system=system,
            messages=[{"role": "user", "content": "Zweite Frage, etwas länger"}],
        )
        tokens = await client.messages.count_tokens(
            model=MODEL, system=system, messages=[{"role": "user", "content": "Erste Frage"}]
        )

    assert static_tokens >= 1024
    assert first.usage.cache_creation_input_tokens == static_tokens
    assert first.usage.cache_read_input_tokens == 0
    assert first.usage.input_tokens == count_tokens("Erste Frage")
    assert second.usage.cache_read_input_tokens == static_tokens
    assert second.usage.cache_creation_input_tokens == 0
    assert second.usage.input_tokens == count_tokens("Zweite Frage, etwas länger")
    assert second.usage.input_tokens < static_tokens

    assert tokens.input_tokens == static_tokens + count_tokens("Erste Frage")
    assert [r.cache_markers for r in fake.message_requests] == [["system[0]"], ["system[0]"]]
    total = fake.total_usage()
    assert total.cache_read_input_tokens == static_tokens
    assert total.total_input_tokens == 2 * static_tokens + first.usage.input_tokens + (
        second.usage.input_tokens
    )


async def test_prompt_cache_rules(fake: FakeAnthropic) -> None:
    """Short prefixes are not cached, entries expire, a changed prefix misses."""
    short: list[TextBlockParam] = [
        {"type": "text", "text": "Kurz.", "cache_control": {"type": "ephemeral"}}
    ]
    long: list[TextBlockParam] = [
        {"type": "text", "text": STATIC_PROMPT, "cache_control": {"type": "ephemeral"}}
    ]
    changed: list[TextBlockParam] = [
        {"type": "text", "text": STATIC_PROMPT + "!", "cache_control": {"type": "ephemeral"}}
    ]
    messages: list[MessageParam] = [{"role": "user", "content": "Hallo"}]
    async with client_for(fake) as client:

        async def usage(system: list[TextBlockParam]) -> Usage:
            message = await client.messages.create(
                model=MODEL,
                max_tokens=50,
                system=system,
                messages=messages,
            )
            return message.usage

        assert (await usage(short)).cache_creation_input_tokens == 0
        assert (await usage(short)).cache_read_input_tokens == 0
        assert (await usage(long)).cache_creation_input_tokens == count_tokens(STATIC_PROMPT)
        assert (await usage(long)).cache_read_input_tokens == count_tokens(STATIC_PROMPT)
        assert (await usage(changed)).cache_read_input_tokens == 0
        fake.advance_time(301)
        expired = await usage(long)
        assert expired.cache_read_input_tokens == 0
        assert expired.cache_creation_input_tokens == count_tokens(STATIC_PROMPT)

        too_many: list[TextBlockParam] = [
            {"type": "text", "text": f"Teil {i}", "cache_control": {"type": "ephemeral"}}
            for i in range(5)
        ]
        with pytest.raises(anthropic.BadRequestError, match="A maximum of 4 blocks"):
            await usage(too_many)


async def test_429_then_success_with_sdk_retries(fake: FakeAnthropic) -> None:
    fake.fail_next(status=429, retry_after=0.1, times=2)
    fake.enqueue(FakeReply.text("Endlich!"))
    async with client_for(fake, max_retries=2) as client:
        started = time.monotonic()
        message = await client.messages.create(
            model=MODEL, max_tokens=50, messages=[{"role": "user", "content": "Hallo"}]
        )
        elapsed = time.monotonic() - started
    assert message.content[0].type == "text" and message.content[0].text == "Endlich!"
    assert [r.status for r in fake.requests] == [429, 429, 200]
    assert [r.error_type for r in fake.requests[:2]] == ["rate_limit_error"] * 2
    assert 0.2 <= elapsed < 2  # the SDK waited retry-after (0.1 s) twice
    # The SDK marks its retries.
    assert fake.requests[2].headers.get("x-stainless-retry-count") == "2"


async def test_429_without_retries_raises_with_retry_after(fake: FakeAnthropic) -> None:
    fake.fail_next(status=429, retry_after=7)
    async with client_for(fake) as client:
        with pytest.raises(anthropic.RateLimitError) as caught:
            await client.messages.create(
                model=MODEL, max_tokens=50, messages=[{"role": "user", "content": "Hallo"}]
            )
    assert caught.value.response.headers["retry-after"] == "7"
    assert caught.value.response.headers["request-id"] == fake.requests[0].request_id
    body = caught.value.body
    assert isinstance(body, dict) and body["type"] == "error"
    assert body["error"]["type"] == "rate_limit_error" and body["error"]["message"]
    assert body["request_id"] == fake.requests[0].request_id
    assert len(fake.requests) == 1  # max_retries=0: no retry


async def test_529_overloaded_and_500(fake: FakeAnthropic) -> None:
    fake.fail_next(status=529)
    fake.fail_next(status=500)
    async with client_for(fake) as client:
        with pytest.raises(anthropic.InternalServerError) as overloaded:
            await client.messages.create(
                model=MODEL, max_tokens=50, messages=[{"role": "user", "content": "a"}]
            )
        with pytest.raises(anthropic.InternalServerError) as internal:
            await client.messages.create(
                model=MODEL, max_tokens=50, messages=[{"role": "user", "content": "b"}]
            )
        after = await client.messages.create(
            model=MODEL, max_tokens=50, messages=[{"role": "user", "content": "c"}]
        )
    assert overloaded.value.status_code == 529
    assert isinstance(overloaded.value, anthropic.OverloadedError)
    assert overloaded.value.body["error"] == {"type": "overloaded_error", "message": "Overloaded"}  # type: ignore[index]
    assert internal.value.status_code == 500
    assert internal.value.body["error"]["type"] == "api_error"  # type: ignore[index]
    assert after.content[0].type == "text" and after.content[0].text == "Echo: c"


async def test_overloaded_mid_stream(fake: FakeAnthropic) -> None:
    fake.fail_next(status=529, in_stream=True)
    async with client_for(fake) as client:
        with pytest.raises(anthropic.APIStatusError, match="overloaded_error"):
            async with client.messages.stream(
                model=MODEL, max_tokens=50, messages=[{"role": "user", "content": "Hallo"}]
            ) as stream:
                await stream.get_final_message()


async def test_timeout(fake: FakeAnthropic) -> None:
    fake.delay_next(2)
    fake.enqueue(FakeReply.text("für den nächsten Aufruf"))
    async with client_for(fake, timeout=0.5) as client:
        started = time.monotonic()
        with pytest.raises(anthropic.APITimeoutError):
            await client.messages.create(
                model=MODEL, max_tokens=50, messages=[{"role": "user", "content": "Hallo"}]
            )
        assert time.monotonic() - started < 1.5
        await fake.wait_for_requests(1, timeout=3)
        message = await client.messages.create(
            model=MODEL, max_tokens=50, messages=[{"role": "user", "content": "Nochmal"}]
        )
    # The abandoned request consumed nothing: the queued reply went to the next call.
    assert fake.requests[0].status == 499
    assert message.content[0].type == "text"
    assert message.content[0].text == "für den nächsten Aufruf"


async def test_replier_callback_and_auth(fake: FakeAnthropic) -> None:
    fake.replier = lambda request: FakeReply.text(request.last_user_text.upper())
    async with client_for(fake) as client:
        message = await client.messages.create(
            model=MODEL, max_tokens=50, messages=[{"role": "user", "content": "laut"}]
        )
    assert message.content[0].type == "text" and message.content[0].text == "LAUT"

    def broken(request: object) -> FakeReply:
        raise RuntimeError("broken replier")

    fake.replier = broken
    async with client_for(fake) as client:
        with pytest.raises(anthropic.InternalServerError, match="broken replier"):
            await client.messages.create(
                model=MODEL, max_tokens=50, messages=[{"role": "user", "content": "x"}]
            )

    strict = FakeAnthropic(api_key="right-key")
    async with strict:
        wrong = AsyncAnthropic(base_url=strict.base_url, api_key="wrong-key", max_retries=0)
        async with wrong:
            with pytest.raises(anthropic.AuthenticationError):
                await wrong.messages.create(
                    model=MODEL, max_tokens=5, messages=[{"role": "user", "content": "x"}]
                )
    assert strict.requests[0].error_type == "authentication_error"


def test_example_for_schema_follows_refs() -> None:
    class Word(pydantic.BaseModel):
        lemma: str
        gender: str | None = None

    class Analysis(pydantic.BaseModel):
        words: list[Word]
        score: float
        ok: bool

    value = example_for_schema(Analysis.model_json_schema())
    assert Analysis.model_validate(value).words[0].lemma == "lemma"
