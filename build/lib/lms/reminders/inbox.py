"""The in-app inbox: every reminder lands here, e-mail or not."""
from lms import clock
from lms.pagination import PER_PAGE, Page, clamp_page
from lms.reminders.tables import Notification, Reminder


async def unread_count(employee_id: int) -> int:
    return await Notification.count().where(Notification.employee == employee_id, Notification.read_at.is_null())


async def page_of(employee_id: int, page: int = 1) -> Page:
    number = clamp_page(page)
    rows = await Notification.select().where(Notification.employee == employee_id).order_by(
        Notification.created_at, ascending=False).limit(PER_PAGE).offset((number - 1) * PER_PAGE)
    return Page(rows=rows, total=await Notification.count().where(Notification.employee == employee_id),
                number=number)


async def mark_all_read(employee_id: int) -> None:
    await Notification.update({Notification.read_at: clock.now()}).where(
        Notification.employee == employee_id, Notification.read_at.is_null())


async def outbox(page: int = 1) -> Page:
    """For L&D: reminders that are retrying or gave up, with the last error."""
    number = clamp_page(page)
    where = Reminder.status.is_in(["retry", "failed"])
    rows = await Reminder.select(
        Reminder.id, Reminder.kind, Reminder.status, Reminder.attempts, Reminder.last_error, Reminder.next_attempt_at,
        Reminder.due_at, Reminder.employee.email.as_alias("email"),
    ).where(where).order_by(Reminder.due_at, ascending=False).limit(PER_PAGE).offset((number - 1) * PER_PAGE)
    return Page(rows=rows, total=await Reminder.count().where(where), number=number)


async def retry_now(reminder_id: int) -> None:
    await Reminder.update({Reminder.status: "retry", Reminder.next_attempt_at: clock.now()}).where(
        Reminder.id == reminder_id, Reminder.status == "failed")
