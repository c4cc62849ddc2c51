from piccolo.columns import JSON, Boolean, Date, ForeignKey, Integer, Text, Timestamptz, Varchar
from piccolo.columns.base import OnDelete
from piccolo.table import Table

from lms.competencies.tables import Competency, LearningNeed
from lms.people.tables import Department, Employee, JobProfile

FORMATS = ("online", "classroom", "virtual", "blended")
ROUTES = ("informal", "internal_expert", "internal_external_trainer", "external_provider")
LESSON_KINDS = ("video", "text")
ENROLMENT_SOURCES = ("self", "assigned", "path", "request")


class Course(Table):
    title = Varchar(length=200)
    summary = Varchar(length=300, default="")
    description = Text(default="")  # Markdown
    format = Varchar(length=20, default="online", index=True)
    route = Varchar(length=30, default="internal_expert")
    provider = Varchar(length=200, default="")
    trainer = ForeignKey(references=Employee, null=True, on_delete=OnDelete.set_null)
    language = Varchar(length=5, default="en", index=True)
    minutes = Integer(default=10)
    cost_cents = Integer(default=0)
    mandatory = Boolean(default=False, index=True)
    validity_months = Integer(default=0)  # 0: the certificate never lapses
    cover = Varchar(length=200, default="")  # storage key
    published = Boolean(default=False, index=True)
    pass_mark = Integer(default=70)  # percent of questions right
    max_attempts = Integer(default=0)  # 0: unlimited
    created_at = Timestamptz()
    # impact check-ins, in days after completion: "" follows the organisation, "none" asks nothing
    checkin_days = Varchar(length=50, default="")
    watch_percent = Integer(default=90)  # share of a video lesson to play before it counts as watched


class CourseCompetency(Table):
    course = ForeignKey(references=Course, on_delete=OnDelete.cascade, index=True)
    competency = ForeignKey(references=Competency, on_delete=OnDelete.cascade, index=True)
    level = Integer(default=1)


class Lesson(Table):
    course = ForeignKey(references=Course, on_delete=OnDelete.cascade, index=True)
    position = Integer(default=0)
    title = Varchar(length=200)
    kind = Varchar(length=10, default="video")
    body = Text(default="")  # Markdown, for text lessons and video notes
    video = Varchar(length=200, default="")  # storage key of what plays: the web-safe rendition
    poster = Varchar(length=200, default="")  # storage key
    duration_seconds = Integer(default=0)
    # the conversion of an uploaded video (lms/courses/videos.py): processing, then ready or failed
    video_status = Varchar(length=10, default="ready")
    video_source = Varchar(length=200, default="")  # storage key of the upload while it is converted
    video_progress = Integer(default=0)  # percent
    video_error = Varchar(length=300, default="")
    video_claim = Varchar(length=32, default="")  # the converting process's token
    video_claimed_at = Timestamptz(null=True, default=None)  # renewed as it goes; stale means it died
    video_attempts = Integer(default=0)
    # a SCORM lesson (lms/courses/scorm.py): the unpacked package's folder, its launch file and standard
    package = Varchar(length=200, default="")
    launch = Varchar(length=500, default="")
    standard = Varchar(length=10, default="")  # "1.2" or "2004"


class Caption(Table):
    """A video lesson's captions in one language, kept as WebVTT in the row (a few kilobytes);
    one per lesson and language (a unique index, see the courses migrations)."""
    lesson = ForeignKey(references=Lesson, on_delete=OnDelete.cascade, index=True)
    language = Varchar(length=10)
    vtt = Text()
    words = Text(default="")  # the cues' text without timings or markup: search and transcript


class Question(Table):
    course = ForeignKey(references=Course, on_delete=OnDelete.cascade, index=True)
    position = Integer(default=0)
    text = Text()
    multiple = Boolean(default=False)


