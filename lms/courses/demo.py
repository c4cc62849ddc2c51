"""Loads the demo catalogue and a believable history of learning on top of the demo people.
Loading it twice changes nothing: it stops when the catalogue is already there."""
import shutil
from datetime import timedelta
from pathlib import Path

from fsrs import Card, Rating

from lms import clock
from lms.competencies.tables import Competency, CompetencyArea
from lms.courses import captions, recall, scorm, video
from lms.courses.certificates import add_months, new_code
from lms.courses.demo_catalogue import AREAS, COURSES, EVALUATIONS
from lms.courses.tables import (Certificate, Choice, Course, CourseCompetency, Enrolment, Evaluation,
                                ExternalTraining, LearningPath, Lesson, LessonProgress, PathAssignment,
                                PathCourse, Question, RecallAnswer, RecallCard, Registration, Session,
                                TrainingRequest)
from lms.db import write_transaction
from lms.people.tables import Employee, JobProfile
from lms.storage import storage

MEDIA = Path(__file__).parent / "demo_media"


async def load_demo_catalogue() -> bool:
    """True when it loaded the catalogue, False when it was there already."""
    if await Course.exists().where(Course.title == COURSES[0]["title"]):
        return False
    people = {row["email"].split("@")[0]: row["id"] for row in await Employee.select(Employee.id, Employee.email)}
    async with write_transaction():
        competencies = await _competencies()
        courses = {}
        for age, spec in enumerate(COURSES):
            courses[spec["title"]] = await _course(spec, competencies, days_old=age * 9)
            await _sessions(courses[spec["title"]], spec.get("sessions", []), list(people.values()))
        await _history(courses, people)
        await _attended(courses, people)
    return True


async def _attended(courses: dict[str, int], people: dict[str, int]) -> None:
    """Sessions held earlier this year, with who was present: the training days managers see. Tom's
    warehouse team followed the first aid day; Arne and Noah, in his team too, nothing yet."""
    start = clock.now().replace(month=3, day=12, hour=8, minute=30, second=0, microsecond=0)
    for title, hours, present in (("First aid at work", 7, ["emma.peeters", "lina.goossens", "jana.mertens"]),
                                  ("Coaching conversations for team leads", 6, ["tom.wouters", "sofie.janssens"])):
        session = Session(course=courses[title], starts_at=start, ends_at=start + timedelta(hours=hours),
                          location="Training room 2, Gent", capacity=12, seats_taken=len(present))
        await session.save()
        await Registration.insert(*(Registration(session=session.id, employee=people[name], status="present",
                                                 created_at=start - timedelta(days=14)) for name in present))


async def _competencies() -> dict[str, int]:
    ids = {}
    for position, (area_name, competencies) in enumerate(AREAS.items()):
        area = CompetencyArea(name=area_name, position=position)
        await area.save()
        for name, kind in competencies:
            competency = Competency(area=area.id, name=name, kind=kind)
            await competency.save()
            ids[name] = competency.id
    return ids


async def _media(name: str, extension: str, folder: str, media_type: str) -> str:
    stored = await storage().save_bytes((MEDIA / f"{name}.{extension}").read_bytes(), folder, {media_type: extension})
    return stored.key


async def _course(spec: dict, competencies: dict[str, int], days_old: int) -> int:
    fields = {k: v for k, v in spec.items() if k not in ("competencies", "lessons", "quiz", "sessions")}
    course = Course(**fields, published=True, created_at=clock.now() - timedelta(days=days_old))
    first_video = next((media for _, kind, media, _ in spec.get("lessons", []) if kind == "video"), None)
    if first_video:
        course.cover = await _media(first_video, "jpg", "covers", "image/jpeg")
    await course.save()
    for name, level in spec.get("competencies", []):
        await CourseCompetency.insert(CourseCompetency(course=course.id, competency=competencies[name], level=level))
    for position, (title, kind, media, body) in enumerate(spec.get("lessons", []), start=1):
        lesson = Lesson(course=course.id, position=position, title=title, kind=kind, body=body)
        if kind == "scorm":
            lesson.standard, lesson.launch, _ = scorm.read_manifest((MEDIA / media / scorm.MANIFEST).read_bytes())
            copy = storage().scratch("scorm")
            shutil.copytree(MEDIA / media, copy)
            lesson.package = await storage().add_file(copy, "scorm")
        elif media:
            lesson.video = await _media(media, "webm", "videos", "video/webm")
            lesson.poster = await _media(media, "jpg", "posters", "image/jpeg")
            lesson.duration_seconds = await video.length_of(MEDIA / f"{media}.webm")
        await lesson.save()
        for track in sorted(MEDIA.glob(f"{media}.*.vtt")) if media else []:  # fire-spot.nl.vtt: Dutch
            await captions.save(course.id, lesson.id, track.suffixes[0][1:], track.read_bytes())
    for position, question in enumerate(spec.get("quiz", []), start=1):
        row = Question(course=course.id, position=position, text=question["text"], multiple=question["multiple"])
        await row.save()
        await Choice.insert(*(Choice(question=row.id, position=i, text=text, correct=correct, feedback=feedback)
                              for i, (text, correct, feedback) in enumerate(question["choices"], start=1)))
    return course.id


