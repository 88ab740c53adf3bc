"""Hookline's own Schemathesis checks, loaded through SCHEMATHESIS_HOOKS."""

import json

import schemathesis

# Loaded first: a CPython 3.11 bug would otherwise end operations with a runtime error (see the module).
import cpython_ast_workaround  # noqa: F401


@schemathesis.check
def problem_details_for_errors(ctx, response, case):
    """Every 4xx and 5xx answer is an RFC 9457 problem document."""
    if response.status_code < 400:
        return None
    content_type = ";".join(response.headers.get("content-type", []))
    if not content_type.startswith("application/problem+json"):
        raise AssertionError(
            f"{response.status_code} answered with content-type {content_type!r}, "
            "not application/problem+json"
        )
    try:
        problem = json.loads(response.content)
    except ValueError as error:
        raise AssertionError(f"problem body is not JSON: {error}") from error
    for field, kind in (("type", str), ("title", str), ("status", int)):
        if not isinstance(problem.get(field), kind):
            raise AssertionError(f"problem field {field!r} missing or not {kind.__name__}: {problem!r}")
    if problem["status"] != response.status_code:
        raise AssertionError(f"problem status {problem['status']} != HTTP status {response.status_code}")
    return None
