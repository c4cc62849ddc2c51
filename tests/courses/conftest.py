"""A small catalogue for course tests: a published micro-course with two lessons and a quiz."""
import pytest

from lms import clock
from lms.competencies.tables import Competency, CompetencyArea
from lms.courses.tables import Choice, Course, CourseCompetency, Lesson, Question


@pytest.fixture
async def course(org):
    """Fire safety: a video lesson, a text lesson, and a two-question quiz (pass mark 50%)."""
    area = CompetencyArea(name="Safety")
    await area.save()
    competency = Competency(area=area.id, name="Fire safety")
    await competency.save()
    course = Course(title="Fire safety basics", summary="Prevent, spot and fight a small fire.",
                    description="## What you learn\n\n- Use an extinguisher", format="online",
                    route="internal_expert", minutes=12, mandatory=True, validity_months=12, published=True,
                    pass_mark=50, max_attempts=0, created_at=clock.now())
    await course.save()
    await CourseCompetency.insert(CourseCompetency(course=course.id, competency=competency.id, level=2))
    video = Lesson(course=course.id, position=1, title="Spot the risk", kind="video", duration_seconds=30,
                   video="videos/spot-the-risk.webm")
    text = Lesson(course=course.id, position=2, title="The extinguisher", kind="text", body="Pull, aim, squeeze.")
    await Lesson.insert(video, text)
    q1 = Question(course=course.id, position=1, text="Which extinguisher for a fat fire?", multiple=False)
    q2 = Question(course=course.id, position=2, text="What do you do first?", multiple=True)
    await Question.insert(q1, q2)
    await Choice.insert(
        Choice(question=q1.id, position=1, text="Fire blanket", correct=True, feedback="Right: it smothers it."),
        Choice(question=q1.id, position=2, text="Water", correct=False, feedback="Water makes a fat fire explode."),
        Choice(question=q2.id, position=1, text="Raise the alarm", correct=True),
        Choice(question=q2.id, position=2, text="Save yourself", correct=True),
        Choice(question=q2.id, position=3, text="Finish your mail", correct=False),
    )
    return {"course": course, "video": video, "text": text, "questions": [q1, q2], "competency": competency}
