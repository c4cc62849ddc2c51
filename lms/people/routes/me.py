from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Redirect, Template

from lms.forms import FieldError
from lms.people import accounts
from lms.people.forms import password_form
from lms.web.auth import signed_in

Form = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.URL_ENCODED)]


def _page(errors: dict | None = None, status: int = 200) -> Template:
    return Template(template_name="people/settings.html", context={"errors": errors or {}}, status_code=status)


class MySettings(Controller):
    path = "/me"
    guards = [signed_in]

    @get("/settings", name="people:settings")
    async def show(self) -> Template:
        return _page()

    @post("/language", name="people:language")
    async def language(self, request: Request, data: Form) -> Template | Redirect:
        try:
            await accounts.set_language(request.user.id, str(data.get("language", "")))
        except FieldError as error:
            return _page({error.field: error.message})
        return Redirect(status_code=303, path="/me/settings?notice=saved")

    @post("/password", name="people:password")
    async def password(self, request: Request, data: Form) -> Template | Redirect:
        new, form = password_form(data)
        if new is None:
            return _page(form.errors)
        try:
            await accounts.change_own_password(request.user.id, str(data.get("current_password", "")), new)
        except FieldError as error:
            return _page({error.field: error.message})
        return Redirect(status_code=303, path="/me/settings?notice=password")