class Choice(Table):
    question = ForeignKey(references=Question, on_delete=OnDelete.cascade, index=True)
    position = Integer(default=0)
    text = Varchar(length=300)
    correct = Boolean(default=False)
    feedback = Varchar(length=500, default="")


class Enrolment(Table):
    employee = ForeignKey(references=Employee, on_delete=OnDelete.cascade, index=True)
    course = ForeignKey(references=Course, on_delete=OnDelete.cascade, index=True)
    source = Varchar(length=10, default="self")
    assigned_by = ForeignKey(references=Employee, null=True, on_delete=OnDelete.set_null)
    due_date = Date(null=True, default=None)
    enrolled_at = Timestamptz()
    last_activity_at = Timestamptz(index=True)
    completed_at = Timestamptz(null=True, default=None, index=True)
    score = Integer(null=True, default=None)
    need = ForeignKey(references=LearningNeed, null=True, on_delete=OnDelete.set_null)  # what it answers
    attempt = Integer(default=1)  # a renewal is the next attempt; unique per person and course
    completion_note = Text(default="")  # why L&D marked it complete by hand
    completion_evidence = Varchar(length=200, default="")  # storage key of the proof L&D attached
    # when the learner first took the course offline: what a phone reports later as played offline
    # is credited from then at the earliest, so a made-up moment cannot buy more playing time
    offline_at = Timestamptz(null=True, default=None)


class LessonProgress(Table):
    enrolment = ForeignKey(references=Enrolment, on_delete=OnDelete.cascade, index=True)
    lesson = ForeignKey(references=Lesson, on_delete=OnDelete.cascade)
    position_seconds = Integer(default=0)
    watched = JSON(default="[]")  # the union of the ranges actually played, [[start, end], ...] in seconds
    watched_seconds = Integer(default=0)  # the length of that union
    started_at = Timestamptz()  # the first report: what has played since can be no more than time allows
    completed = Boolean(default=False)
    updated_at = Timestamptz()


class ScormState(Table):
    """What a SCORM package reported for one attempt at a course: the runtime data it gets back to
    resume, and the outcome lms reads. One per enrolment and lesson (a unique index)."""
    enrolment = ForeignKey(references=Enrolment, on_delete=OnDelete.cascade, index=True)
    lesson = ForeignKey(references=Lesson, on_delete=OnDelete.cascade)
    runtime = JSON(default="{}")
    completion = Varchar(length=20, default="unknown")  # completed, incomplete, unknown
    success = Varchar(length=20, default="unknown")  # passed, failed, unknown
    score = Integer(null=True, default=None)  # percent
    seconds = Integer(default=0)  # total time in the package
    updated_at = Timestamptz()


class QuizAttempt(Table):
    enrolment = ForeignKey(references=Enrolment, on_delete=OnDelete.cascade, index=True)
    score = Integer()
    passed = Boolean()
    answers = JSON(default="{}")
    created_at = Timestamptz()
    # what a phone that answered offline calls this attempt: sent twice, it is kept once (a unique index)
    client_key = Varchar(length=64, null=True, default=None)


class RecallCard(Table):
    """A quiz question that comes back to a person after the course, when FSRS says it is about to be
    forgotten; unique per person and question (a renewal keeps the card and its memory)."""

    employee = ForeignKey(references=Employee, on_delete=OnDelete.cascade)
    question = ForeignKey(references=Question, on_delete=OnDelete.cascade)
    course = ForeignKey(references=Course, on_delete=OnDelete.cascade, index=True)
    due = Timestamptz(index=True)
    memory = JSON(default="{}")  # FSRS's card: stability, difficulty, state, last review
    answers = Integer(default=0)  # how many times it came back and was answered
    learned_at = Timestamptz()  # when the course was completed: the intervals count from here


class RecallAnswer(Table):
    """One answer to a card that came back: the Nth recall after the course, right or not."""

    card = ForeignKey(references=RecallCard, on_delete=OnDelete.cascade)
    number = Integer()  # unique per card with it: the same answer sent twice counts once
    correct = Boolean()
    days = Integer()  # days since the course was completed
    answered_at = Timestamptz()


