from lms.people.routes.admin import PeopleAdmin
from lms.people.routes.auth import sign_in_form, sign_in, sign_out
from lms.people.routes.imports import ImportPeople
from lms.people.routes.me import MySettings
from lms.people.routes.team import profile, team
from lms.people.routes.units import UnitsAdmin

ROUTES = [sign_in_form, sign_in, sign_out, MySettings, team, profile, PeopleAdmin, UnitsAdmin, ImportPeople]
