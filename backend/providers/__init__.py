"""Talking to a /v1/videos provider: the SDK client, its errors, presets, connection and prices."""