class Certificate(Table):
    employee = ForeignKey(references=Employee, on_delete=OnDelete.cascade, index=True)
    course = ForeignKey(references=Course, null=True, on_delete=OnDelete.set_null, index=True)
    title = Varchar(length=200)
    code = Varchar(length=20, unique=True)
    issued_on = Date()
    expires_on = Date(null=True, default=None, index=True)
    file = Varchar(length=200, default="")  # storage key of an uploaded proof


class Evaluation(Table):
    enrolment = ForeignKey(references=Enrolment, on_delete=OnDelete.cascade, unique=True)
    rating = Integer()
    relevance = Integer()
    recommend = Boolean()
    comment = Text(default="")
    created_at = Timestamptz()


class Session(Table):
    course = ForeignKey(references=Course, on_delete=OnDelete.cascade, index=True)
    starts_at = Timestamptz(index=True)
    ends_at = Timestamptz()
    location = Varchar(length=200, default="")
    online_url = Varchar(length=500, default="")
    capacity = Integer(default=12)
    seats_taken = Integer(default=0)  # claimed with a conditional update, never past capacity
    sequence = Integer(default=0)  # raised on every change, so calendars replace the entry (RFC 5545 SEQUENCE)
    cancelled_at = Timestamptz(null=True, default=None)


class Registration(Table):
    session = ForeignKey(references=Session, on_delete=OnDelete.cascade, index=True)
    employee = ForeignKey(references=Employee, on_delete=OnDelete.cascade, index=True)
    status = Varchar(length=12, default="registered")  # registered, waiting, cancelled, present, absent
    created_at = Timestamptz()


class TrainingRequest(Table):
    employee = ForeignKey(references=Employee, on_delete=OnDelete.cascade, index=True)
    course = ForeignKey(references=Course, null=True, on_delete=OnDelete.set_null)
    title = Varchar(length=200)
    provider = Varchar(length=200, default="")
    cost_cents = Integer(default=0)
    starts_on = Date(null=True, default=None)
    reason = Text(default="")
    status = Varchar(length=10, default="pending", index=True)  # pending, approved, rejected
    decided_by = ForeignKey(references=Employee, null=True, on_delete=OnDelete.set_null)
    decision_comment = Text(default="")
    decided_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()
    need = ForeignKey(references=LearningNeed, null=True, on_delete=OnDelete.set_null)  # what it answers


class ExternalTraining(Table):
    """A training followed elsewhere, or an informal one, logged by the learner."""

    employee = ForeignKey(references=Employee, on_delete=OnDelete.cascade, index=True)
    title = Varchar(length=200)
    provider = Varchar(length=200, default="")
    route = Varchar(length=30, default="external_provider")
    started_on = Date()
    ended_on = Date()
    hours = Integer(default=0)
    cost_cents = Integer(default=0)
    certificate_file = Varchar(length=200, default="")
    verified_by = ForeignKey(references=Employee, null=True, on_delete=OnDelete.set_null)
    verified_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()


class LearningPath(Table):
    name = Varchar(length=200, unique=True)
    description = Text(default="")
    job_profile = ForeignKey(references=JobProfile, null=True, on_delete=OnDelete.set_null)  # new hires get it
    department = ForeignKey(references=Department, null=True, on_delete=OnDelete.set_null)
    created_at = Timestamptz()


class PathCourse(Table):
    path = ForeignKey(references=LearningPath, on_delete=OnDelete.cascade, index=True)
    course = ForeignKey(references=Course, on_delete=OnDelete.cascade)
    position = Integer(default=0)


class PathAssignment(Table):
    path = ForeignKey(references=LearningPath, on_delete=OnDelete.cascade, index=True)
    employee = ForeignKey(references=Employee, on_delete=OnDelete.cascade, index=True)
    due_date = Date(null=True, default=None)
    assigned_at = Timestamptz()
