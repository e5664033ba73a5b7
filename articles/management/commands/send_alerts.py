"""E-mail each reader the stories new to their saved searches (run from cron)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from articles.readers.digests import send_alerts
from articles.readers.locking import AlreadyRunning


class Command(BaseCommand):
    help = (
        "Mail each reader the stories new to their saved searches since their "
        "last digest, each story once. Safe to re-run, and to run from cron: "
        "a run stopped half way is finished by the next."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default=settings.NEWSROOM_SITE_URL,
            help="The archive's address, for the links in the e-mails "
            "(default: NEWSROOM_SITE_URL, %(default)s).",
        )

    def handle(self, *args, site_url, verbosity, **options):
        try:
            result = send_alerts(site_url=site_url)
        except AlreadyRunning:
            raise CommandError(
                "Another send_alerts is running; nothing done."
            ) from None
        for error in result.errors:
            self.stderr.write(f"Not sent: {error}")
        summary = (
            f"{result.sent} digest{'s' * (result.sent != 1)} sent "
            f"({result.stories} stor{'y' if result.stories == 1 else 'ies'}), "
            f"{result.written} written, {result.failed} failed"
        )
        if result.without_address:
            summary += (
                f"; {result.without_address} reader"
                f"{'s' * (result.without_address != 1)} with alerts and no "
                "e-mail address"
            )
        if result.failed:
            raise CommandError(summary + "; the next run sends what failed.")
        if verbosity:
            self.stdout.write(self.style.SUCCESS(summary))