async def _sessions(course_id: int, sessions: list[tuple[int, int, int]], people: list[int]) -> None:
    """(days ahead, capacity, seats taken): taken seats go to demo people."""
    now = clock.now().replace(hour=9, minute=0, second=0, microsecond=0)
    for days, capacity, taken in sessions:
        session = Session(course=course_id, starts_at=now + timedelta(days=days),
                          ends_at=now + timedelta(days=days, hours=7), location="Training room 2, Gent",
                          capacity=capacity, seats_taken=taken)
        await session.save()
        await Registration.insert(*(Registration(session=session.id, employee=person, status="registered",
                                                 created_at=clock.now()) for person in people[-taken:]))


async def _complete(person: int, course: int, title: str, completed_at, validity_months: int,
                    lessons: list[int]) -> int:
    enrolment = Enrolment(employee=person, course=course, enrolled_at=completed_at - timedelta(days=2),
                          last_activity_at=completed_at, completed_at=completed_at, score=100)
    await enrolment.save()
    if lessons:
        await LessonProgress.insert(*(LessonProgress(enrolment=enrolment.id, lesson=lesson, completed=True,
                                                     updated_at=completed_at)
                                      for lesson in lessons))
    await recall.schedule(person, course, completed_at)
    issued = completed_at.date()
    await Certificate.insert(Certificate(employee=person, course=course, title=title, code=new_code(), issued_on=issued,
                                         expires_on=add_months(issued, validity_months) if validity_months else None))
    return enrolment.id


async def _history(courses: dict[str, int], people: dict[str, int]) -> None:
    now = clock.now()
    fire = courses["Fire safety basics"]
    lessons = await Lesson.select(Lesson.id).where(Lesson.course == fire).output(as_list=True)
    # most people followed fire safety: two certificates have expired, two expire within a month
    ages = {"arne.desmet": 400, "lina.goossens": 380, "tom.wouters": 350, "hanne.vandamme": 345,
            "lotte.maes": 40, "sofie.janssens": 120, "marie.lambert": 200, "kobe.jacobs": 90, "emma.peeters": 30,
            "laura.stevens": 60, "wout.michiels": 150}
    for number, (name, days) in enumerate(ages.items()):
        enrolment = await _complete(people[name], fire, "Fire safety basics", now - timedelta(days=days), 12, lessons)
        if number < len(EVALUATIONS):
            rating, relevance, recommend, comment = EVALUATIONS[number]
            await Evaluation.insert(Evaluation(enrolment=enrolment, rating=rating, relevance=relevance,
                                               recommend=recommend, comment=comment, created_at=now - timedelta(days=days)))
    await _recalled(fire, except_for=people["emma.peeters"])
    # Arne's forklift certificate lapses within the month: orange on his manager's compliance panel
    forklift = courses["Forklift: the daily check"]
    forklift_lessons = await Lesson.select(Lesson.id).where(Lesson.course == forklift).output(as_list=True)
    await _complete(people["arne.desmet"], forklift, "Forklift: the daily check", now - timedelta(days=705), 24,
                    forklift_lessons)
    feedback = courses["Giving feedback that lands"]
    started = Enrolment(employee=people["emma.peeters"], course=feedback, enrolled_at=now - timedelta(days=1),
                        last_activity_at=now - timedelta(hours=3))
    await started.save()
    first_lesson = await Lesson.select(Lesson.id).where(Lesson.course == feedback).order_by(Lesson.position).first()
    await LessonProgress.insert(LessonProgress(enrolment=started.id, lesson=first_lesson["id"], position_seconds=11,
                                               updated_at=now - timedelta(hours=3)))
    await Enrolment.insert(Enrolment(employee=people["emma.peeters"], course=courses["Forklift: the daily check"],
                                     source="assigned", assigned_by=people["tom.wouters"],
                                     due_date=(now + timedelta(days=14)).date(), enrolled_at=now, last_activity_at=now))
    await _onboarding(courses, people, now)
    await _requests_and_external(courses, people, now)


