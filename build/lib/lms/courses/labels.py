"""Readable names for course formats and routes, translated where they are shown."""
from lms.i18n import N_

FORMAT_LABELS = {
    "online": N_("Online, at your own pace"),
    "classroom": N_("Classroom"),
    "virtual": N_("Live online"),
    "blended": N_("Blended"),
}
ROUTE_LABELS = {
    "informal": N_("Informal activity"),
    "internal_expert": N_("Internal course by an in-house expert"),
    "internal_external_trainer": N_("Internal course by an external trainer"),
    "external_provider": N_("External course at a provider"),
}
LENGTH_LABELS = {"5": N_("Up to 5 minutes"), "15": N_("Up to 15 minutes"), "60": N_("Up to an hour"),
                 "long": N_("Longer")}
