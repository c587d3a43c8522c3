"""``flask reports progress|quizzes|reviews|badges COURSE RUN [--output FILE]``: the run's CSV
exports from the command line, the same files as the tutors' downloads (the same services), in
the site's default language unless ``--language`` says otherwise."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from lms.cohort.services import exports
from lms.core import clock
from lms.core.errors import DomainError
from lms.core.i18n import in_language

cli = AppGroup("reports", help="Export a run's learners, quiz results, peer review results and badges as CSV.")


def _report(kind: str, help_text: str):
    @cli.command(kind, help=help_text)
    @click.argument("course_slug", metavar="COURSE")
    @click.argument("run_slug", metavar="RUN")
    @click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True, allow_dash=True), default="-",
                  show_default=True, help="The file to write ('-': standard output).")
    @click.option("--separator", type=click.Choice(["comma", "semicolon"]), default=None,
                  help="Commas with a decimal point, or semicolons with a decimal comma; by default the one "
                       "usual in the chosen language.")
    @click.option("--language", default=None, help="The column names' language (a shipped one); by default the site's.")
    @click.option("--status", type=click.Choice([status for status in exports.STATUSES if status]), default=None,
                  help="Only the learners with this status, as the learner list filters them.")
    @click.option("--search", default="", help="Only the learners whose name or e-mail address holds this text.")
    def command(course_slug: str, run_slug: str, output: str, separator: str | None, language: str | None,
                status: str | None, search: str) -> None:
        with in_language(language):
            try:
                export = exports.operator_export(
                    course_slug, run_slug, kind, layout=exports.choose_layout(separator), now=clock.now(),
                    learner_filter=exports.LearnerFilter.from_args({"status": status or "", "q": search}))
            except DomainError as error:
                raise click.ClickException(str(error)) from None
            with click.open_file(output, "wb") as stream:  # "-": standard output, left open
                for chunk in export.chunks():
                    stream.write(chunk)

    return command


_report("progress", "Learners' progress: one row per learner, one column per module.")
_report("quizzes", "Quiz results: one row per learner and quiz.")
_report("reviews", "Peer review results: one row per piece of work submitted.")
_report("badges", "Badges issued: one row per badge awarded in the run.")
