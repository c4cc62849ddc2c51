"""E-mail over SMTP: plain text with an HTML alternative, sent one by one in a worker thread."""
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


class Outbox:
    """One SMTP session, opened at the first message: `send` hands a message over in a worker thread
    and returns "" once the server took it, or why not. After the connection breaks, every later
    message gets the same error, so the caller can retry them later."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None
        self.broken = ""

    def _connect(self) -> smtplib.SMTP:
        smtp = smtplib.SMTP(self.settings.smtp_host, self.settings.smtp_port, timeout=20)
        if self.settings.smtp_starttls:
            smtp.starttls()
        if self.settings.smtp_user:
            smtp.login(self.settings.smtp_user, self.settings.smtp_password)
        return smtp

    def _send(self, message: EmailMessage) -> str:
        if self.broken:
            return self.broken
        try:
            self.smtp = self.smtp or self._connect()
        except (OSError, smtplib.SMTPException) as error:
            self.broken = f"{type(error).__name__}: {error}"
            return self.broken
        try:
            self.smtp.send_message(message)
            return ""
        except (OSError, smtplib.SMTPServerDisconnected) as error:
            self.broken = f"{type(error).__name__}: {error}"
            return self.broken
        except smtplib.SMTPException as error:  # refused this one; the connection goes on
            return f"{type(error).__name__}: {error}"

    async def send(self, message: EmailMessage) -> str:
        return await asyncio.to_thread(self._send, message)

    async def __aenter__(self) -> "Outbox":
        return self

    async def __aexit__(self, *exc) -> None:
        if self.smtp is not None:
            await asyncio.to_thread(self._quit)

    def _quit(self) -> None:
        try:
            self.smtp.quit()
        except (OSError, smtplib.SMTPException):
            pass  # the messages are out; a failed goodbye changes nothing
