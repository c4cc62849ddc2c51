"""E-mail over SMTP: plain text with an HTML alternative, sent in a worker thread."""
import asyncio
import smtplib
from email.message import EmailMessage
from email.utils import make_msgid

from lms.settings import Settings


class MailError(Exception):
    pass


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


def _send(settings: Settings, message: EmailMessage) -> None:
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=20) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"{type(error).__name__}: {error}") from error


async def send(settings: Settings, message: EmailMessage) -> None:
    await asyncio.to_thread(_send, settings, message)
