"""E-mail over SMTP: plain text with an HTML alternative, sent in a worker thread."""
import asyncio
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from lms.settings import Settings


def build(settings: Settings, to: str, subject: str, text: str, html: str,
          attachments: tuple[tuple[str, str, bytes], ...] = ()) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=settings.mail_from.partition("@")[2] or "lms")
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    for filename, media_type, content in attachments:
        maintype, _, subtype = media_type.partition("/")
        message.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return message


def _send_all(settings: Settings, messages: list[EmailMessage]) -> list[str]:
    """Sends over one connection; returns an error text per message ("" when it went out)."""
    errors: list[str | None] = [None] * len(messages)  # None: not tried yet
    if not messages:
        return []
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=20) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            for number, message in enumerate(messages):
                try:
                    smtp.send_message(message)
                    errors[number] = ""
                except smtplib.SMTPServerDisconnected:
                    raise
                except smtplib.SMTPException as error:  # refused this one; the connection goes on
                    errors[number] = f"{type(error).__name__}: {error}"
    except (OSError, smtplib.SMTPException) as error:  # the server went away: what was not sent, retries
        errors = [f"{type(error).__name__}: {error}" if e is None else e for e in errors]
    return [e or "" for e in errors]


async def send_all(settings: Settings, messages: list[EmailMessage]) -> list[str]:
    return await asyncio.to_thread(_send_all, settings, messages)
