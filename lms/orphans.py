"""Files no row refers to: an upload killed half-way, or one whose row never came. They are removed
once an hour old (an upload still under way is younger) by `lms clean-files` and nightly by the
scheduler; several replicas cleaning at once is harmless, as removing a removed file does nothing."""
from datetime import timedelta

from lms.courses.tables import Certificate, Course, Enrolment, ExternalTraining, Lesson
from lms.knowledge.tables import Document
from lms.storage import storage

GRACE = timedelta(hours=1)
REFERENCES = (Lesson.video, Lesson.poster, Lesson.video_source, Lesson.package, Course.cover, Certificate.file,
              ExternalTraining.certificate_file, Document.file, Enrolment.completion_evidence)


async def referenced() -> set[str]:
    keys: set[str] = set()
    for column in REFERENCES:
        table = column._meta.table
        keys |= set(await table.select(column).where(column != "").distinct().output(as_list=True))
    return keys


async def clean() -> int:
    """Removes the orphans; how many there were."""
    files = storage()
    candidates = await files.files_older_than(GRACE.total_seconds())
    if not candidates:
        return 0
    keys = await referenced()
    # a file inside an unpacked package belongs to the folder the row names: "scorm/<name>/…"
    orphans = {key for key in candidates if "/".join(key.split("/")[:2]) not in keys}
    for key in orphans:
        await files.delete(key)
    return len(orphans)
