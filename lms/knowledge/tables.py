from piccolo.columns import BigInt, Boolean, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from lms.courses.tables import Course
from lms.people.tables import Department, Employee, JobProfile


class Space(Table):
    """A wiki space: for a department, a topic or a programme."""

    name = Varchar(length=120, unique=True)
    description = Text(default="")
    # when set, only people of this department (and L&D) may read the space
    read_department = ForeignKey(references=Department, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()
    review_months = Integer(default=12)  # how long a page stays trusted before its owner looks again; 0: never


class SpaceEditor(Table):
    """When a space has named editors, only they (and L&D) may write in it."""

    space = ForeignKey(references=Space, on_delete=OnDelete.cascade, index=True)
    employee = ForeignKey(references=Employee, on_delete=OnDelete.cascade)


class Page(Table):
    space = ForeignKey(references=Space, on_delete=OnDelete.cascade, index=True)
    parent = ForeignKey(references="Page", null=True, on_delete=OnDelete.set_null)
    title = Varchar(length=200)
    body = Text(default="")  # Markdown of the current revision
    version = Integer(default=1)  # compared on save, so a second editor sees a conflict
    author = ForeignKey(references=Employee, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()
    updated_at = Timestamptz(index=True)
    deleted_at = Timestamptz(null=True, default=None)
    deleted_by = ForeignKey(references=Employee, null=True, on_delete=OnDelete.set_null)
    owner = ForeignKey(references=Employee, null=True, on_delete=OnDelete.set_null)  # answers for it being right
    reviewed_at = Timestamptz(null=True, default=None)  # when the owner last said it is still right
    review_due = Date(null=True, default=None, index=True)  # None: the space asks for no review


class RequiredReading(Table):
    """A page everyone of a department or job profile (or, with neither, everyone) must read and
    acknowledge by a date; one row per page and audience."""

    page = ForeignKey(references=Page, on_delete=OnDelete.cascade, index=True)
    department = ForeignKey(references=Department, null=True, on_delete=OnDelete.cascade)
    job_profile = ForeignKey(references=JobProfile, null=True, on_delete=OnDelete.cascade)
    due_date = Date()
    # the page version from which an acknowledgement counts: a new revision may ask everyone again
    from_version = Integer(default=1)
    created_by = ForeignKey(references=Employee, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()


class Acknowledgement(Table):
    """"I have read and understood": one person, one version of a page; unique, so a double tap counts once."""

    page = ForeignKey(references=Page, on_delete=OnDelete.cascade)
    employee = ForeignKey(references=Employee, on_delete=OnDelete.cascade, index=True)
    version = Integer()
    acknowledged_at = Timestamptz()


class Revision(Table):
    page = ForeignKey(references=Page, on_delete=OnDelete.cascade, index=True)
    version = Integer()
    title = Varchar(length=200)
    body = Text(default="")
    author = ForeignKey(references=Employee, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()


class PageTag(Table):
    page = ForeignKey(references=Page, on_delete=OnDelete.cascade, index=True)
    tag = Varchar(length=50, index=True)


class PageCourse(Table):
    """Knowledge shared after a training: the course page lists its pages, a page its courses."""

    page = ForeignKey(references=Page, on_delete=OnDelete.cascade, index=True)
    course = ForeignKey(references=Course, on_delete=OnDelete.cascade, index=True)


class Document(Table):
    space = ForeignKey(references=Space, null=True, on_delete=OnDelete.cascade, index=True)
    page = ForeignKey(references=Page, null=True, on_delete=OnDelete.cascade, index=True)
    title = Varchar(length=200)
    filename = Varchar(length=200)  # a safe display name; the file itself lives under a server-chosen key
    file = Varchar(length=200)
    media_type = Varchar(length=100)
    size = Integer(default=0)
    text = Text(default="")  # extracted for search, where the format allows
    uploaded_by = ForeignKey(references=Employee, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()
    deleted_at = Timestamptz(null=True, default=None)
    # a library's document is reviewed as a page is; a page's documents are reviewed with their page
    owner = ForeignKey(references=Employee, null=True, on_delete=OnDelete.set_null)
    reviewed_at = Timestamptz(null=True, default=None)
    review_due = Date(null=True, default=None, index=True)


class SearchEntry(Table):
    """One row per searchable thing (page, document, course), kept up to date on every save;
    the full-text index over it is FTS5 on SQLite and a GIN index on PostgreSQL."""

    kind = Varchar(length=10)  # page, document, course
    ref = Integer()
    space = Integer(null=True, default=None)
    title = Varchar(length=200)
    body = Text(default="")
    hidden = Boolean(default=False)  # deleted pages and drafts stay out of results
    stamp = BigInt(default=0)  # the SearchState stamp of the write that made this version (see search_engine)


class SearchState(Table):
    """One row: a new random stamp on every write to search_entry, so a copy of the index knows at a
    glance whether it is still true."""

    stamp = BigInt(default=0)
