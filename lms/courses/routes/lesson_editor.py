"""L&D's lesson and quiz editor: text, video and SCORM lessons in order, captions, questions with answers."""
import asyncio
import shutil
from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from lms.courses import authoring, captions, lessons, quiz, scorm
from lms.courses.forms import question_form
from lms.courses.video import MAX_SECONDS, length_of as video_length
from lms.courses.routes.authoring import IMAGES, _form_page, _values, chunks, lesson_list
from lms.errors import NotFound
from lms.forms import Form, FormData
from lms.i18n import gettext as _
from lms.knowledge import search
from lms.settings import load_settings
from lms.storage import TooLarge, WrongType, storage
from lms.web.auth import admin_only

Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]
# what phones and screen recorders make; each is converted to H.264/AAC MP4 (lms/courses/videos.py)
VIDEOS = {"video/webm": "webm", "video/mp4": "mp4", "video/quicktime": "mov", "video/x-m4v": "m4v"}
PACKAGES = {"application/zip": "zip"}
FORM_ROOM = 4 * 1024 * 1024  # the other fields and the poster, beside the video


async def _with_error(course_id: int, field: str, message: str, **typed) -> Template:
    """The editor with the message under the field, keeping what L&D typed in the form beside it."""
    return await _form_page({**_values(await authoring.get(course_id)), **typed}, {field: message}, course_id)


def upload_limit_mb() -> int:
    return load_settings().upload_max_mb


async def _unpack_package(upload) -> tuple[str, scorm.Package]:
    """Saves the zip, unpacks it into storage (off the event loop: it is disk work) and removes the zip;
    the unpacked package's key and what its manifest says."""
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise scorm.BadPackage(_("Choose a SCORM package (a .zip file)."))
    try:
        stored = await storage().save(chunks(upload), "uploads", PACKAGES, upload_limit_mb() * 1024 * 1024)
    except TooLarge:
        raise scorm.BadPackage(_("The package can be at most %(size)s MB.", size=upload_limit_mb())) from None
    except WrongType:
        raise scorm.BadPackage(_("The file is not a zip file.")) from None
    folder = storage().scratch("scorm")
    try:
        async with storage().local(stored.key) as package:
            found = await asyncio.to_thread(scorm.unpack, package, folder)
        return await storage().add_file(folder, "scorm"), found
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # stored by now, or refused
        await storage().delete(stored.key)


async def _store_video(data: dict) -> tuple[str, str, int]:
    """Saves the uploaded video, to be converted, and the optional poster; returns their keys and the
    video's length in seconds, read from the file. Raises with a message, leaving nothing stored."""
    video = data.get("video")
    if not isinstance(video, UploadFile) or not video.filename:
        raise ValueError(_("Choose a video file (MP4, MOV or WebM)."))
    try:
        key = (await storage().save(chunks(video), "uploads", VIDEOS, upload_limit_mb() * 1024 * 1024)).key
    except TooLarge:
        raise ValueError(_("The video can be at most %(size)s MB; short lessons work best on a phone.",
                           size=upload_limit_mb())) from None
    except WrongType:
        raise ValueError(_("The file is not an MP4, MOV or WebM video, whatever its name says.")) from None
    async with storage().local(key) as video:
        seconds = await video_length(video)
    if seconds is None or seconds > MAX_SECONDS:
        await storage().delete(key)
        raise ValueError(_("The length of this video cannot be read (or it is longer than two hours). Export it "
                           "again as MP4 and upload that file."))
    poster = data.get("poster")
    if isinstance(poster, UploadFile) and poster.filename:
        try:
            return key, (await storage().save(chunks(poster), "posters", IMAGES, 2 * 1024 * 1024)).key, seconds
        except (TooLarge, WrongType):
            await storage().delete(key)
            raise ValueError(_("The poster must be a PNG, JPEG or WebP image of at most 2 MB.")) from None
    return key, "", seconds


