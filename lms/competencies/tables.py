from piccolo.columns import JSON, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from lms.people.tables import Employee, JobProfile

KINDS = ("hard", "soft")


class CompetencyArea(Table):
    name = Varchar(length=120, unique=True)
    position = Integer(default=0)


class Competency(Table):
    # no index=True: its name, competency_area, would collide with the table of that name
    area = ForeignKey(references=CompetencyArea, on_delete=OnDelete.restrict)
    name = Varchar(length=120, unique=True)
    kind = Varchar(length=10, default="hard")
    description = Text(default="")


LEVELS = range(0, 5)
ASSESSMENT_SOURCES = ("self", "manager", "course", "admin")


class ProficiencyLevel(Table):
    """The organisation's own words for a level of the one 0-4 scale; empty fields fall back to
    the built-in (translated) words."""

    level = Integer(unique=True)
    name = Varchar(length=60, default="")
    description = Text(default="")


class JobRequirement(Table):
    """A job profile requires a competency at a level (one row per pair: a unique index)."""

    job_profile = ForeignKey(references=JobProfile, on_delete=OnDelete.cascade, index=True)
    competency = ForeignKey(references=Competency, on_delete=OnDelete.cascade, index=True)
    level = Integer(default=2)


class Assessment(Table):
    """One rating of one person's competency, kept forever: the history."""

    employee = ForeignKey(references=Employee, on_delete=OnDelete.cascade, index=True)
    competency = ForeignKey(references=Competency, on_delete=OnDelete.cascade, index=True)
    level = Integer()
    source = Varchar(length=10)  # self, manager, course (completing one), admin (L&D)
    assessed_by = ForeignKey(references=Employee, null=True, on_delete=OnDelete.set_null)
    note = Text(default="")
    created_at = Timestamptz()


class CurrentLevel(Table):
    """The level that counts now per person and competency, kept with every assessment, so an
    overview of thousands of people reads one row per cell (one row per pair: a unique index).
    A self-rating counts only until a manager, L&D or a course says otherwise."""

    employee = ForeignKey(references=Employee, on_delete=OnDelete.cascade, index=True)
    competency = ForeignKey(references=Competency, on_delete=OnDelete.cascade, index=True)
    level = Integer()
    source = Varchar(length=10)
    assessed_at = Timestamptz()


NEED_SOURCES = ("employee", "manager", "group", "gap", "compliance", "checkin")
NEED_STATUSES = ("open", "planned", "met", "dropped")


class DevelopmentReview(Table):
    """A development conversation between a manager and a report, for a period ("2026"): what went
    well, what to learn next, which competencies to grow; shared with the employee. Its actions are
    learning needs (LearningNeed.review). One per person and period (a unique index)."""

    employee = ForeignKey(references=Employee, on_delete=OnDelete.cascade, index=True)
    manager = ForeignKey(references=Employee, null=True, on_delete=OnDelete.set_null)
    period = Varchar(length=40)
    held_on = Date()
    went_well = Text(default="")
    to_learn = Text(default="")
    competencies = JSON(default="[]")  # ids of the competencies to grow
    created_at = Timestamptz()


class LearningNeed(Table):
    """Something someone needs to learn: raised by them, their manager, a gap, a lapsed certificate
    or an impact check-in; the start of the loop again."""

    employee = ForeignKey(references=Employee, on_delete=OnDelete.cascade, index=True)
    title = Varchar(length=200)
    source = Varchar(length=20, default="employee")
    status = Varchar(length=10, default="open", index=True)
    competency = ForeignKey(references=Competency, null=True, on_delete=OnDelete.set_null)
    note = Text(default="")
    dedupe_key = Varchar(length=120, null=True, default=None, unique=True)  # raised once per cause
    raised_by = ForeignKey(references=Employee, null=True, on_delete=OnDelete.set_null)
    group_name = Varchar(length=200, default="")  # the programme a group need belongs to
    created_at = Timestamptz()
    updated_at = Timestamptz(null=True, default=None)
    # an action agreed in a development review: who sees to it, by when
    review = ForeignKey(references=DevelopmentReview, null=True, on_delete=OnDelete.set_null)
    owner = ForeignKey(references=Employee, null=True, on_delete=OnDelete.set_null)
    due_date = Date(null=True, default=None)
