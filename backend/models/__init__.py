"""The one description of every request and response body of the studio's API.

Routes parse requests into these models and answer by serialising them; backend/api/openapi.py builds
the OpenAPI document from the same models, so what the studio says it does and what it does are one.
"""