class LessonEditor(Controller):
    path = "/admin/courses/{course_id:int}"
    guards = [admin_only]

    @post("/lessons/text", name="courses:lesson_add_text")
    async def add_text(self, course_id: FromPath[int], data: FormData) -> Template | Redirect:
        await authoring.get(course_id)
        form = Form(data)
        title = form.text("lesson_title", _("Lesson title"), max_length=200)
        body = form.text("lesson_body", _("Text"), max_length=50000)
        if not form.ok:
            return await _form_page(_values(await authoring.get(course_id)), form.errors, course_id)
        await lessons.add(course_id, title, "text", body=body)
        return Redirect(status_code=303, path=f"/admin/courses/{course_id}/edit?notice=saved#lessons")

    @post("/lessons/video", name="courses:lesson_add_video",
          request_max_body_size=upload_limit_mb() * 1024 * 1024 + FORM_ROOM)
    async def add_video(self, course_id: FromPath[int], data: Upload) -> Template | Redirect:
        await authoring.get(course_id)
        form = Form({k: v for k, v in data.items() if isinstance(v, str)})
        title = form.text("video_title", _("Lesson title"), max_length=200)
        if not form.ok:
            return await _form_page(_values(await authoring.get(course_id)), form.errors, course_id)
        try:
            video, poster, seconds = await _store_video(data)
        except ValueError as error:
            return await _with_error(course_id, "video", str(error), video_title=title)
        await lessons.add(course_id, title, "video", video_source=video, poster=poster, duration_seconds=seconds)
        return Redirect(status_code=303, path=f"/admin/courses/{course_id}/edit?notice=converting")

    @get("/lessons", name="courses:lesson_list")
    async def lesson_list(self, course_id: FromPath[int]) -> Template:
        """The list of lessons alone: the editor asks for it again while a video converts."""
        await authoring.get(course_id)
        return Template(template_name="courses/_partials/admin_lessons.html", context=await lesson_list(course_id))

    @post("/lessons/scorm", name="courses:lesson_add_scorm",
          request_max_body_size=upload_limit_mb() * 1024 * 1024 + FORM_ROOM)
    async def add_scorm(self, course_id: FromPath[int], data: Upload) -> Template | Redirect:
        await authoring.get(course_id)
        form = Form({k: v for k, v in data.items() if isinstance(v, str)})
        title = form.text("scorm_title", _("Lesson title"), max_length=200, required=False)
        if not form.ok:
            return await _form_page(_values(await authoring.get(course_id)), form.errors, course_id)
        try:
            key, package = await _unpack_package(data.get("package"))
        except scorm.BadPackage as error:
            return await _with_error(course_id, "package", str(error), scorm_title=title)
        await lessons.add(course_id, title or package.title or _("E-learning module"), "scorm", package=key,
                          launch=package.launch, standard=package.standard)
        return Redirect(status_code=303, path=f"/admin/courses/{course_id}/edit?notice=saved#lessons")

    @post("/lessons/{lesson_id:int}/move", name="courses:lesson_move")
    async def move(self, course_id: FromPath[int], lesson_id: FromPath[int], data: FormData) -> Redirect:
        await lessons.move(course_id, lesson_id, -1 if data.get("direction") == "up" else 1)
        return Redirect(status_code=303, path=f"/admin/courses/{course_id}/edit#lessons")

    @get("/lessons/{lesson_id:int}/delete", name="courses:lesson_delete_confirm")
    async def confirm_delete(self, course_id: FromPath[int], lesson_id: FromPath[int]) -> Template:
        lesson = await lessons.lesson_of(course_id, lesson_id)
        return Template(template_name="confirm.html", context={
            "title": _("Delete the lesson %(title)s?", title=lesson["title"]),
            "explanation": _("Learners' progress on this lesson is deleted with it. This cannot be undone."),
            "button": _("Delete"), "action": f"/admin/courses/{course_id}/lessons/{lesson_id}/delete",
            "cancel": f"/admin/courses/{course_id}/edit#lessons"})

    @post("/lessons/{lesson_id:int}/delete", name="courses:lesson_delete")
    async def delete(self, course_id: FromPath[int], lesson_id: FromPath[int]) -> Redirect:
        lesson = await lessons.delete(course_id, lesson_id)
        for key in (lesson["video"], lesson["poster"], lesson["video_source"], lesson["package"]):
            await storage().delete(key)
        return Redirect(status_code=303, path=f"/admin/courses/{course_id}/edit?notice=deleted#lessons")

    @get("/lessons/{lesson_id:int}/captions", name="courses:captions")
    async def captions_page(self, course_id: FromPath[int], lesson_id: FromPath[int]) -> Template:
        return await _captions_page(course_id, lesson_id, {}, {})

    @post("/lessons/{lesson_id:int}/captions", name="courses:captions_add",
          request_max_body_size=captions.MAX_BYTES + FORM_ROOM)
    async def add_captions(self, course_id: FromPath[int], lesson_id: FromPath[int],
                           data: Upload) -> Template | Redirect:
        language, upload = data.get("language"), data.get("file")
        values = {"language": language if isinstance(language, str) else ""}
        try:
            if not isinstance(upload, UploadFile) or not upload.filename:
                raise captions.BadCaptions("file", _("Choose a WebVTT (.vtt) or SRT (.srt) file."))
            await captions.save(course_id, lesson_id, values["language"], await upload.read(captions.MAX_BYTES + 1))
        except captions.BadCaptions as error:
            return await _captions_page(course_id, lesson_id, values, {error.field: str(error)})
        await search.index_course(course_id)  # the spoken words are found too
        return Redirect(status_code=303, path=f"/admin/courses/{course_id}/lessons/{lesson_id}/captions?notice=saved")

    @get("/lessons/{lesson_id:int}/captions/{language:str}/delete", name="courses:captions_delete_confirm")
    async def confirm_remove_captions(self, course_id: FromPath[int], lesson_id: FromPath[int],
                                      language: FromPath[str]) -> Template:
        found = await captions.of_lesson(course_id, lesson_id)
        if language not in found["languages"]:
            raise NotFound
        return Template(template_name="confirm.html", context={
            "title": _("Remove the %(language)s captions of %(lesson)s?", language=captions.LANGUAGES[language],
                       lesson=found["lesson"]["title"]),
            "explanation": _("People who cannot hear the video rely on them. You can upload them again later."),
            "button": _("Remove"), "action": f"/admin/courses/{course_id}/lessons/{lesson_id}/captions/{language}/delete",
            "cancel": f"/admin/courses/{course_id}/lessons/{lesson_id}/captions"})

    @post("/lessons/{lesson_id:int}/captions/{language:str}/delete", name="courses:captions_delete")
    async def remove_captions(self, course_id: FromPath[int], lesson_id: FromPath[int],
                              language: FromPath[str]) -> Redirect:
        await captions.remove(course_id, lesson_id, language)
        await search.index_course(course_id)
        return Redirect(status_code=303, path=f"/admin/courses/{course_id}/lessons/{lesson_id}/captions?notice=deleted")

    @get("/quiz", name="courses:quiz_edit")
    async def quiz_page(self, course_id: FromPath[int]) -> Template:
        return await _quiz_page(course_id, {}, {})

    @post("/quiz", name="courses:question_add")
    async def add_question(self, course_id: FromPath[int], data: FormData) -> Template | Redirect:
        await authoring.get(course_id)
        question, form = question_form(data)
        if not form.ok:
            return await _quiz_page(course_id, data, form.errors)
        await lessons.add_question(course_id, question["text"], question["multiple"], question["choices"])
        return Redirect(status_code=303, path=f"/admin/courses/{course_id}/quiz?notice=saved")

    @post("/quiz/{question_id:int}/delete", name="courses:question_delete")
    async def delete_question(self, course_id: FromPath[int], question_id: FromPath[int]) -> Redirect:
        await lessons.delete_question(course_id, question_id)
        return Redirect(status_code=303, path=f"/admin/courses/{course_id}/quiz?notice=deleted")


async def _captions_page(course_id: int, lesson_id: int, values: dict, errors: dict) -> Template:
    return Template(template_name="courses/admin_captions.html", status_code=400 if errors else 200, context={
        "course": await authoring.get(course_id), **await captions.of_lesson(course_id, lesson_id),
        "course_id": course_id, "names": captions.LANGUAGES, "values": values, "errors": errors})


async def _quiz_page(course_id: int, values: dict, errors: dict) -> Template:
    return Template(template_name="courses/admin_quiz.html", context={
        "course": await authoring.get(course_id), "questions": await quiz.questions(course_id),
        "values": values, "errors": errors})
