"""Which refusals mean "wrong form, send it again in the other" and which must never be sent again.

Bodies are as the openai SDK hands them over: `{"error": {...}}` answers arrive unwrapped, FastAPI's
`{"detail": ...}` whole, and a body that is not JSON as its text.
"""

from __future__ import annotations

import pytest

from backend.providers.forms import ENCODING, SECONDS, Form, changed, combine, corrected, learned_flags, wrong_part
from backend.providers.presets import PRESETS

MULTIPART_BODY = '--boundary\r\nContent-Disposition: form-data; name="prompt"\r\n\r\na kite'

FORM_REFUSALS = [
    # The encoding: multipart where JSON is read, or the reverse.
    (415, "Unsupported Media Type", ENCODING),
    (415, {"detail": "Unsupported media type: multipart/form-data"}, ENCODING),
    (422, {"detail": "input_reference is required for multipart requests"}, ENCODING),
    (400, {"message": "Content-Type must be application/json", "type": "invalid_request_error"}, ENCODING),
    (400, {"detail": "There was an error parsing the body"}, ENCODING),
    (400, "Expected a multipart/form-data body", ENCODING),
    (
        422,
        {
            "detail": [
                {
                    "type": "model_attributes_type",
                    "loc": ["body"],
                    "msg": "Input should be a valid dictionary or object to extract fields from",
                    "input": MULTIPART_BODY,
                }
            ]
        },
        ENCODING,
    ),
    (422, {"detail": [{"type": "json_invalid", "loc": ["body", 0], "msg": "JSON decode error"}]}, ENCODING),
    (422, {"detail": [{"loc": ["body"], "msg": "value is not a valid dict", "type": "type_error.dict"}]}, ENCODING),
    # `seconds` as a string where an integer is read, or the reverse.
    (
        422,
        {
            "detail": [
                {
                    "type": "int_parsing",
                    "loc": ["body", "seconds"],
                    "msg": "Input should be a valid integer, unable to parse string as an integer",
                    "input": "4",
                }
            ]
        },
        SECONDS,
    ),
    (
        422,
        {"detail": [{"type": "int_type", "loc": ["body", "seconds"], "msg": "Input should be a valid integer"}]},
        SECONDS,
    ),
    (
        422,
        {"detail": [{"type": "string_type", "loc": ["body", "seconds"], "msg": "Input should be a valid string"}]},
        SECONDS,
    ),
    (
        422,
        {"detail": [{"loc": ["body", "seconds"], "msg": "value is not a valid integer", "type": "type_error.integer"}]},
        SECONDS,
    ),
    (
        400,  # the local engine's own, as OpenAI words it
        {
            "message": "Invalid type for 'seconds': expected one of '4', '8', '12', but got an integer instead.",
            "type": "invalid_request_error",
            "param": "seconds",
            "code": "invalid_type",
        },
        SECONDS,
    ),
    (400, {"detail": "seconds must be an integer"}, SECONDS),
    (422, "Field 'seconds': expected int, got str", SECONDS),
]

