from lms.people.routes.admin import PeopleAdmin
from lms.people.routes.auth import (forgot, forgot_form, password_link, password_link_post, sign_in, sign_in_form,
                                    sign_out, sso_begin, sso_callback)
from lms.people.routes.imports import ImportPeople
from lms.people.routes.me import MySettings
from lms.people.routes.scim import Scim
from lms.people.routes.team import profile, team
from lms.people.routes.tokens import TokensAdmin
from lms.people.routes.units import UnitsAdmin

ROUTES = [sign_in_form, sign_in, sso_begin, sso_callback, sign_out, forgot_form, forgot, password_link, password_link_post,
          MySettings, team, profile, PeopleAdmin, UnitsAdmin, ImportPeople, TokensAdmin, Scim]
