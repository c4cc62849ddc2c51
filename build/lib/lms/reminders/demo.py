"""Demo history for the loop's last step: check-ins answered at each moment, some still open,
and an inbox with something in it. Loading it twice changes nothing."""
import json
import random
from datetime import timedelta

from lms import clock
from lms.people.demo import DEMO_LOGINS
from lms.reminders import checkins, messages, planner
from lms.reminders.tables import CheckIn, Notification, Reminder
from lms.settings import load_settings

EXAMPLES = [
    ("regularly", 5, "I checked the fire doors on my floor; two were wedged open and are closed now.", ""),
    ("sometimes", 4, "Used the checklist during the evacuation drill.", "time"),
    ("regularly", 4, "I do the forklift check every morning now; found a worn chain last week.", ""),
    ("not_yet", 2, "", "time,support"),
    ("sometimes", 3, "Explained the extinguisher types to a new colleague.", "tools"),
]


async def load_demo_reminders() -> bool:
    if await CheckIn.exists():
        return False
    now = clock.now()
    settings = load_settings()
    await checkins.plan(now, settings)
    await planner.plan(now)
    answers = random.Random(7)
    due = await CheckIn.select(CheckIn.id, CheckIn.due_at, CheckIn.respondent.email.as_alias("email")).where(
        CheckIn.due_at <= now - timedelta(days=3))
    for number, checkin in enumerate(due):
        if number % 4 == 3 or checkin["email"] == DEMO_LOGINS["employee"]:
            continue  # some stay open, as in real life; the demo employee finds hers on the home page
        applied, impact, example, obstacles = answers.choice(EXAMPLES)
        await CheckIn.update({CheckIn.applied: applied, CheckIn.impact: impact, CheckIn.example: example,
                              CheckIn.obstacles: obstacles, CheckIn.answered_at: checkin["due_at"] + timedelta(days=1)
                              }).where(CheckIn.id == checkin["id"])
    # what came due lately is in people's inboxes; older reminders went out long ago
    await Reminder.update({Reminder.status: "sent", Reminder.sent_at: Reminder.due_at}).where(
        Reminder.due_at < now - timedelta(days=14))
    for reminder in await Reminder.select().where(Reminder.status == "pending", Reminder.due_at <= now):
        message = await messages.render(reminder["kind"], _payload(reminder), settings, reminder["employee"])
        await Notification.insert(Notification(employee=reminder["employee"], reminder=reminder["id"],
                                               title=message.title, body=message.body, url=message.app_path,
                                               created_at=reminder["due_at"]))
        await Reminder.update({Reminder.status: "sent", Reminder.sent_at: now}).where(Reminder.id == reminder["id"])
    return True


def _payload(reminder: dict) -> dict:
    payload = reminder["payload"]
    return json.loads(payload) if isinstance(payload, str) else payload