OTHER_REFUSALS = [
    # Moderation: the prompt itself is refused; any form would be.
    (
        400,
        {
            "message": "Your request was blocked by our moderation system.",
            "type": "invalid_request_error",
            "param": None,
            "code": "moderation_blocked",
        },
        None,
    ),
    (400, {"detail": "Prompt rejected by the content filter"}, None),
    (422, {"detail": [{"loc": ["body", "prompt"], "msg": "prompt refused"}]}, None),
    # A size the provider does not make.
    (
        400,
        {
            "message": "Invalid value: '999x999'. Supported values are: '720x1280', '1280x720'.",
            "type": "invalid_request_error",
            "param": "size",
            "code": "invalid_value",
        },
        None,
    ),
    (
        422,
        {
            "detail": [
                {"type": "literal_error", "loc": ["body", "size"], "msg": "Input should be '1280x720' or '832x480'"}
            ]
        },
        None,
    ),
    (400, {"detail": "size 999x999 is not supported"}, None),
    # A missing or oversized prompt.
    (
        400,
        {"message": "Missing required parameter: 'prompt'.", "param": "prompt", "code": "missing_required_parameter"},
        None,
    ),
    (422, {"detail": [{"type": "missing", "loc": ["body", "prompt"], "msg": "Field required"}]}, None),
    (
        400,
        {"message": "Invalid 'prompt': string too long.", "param": "prompt", "code": "string_above_max_length"},
        None,
    ),
    # A duration the model does not make: the value is wrong, not its type.
    (
        400,
        {
            "message": "Invalid value: '7'. Supported values are: '4', '8', and '12'.",
            "param": "seconds",
            "code": "invalid_value",
        },
        None,
    ),
    (422, {"detail": [{"type": "literal_error", "loc": ["body", "seconds"], "msg": "Input should be 5"}]}, None),
    (400, {"detail": "seconds must be 5"}, None),
    # A string `seconds` beside a bad size: another form would still be refused.
    (
        422,
        {
            "detail": [
                {"type": "literal_error", "loc": ["body", "size"], "msg": "Input should be '1280x720'"},
                {"type": "int_parsing", "loc": ["body", "seconds"], "msg": "Input should be a valid integer"},
            ]
        },
        None,
    ),
    (400, {"detail": "input_reference must be a PNG or JPEG image"}, None),
    # Not 400/415/422: no word in the body makes these about the form; after a 5xx a job may exist.
    (500, {"detail": "could not read the multipart body"}, None),
    (502, "Bad Gateway: upstream sent invalid JSON", None),
    (503, {"detail": "Content-Type must be application/json"}, None),
    (401, {"message": "Incorrect API key provided", "code": "invalid_api_key"}, None),
    (404, {"detail": "Not Found"}, None),
    (405, {"detail": "Method Not Allowed"}, None),
    (413, "Request body too large for multipart upload", None),
    (429, {"detail": "queue full"}, None),
    (400, None, None),
    (None, None, None),
]


@pytest.mark.parametrize(("status", "body", "part"), FORM_REFUSALS + OTHER_REFUSALS)
def test_the_recogniser_table(status, body, part):
    assert wrong_part(status, body) == part


TEXT, JSON, JSON_INT = Form(json=False, int_seconds=False), Form(json=True, int_seconds=False), Form(True, True)


@pytest.mark.parametrize(
    ("form", "part", "image", "then"),
    [
        (TEXT, ENCODING, False, JSON),  # multipart refused: JSON
        (JSON, ENCODING, False, TEXT),  # JSON refused: multipart
        (JSON_INT, ENCODING, False, Form(json=False, int_seconds=True)),
        (JSON, SECONDS, False, JSON_INT),  # "4" refused: 4
        (JSON_INT, SECONDS, False, JSON),  # 4 refused: "4"
        (TEXT, SECONDS, False, JSON_INT),  # multipart fields are text: a number goes as JSON
        (TEXT, ENCODING, True, None),  # an image is uploaded as multipart or not at all
        (TEXT, SECONDS, True, None),
        (JSON, None, False, None),  # not about the form: nothing else to try
    ],
)
def test_what_is_sent_instead(form, part, image, then):
    assert corrected(form, part, image) == then


def test_each_part_changes_at_most_once_and_the_changes_become_flags():
    assert changed(TEXT, JSON) == {ENCODING}
    assert changed(JSON, JSON_INT) == {SECONDS}
    assert changed(TEXT, JSON_INT) == {ENCODING, SECONDS}
    assert changed(Form(json=False, int_seconds=True), JSON_INT) == {ENCODING, SECONDS}, "4 goes out as a number"
    assert learned_flags(TEXT, JSON_INT) == {"json_text_only", "seconds_int"}
    assert learned_flags(JSON_INT, JSON) == {"seconds_str"}
    assert learned_flags(JSON, TEXT) == {"multipart_text"}
    assert (JSON.seconds("4"), JSON_INT.seconds("4"), Form(False, True).seconds("4")) == ("4", 4, "4")


def test_learned_flags_join_the_presets_and_replace_their_opposites():
    sglang = PRESETS["sglang"].quirks
    assert combine(sglang, frozenset()) == sglang
    assert combine(sglang, frozenset({"seconds_str"})) == (sglang - {"seconds_int"}) | {"seconds_str"}
    assert combine(frozenset(), frozenset({"json_text_only", "seconds_int"})) == {"json_text_only", "seconds_int"}
    assert combine(frozenset({"json_text_only", "detail_errors"}), frozenset({"multipart_text"})) == {
        "detail_errors",
        "multipart_text",
    }
    assert Form.of(combine(sglang, frozenset({"seconds_str"})), has_image=False) == JSON
    assert Form.of(sglang, has_image=True) == Form(json=False, int_seconds=True)
