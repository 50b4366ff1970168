"""One-click unsubscribe (RFC 8058): a mail client POSTs `List-Unsubscribe=One-Click` to the address in
an email's `List-Unsubscribe` header. No sign-in, no cookie, no CSRF token: the signed token is the
whole authority, and it can only stop emails (people open the web app's /unsubscribe page instead)."""

from __future__ import annotations

from litestar import post
from litestar.datastructures import State
from litestar.response import Response
from litestar.status_codes import HTTP_200_OK, HTTP_400_BAD_REQUEST

from mentormatch.errors import ServiceError
from mentormatch.mail import service as mail
from mentormatch.mail.render import ONE_CLICK_PATH


@post(ONE_CLICK_PATH, include_in_schema=False, status_code=HTTP_200_OK)
async def one_click_unsubscribe(state: State, token: str) -> Response[dict[str, str]]:
    """Stop the emails the token names; 400 with the error's code for a token we did not sign."""
    resources = state.resources
    try:
        await mail.unsubscribe(resources.db, signing_key=resources.signing_key, token=token)
    except ServiceError as error:
        return Response(
            {"code": error.code.value, "message": error.message}, status_code=HTTP_400_BAD_REQUEST
        )
    return Response({"status": "unsubscribed"})