async def _onboarding(courses: dict[str, int], people: dict[str, int], now) -> None:
    operator = await JobProfile.select(JobProfile.id).where(JobProfile.name == "Warehouse operator").first()
    path = LearningPath(name="Onboarding warehouse operators", job_profile=operator["id"] if operator else None,
                        description="The first month of every warehouse operator.", created_at=now)
    await path.save()
    titles = ["Welcome to Example & Co", "Fire safety basics", "Forklift: the daily check"]
    await PathCourse.insert(*(PathCourse(path=path.id, course=courses[t], position=i) for i, t in enumerate(titles)))
    for name in ("noah.willems", "jana.mertens"):
        due = (now + timedelta(days=30)).date()
        await PathAssignment.insert(PathAssignment(path=path.id, employee=people[name], due_date=due, assigned_at=now))
        await Enrolment.insert(*(Enrolment(employee=people[name], course=courses[t], source="path", due_date=due,
                                           enrolled_at=now, last_activity_at=now) for t in titles))


async def _requests_and_external(courses: dict[str, int], people: dict[str, int], now) -> None:
    await TrainingRequest.insert(
        TrainingRequest(employee=people["lucas.hermans"], course=courses["Project management (PMP preparation)"],
                        title="Project management (PMP preparation)", provider="Acme Academy", cost_cents=145000,
                        reason="I will lead the new warehouse system project from March.", created_at=now - timedelta(days=4)),
        TrainingRequest(employee=people["hanne.vandamme"], course=courses["Coaching conversations for team leads"],
                        title="Coaching conversations for team leads", provider="Mentora", cost_cents=45000,
                        reason="I coach the new service agents.", status="approved", decided_by=people["kobe.jacobs"],
                        decision_comment="Good idea, go for it.", decided_at=now - timedelta(days=10),
                        created_at=now - timedelta(days=12)),
    )
    await ExternalTraining.insert(
        ExternalTraining(employee=people["marie.lambert"], title="Negotiation masterclass",
                         provider="Vlerick Business School", route="external_provider",
                         started_on=(now - timedelta(days=70)).date(), ended_on=(now - timedelta(days=68)).date(),
                         hours=14, cost_cents=190000, verified_by=people["lotte.maes"],
                         verified_at=now - timedelta(days=60), created_at=now - timedelta(days=66)),
        ExternalTraining(employee=people["nina.desmet"], title="Mentoring by a senior developer", provider="",
                         route="informal", started_on=(now - timedelta(days=120)).date(),
                         ended_on=(now - timedelta(days=10)).date(), hours=12, created_at=now - timedelta(days=9)),
    )


async def _recalled(course: int, except_for: int) -> None:
    """Everyone but one answered the course's questions each time they came back, mostly right: L&D's
    "Knowledge kept" has figures, and that one person finds a question waiting on the home page."""
    now = clock.now()
    cards = await RecallCard.select().where(RecallCard.course == course, RecallCard.employee != except_for).output(
        load_json=True)
    for card in cards:
        memory, number = Card.from_dict(card["memory"]), 0
        while memory.due < now - timedelta(days=1):
            number += 1
            moment = memory.due + timedelta(hours=5)
            correct = number > 3 or (card["id"] * 7 + number) % 5 != 0  # a slip in five, early on
            memory = recall.SCHEDULER.review_card(memory, Rating.Good if correct else Rating.Again, moment)[0]
            await RecallAnswer.insert(RecallAnswer(card=card["id"], number=number, correct=correct,
                                                   days=(moment - card["learned_at"]).days, answered_at=moment))
        await RecallCard.update({RecallCard.due: memory.due, RecallCard.memory: memory.to_dict(),
                                 RecallCard.answers: number}).where(RecallCard.id == card["id"])
