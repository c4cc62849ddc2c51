"""L&D reads the evaluations: averages and every comment, per course or across the catalogue."""
from litestar import get
from litestar.params import FromQuery
from litestar.response import Template

from lms.courses import evaluations
from lms.courses.tables import Course
from lms.forms import optional_int
from lms.web.auth import admin_only


@get("/admin/evaluations", name="courses:evaluations_admin", guards=[admin_only])
async def evaluations_admin(course: FromQuery[str] = "", page: FromQuery[int] = 1) -> Template:
    rows, totals = await evaluations.summary(optional_int(course), page)
    courses = await Course.select(Course.id, Course.title.as_alias("name")).order_by(Course.title)
    return Template(template_name="courses/evaluations_admin.html",
                    context={"page": rows, "totals": totals, "course": optional_int(course), "courses": courses})


EVALUATION_ROUTES = [evaluations_admin]
