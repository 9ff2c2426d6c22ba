"""What can go wrong at a provider, sorted by what the studio does about it.

ProviderError
 +-- TransientError        busy, down, 5xx, 429: wait (Retry-After) and try again
 +-- RejectedError         the provider said no (4xx): show its message to the user
 |    +-- RemixUnavailable remix refused or missing: continue from the last frame instead
 +-- PollTimeout           the job ran past MAX_POLL_TIMEOUT
 +-- Stopped               the studio is shutting down; the job resumes at next start
"""

from __future__ import annotations


class ProviderError(Exception):
    code = "provider_error"

    def __init__(self, message: str, code: str | None = None, status: int | None = None, body: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.body = body  # the provider's error body as parsed: what backend/providers/forms.py reads
        if code:
            self.code = code


class TransientError(ProviderError):
    code = "provider_unavailable"

    def __init__(
        self,
        message: str,
        code: str | None = None,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, code, status)
        self.retry_after = retry_after


class RejectedError(ProviderError):
    code = "provider_rejected"


class RemixUnavailable(RejectedError):
    code = "remix_unavailable"


class PollTimeout(ProviderError):
    code = "poll_timeout"


class Stopped(ProviderError):
    code = "stopped"
