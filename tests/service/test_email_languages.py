"""Every e-mail kind, in each shipped language, through a real SMTP server on loopback: the
subject and body are in the recipient's saved language, the message says which (Content-Language
and the HTML part's lang), and dates are in the recipient's time zone, written in their language.
The scheduler writes each e-mail in its recipient's language and zone, never in the sender's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from markupsafe import escape

from lms.core.extensions import db
from lms.core.i18n import in_language
from lms.notifications.jobs import deliver_email
from lms.notifications.models import KINDS
from lms.notifications.services import notify_user
from tests.conftest import NOW
from tests.factories import make_user
from tests.service.test_email_delivery import bodies

WHEN, BEFORE = "2017-09-25T07:00:00+00:00", "2017-09-18T07:00:00+00:00"
COURSE, MODULE, ACTIVITY, BADGE = ("Opening Schools to STEM Careers", "Course introduction", "A plan for your school",
                                   "STEM Career Pathways")
ABOUT = {"course": "stem-careers", "course_title": COURSE, "module": "introduction", "module_title": MODULE,
         "activity": "plan", "activity_title": ACTIVITY, "run": "autumn-2017"}
PAYLOADS = {
    "module_opened": {**ABOUT, "opens_at": WHEN},
    "schedule_changed": {**ABOUT, "changes": [{"module": "introduction", "module_title": MODULE, "old": BEFORE, "new": WHEN}]},
    "window_closing": {**ABOUT, "ends_at": WHEN},
    "inactivity": ABOUT,
    "review_received": ABOUT,
    "claim_expiring": {**ABOUT, "review": 7, "expires_at": WHEN},
    "review_duties": {**ABOUT, "ends_at": WHEN, "submitted": True},
    "badge_awarded": {**ABOUT, "badge_title": BADGE, "assertion": "a1"},
    "work_hidden": {**ABOUT, "reason": "Copied from a website.", "what": "submission"},
    "work_restored": {**ABOUT, "what": "submission"},
    "result_overridden": {**ABOUT, "reason": "Peers missed the timeline."},
    # A reply in a followed discussion (its title and words are their authors', the same in every language)
    # and a daily digest of two.
    "discussion_reply": {**ABOUT, "course_language": "en", "thread": 4, "title": "Careers fairs", "post": 9,
                         "author": "Bea Brown", "excerpt": "We invite parents who work in labs.", "language": "en"},
    "discussion_digest": {"date": "2017-10-03", "count": 2, "more": 0, "course_title": COURSE, "threads": [
        {"course": "stem-careers", "course_title": COURSE, "course_language": "en", "thread": 4, "title": "Careers fairs",
         "replies": [{"post": 9, "author": "Bea Brown", "excerpt": "We invite parents who work in labs.", "language": "en"},
                     {"post": 11, "author": "Cy Young", "excerpt": "Our fair is in March.", "language": None}]}]},
    # A tutor hid one of the reader's discussion posts, with a reason.
    "post_hidden": {**ABOUT, "course_language": "en", "thread": 4, "thread_title": "Careers fairs", "post": 9,
                    "reason": "It names a pupil."},
    # A tutor's announcement: its subject and body are the tutor's words, the same in every language.
    "announcement": {**ABOUT, "run_id": 1, "announcement": 1, "author": "Tess Tutor", "subject": "Monday session",
                     "text": "Bring **your plan** to the Monday session.", "language": "en",
                     "html": "<p>Bring <strong>your plan</strong> to the Monday session.</p>"},
}
PAYLOADS.update({  # the person's own account: their data export, retention's warning
    "data_export_ready": {"export": "e" * 32, "expires_at": WHEN},
    "account_inactive": {"erase_on": WHEN},
    # Events: a reminder the day before (lms/events/templates/email/event.txt).
    "event": {"what": "reminder", "event": "robotics", "event_title": "Robotics for librarians", "starts_at": WHEN,
              "timezone": "Europe/Brussels"},
    # An assessor's decision on an organisation's application for an award (lms/organisations/templates/email/).
    "organisation_award": {"organisation": 7, "organisation_name": "Riverside Library", "application": 3,
                           "scheme_title": "STEM Award", "level_name": "Bronze", "award": "a" * 32,
                           "reason": "A clear portfolio."},
    # A programme completed: its badge and certificate (lms/programmes/templates/email/).
    "programme_completed": {"programme": "stem-outreach-libraries", "title": "STEM Outreach for Libraries",
                            "language": "en", "award": "b" * 32, "certificate": "c" * 32},
})
ACCOUNT_NOTICES = {"data_export_ready", "account_inactive"}  # not optional: no "choose which e-mails" footer
DIGEST = "badges_awarded"  # two badges earned within a minute: one e-mail
FOLLOWED = "http://localhost/courses/stem-careers/discussions/threads/4?after=8#post-9"  # a digest's thread, at its first reply


@dataclass(frozen=True)
class Language:
    zone: str
    greeting: str  # with {name}
    footer: str
    subjects: dict[str, str]  # with {course} {module} {activity} {badge}
    said: dict[str, str]  # a phrase of each kind's body, dates in the recipient's zone and language


def _dated(when: str, before: str, phrases: dict[str, str]) -> dict[str, str]:
    return {kind: phrase.format(when=when, before=before) for kind, phrase in phrases.items()}


LANGUAGES = {
    "en": Language(
        "America/New_York", "Hello {name},", "Choose which e-mails you get: http://localhost/account",
        {"module_opened": "“{module}” is now open", "schedule_changed": "New dates in {course}",
         "window_closing": "{course} closes in 7 days", "inactivity": "Your course is waiting for you: {course}",
         "review_received": "A peer has reviewed your work: {activity}",
         "claim_expiring": "Your review of “{activity}” expires soon", "review_duties": "Peer review still open in {course}",
         "badge_awarded": "You earned a badge: {badge}", "work_hidden": "A tutor has hidden your work: {activity}",
         "work_restored": "A tutor has restored your work: {activity}",
         "result_overridden": "A tutor has set your result: {activity}", DIGEST: "You earned 2 badges",
         "announcement": "Monday session",
         "discussion_reply": "New reply in “Careers fairs”", "discussion_digest": "2 new replies in discussions you follow",
         "post_hidden": "A tutor has hidden your post in “Careers fairs”",
         "data_export_ready": "Your data is ready to download", "account_inactive": "Your account will be deleted unless you log in",
         "event": "Tomorrow: Robotics for librarians",
         "organisation_award": "A decision on Riverside Library's application",
         "programme_completed": "You completed the programme “STEM Outreach for Libraries”"},
        _dated("Mon, 25 Sept 2017, 03:00 EDT", "Mon, 18 Sept 2017, 03:00 EDT", {
            "module_opened": '"Course introduction" in Opening Schools to STEM Careers opened on {when}.',
            "schedule_changed": "- Course introduction: now opens {when} (was {before})",
            "window_closing": "Opening Schools to STEM Careers closes on {when}. After that you can still read everything",
            "inactivity": "It has been two weeks since you last worked on Opening Schools to STEM Careers.",
            "review_received": 'A peer has reviewed your work for "A plan for your school"',
            "claim_expiring": '"A plan for your school" expires on {when}.',
            "review_duties": "closes on {when}, and your peer-review work",
            "badge_awarded": 'Congratulations: you earned the badge "STEM Career Pathways" in Opening Schools to STEM Careers.',
            "work_hidden": "peers are no longer asked to review it.\n\nThe tutor's reason: Copied from a website.",
            "work_restored": "it is visible to reviewers again",
            "result_overridden": "in place of the peers' scores.",
            DIGEST: "Congratulations: you earned 2 badges.",
            "announcement": "Tess Tutor, your tutor in Opening Schools to STEM Careers, writes:",
            "discussion_reply": "Bea Brown replied in \"Careers fairs\" (Opening Schools to STEM Careers):",
            "discussion_digest": "2 new replies in discussions you follow:\n\n\"Careers fairs\" (Opening Schools to STEM Careers): " + FOLLOWED,
            "post_hidden": "A tutor has hidden your post in the discussion \"Careers fairs\" (Opening Schools to STEM Careers): the other learners no longer see it.",
            "data_export_ready": "The copy of your data that you asked for is ready.", "account_inactive": "To keep it, log in before then:",
            "event": "A reminder: “Robotics for librarians” starts {when}.",
            "organisation_award": "An assessor has decided on Riverside Library's application: it earns the STEM Award at Bronze.",
            "programme_completed": 'Congratulations: you completed the programme "STEM Outreach for Libraries".',
        })),
    "fr": Language(
        "Europe/Paris", "Bonjour {name},", "Choisissez les e-mails que vous recevez : http://localhost/account",
        {"module_opened": "« {module} » est maintenant ouvert", "schedule_changed": "Nouvelles dates dans {course}",
         "window_closing": "{course} ferme dans 7 jours", "inactivity": "Votre cours vous attend : {course}",
         "review_received": "Un pair a évalué votre travail : {activity}",
         "claim_expiring": "Votre évaluation de « {activity} » expire bientôt",
         "review_duties": "Évaluation par les pairs à terminer dans {course}",
         "badge_awarded": "Vous avez obtenu un badge : {badge}", "work_hidden": "Un tuteur a masqué votre travail : {activity}",
         "work_restored": "Un tuteur a rétabli votre travail : {activity}",
         "result_overridden": "Un tuteur a fixé votre résultat : {activity}", DIGEST: "Vous avez obtenu 2 badges",
         "announcement": "Monday session",
         "discussion_reply": "Nouvelle réponse dans «\u00a0Careers fairs\u00a0»", "discussion_digest": "2 nouvelles réponses dans les discussions que vous suivez",
         "post_hidden": "Un tuteur a masqué votre message dans « Careers fairs »",
         "data_export_ready": "Vos données sont prêtes à être téléchargées", "account_inactive": "Votre compte sera supprimé si vous ne vous connectez pas",
         "event": "Demain : Robotics for librarians",
         "organisation_award": "Une décision sur la candidature de Riverside Library",
         "programme_completed": "Vous avez terminé le programme « STEM Outreach for Libraries »"},
        _dated("lun. 25 sept. 2017, 09:00 CEST", "lun. 18 sept. 2017, 09:00 CEST", {
            "module_opened": "« Course introduction » (Opening Schools to STEM Careers) est ouvert depuis le {when}.",
            "schedule_changed": "- Course introduction : ouvre désormais le {when} (au lieu du {before})",
            "window_closing": "Opening Schools to STEM Careers ferme le {when}. Ensuite, tout reste lisible",
            "inactivity": "Cela fait deux semaines que vous n'avez pas travaillé sur Opening Schools to STEM Careers.",
            "review_received": "Un pair a évalué votre travail pour « A plan for your school »",
            "claim_expiring": "« A plan for your school » expire le {when}.",
            "review_duties": "ferme le {when} et votre travail d'évaluation par les pairs",
            "badge_awarded": "Félicitations : vous avez obtenu le badge « STEM Career Pathways » dans Opening Schools to STEM Careers.",
            "work_hidden": "il n'est plus proposé à l'évaluation par les pairs.\n\nLa raison donnée par le tuteur : Copied from a website.",
            "work_restored": "les pairs le voient de nouveau",
            "result_overridden": "à la place des notes des pairs.",
            DIGEST: "Félicitations : vous avez obtenu 2 badges.",
            "announcement": "Tess Tutor, qui encadre Opening Schools to STEM Careers, vous écrit :",
            "discussion_reply": "Bea Brown a répondu dans « Careers fairs » (Opening Schools to STEM Careers) :",
            "discussion_digest": "2 nouvelles réponses dans les discussions que vous suivez :\n\n« Careers fairs » (Opening Schools to STEM Careers) : " + FOLLOWED,
            "post_hidden": "Un tuteur a masqué votre message dans la discussion « Careers fairs » (Opening Schools to STEM Careers) : les autres apprenants ne le voient plus.",
            "data_export_ready": "La copie de vos données que vous avez demandée est prête.", "account_inactive": "Pour le conserver, connectez-vous avant cette date :",
            "event": "Rappel : « Robotics for librarians » commence le {when}.",
            "organisation_award": "Un évaluateur a statué sur la candidature de Riverside Library : elle obtient le STEM Award au niveau Bronze.",
            "programme_completed": "Félicitations : vous avez terminé le programme « STEM Outreach for Libraries ».",
        })),
    "de": Language(
        "Europe/Berlin", "Guten Tag {name},", "Wählen Sie, welche E-Mails Sie erhalten: http://localhost/account",
        {"module_opened": "„{module}“ ist jetzt freigeschaltet", "schedule_changed": "Neue Termine in {course}",
         "window_closing": "{course} endet in 7 Tagen", "inactivity": "Ihr Kurs wartet auf Sie: {course}",
         "review_received": "Ihre Arbeit wurde im Peer-Review begutachtet: {activity}",
         "claim_expiring": "Ihr Review zu „{activity}“ läuft bald ab", "review_duties": "Peer-Review in {course} noch offen",
         "badge_awarded": "Sie haben ein Abzeichen erhalten: {badge}",
         "work_hidden": "Ein Tutor hat Ihre Arbeit ausgeblendet: {activity}",
         "work_restored": "Ein Tutor hat Ihre Arbeit wieder sichtbar gemacht: {activity}",
         "result_overridden": "Ein Tutor hat Ihr Ergebnis festgelegt: {activity}", DIGEST: "Sie haben 2 Abzeichen erhalten",
         "announcement": "Monday session",
         "discussion_reply": "Neue Antwort in „Careers fairs“", "discussion_digest": "2 neue Antworten in Diskussionen, denen Sie folgen",
         "post_hidden": "Ein Tutor hat Ihren Beitrag in „Careers fairs“ ausgeblendet",
         "data_export_ready": "Ihre Daten stehen zum Herunterladen bereit", "account_inactive": "Ihr Konto wird gelöscht, wenn Sie sich nicht anmelden",
         "event": "Morgen: Robotics for librarians",
         "organisation_award": "Eine Entscheidung über den Antrag von Riverside Library",
         "programme_completed": "Sie haben das Programm „STEM Outreach for Libraries“ abgeschlossen"},
        _dated("Mo., 25. Sept. 2017, 09:00 CEST", "Mo., 18. Sept. 2017, 09:00 CEST", {
            "module_opened": "„Course introduction“ in Opening Schools to STEM Careers ist seit {when} freigeschaltet.",
            "schedule_changed": "- Course introduction: wird jetzt am {when} freigeschaltet (bisher {before})",
            "window_closing": "Opening Schools to STEM Careers endet am {when}. Danach können Sie weiterhin alles lesen",
            "inactivity": "Sie haben seit zwei Wochen nicht mehr an Opening Schools to STEM Careers gearbeitet.",
            "review_received": "Ihre Arbeit zu „A plan for your school“ (Opening Schools to STEM Careers) wurde im Peer-Review begutachtet.",
            "claim_expiring": "„A plan for your school“ begonnen haben, läuft am {when} ab.",
            "review_duties": "endet am {when}, und Ihr Peer-Review",
            "badge_awarded": "Herzlichen Glückwunsch: Sie haben das Abzeichen „STEM Career Pathways“ in Opening Schools to STEM Careers erhalten.",
            "work_hidden": "Sie wird nicht mehr zum Peer-Review angeboten.\n\nBegründung des Tutors: Copied from a website.",
            "work_restored": "wird wieder zum Peer-Review angeboten",
            "result_overridden": "anstelle der Bewertungen aus dem Peer-Review festgelegt.",
            DIGEST: "Herzlichen Glückwunsch: Sie haben 2 Abzeichen erhalten.",
            "announcement": "Tess Tutor aus dem Tutorenteam von Opening Schools to STEM Careers schreibt Ihnen:",
            "discussion_reply": "Bea Brown hat in „Careers fairs“ (Opening Schools to STEM Careers) geantwortet:",
            "discussion_digest": "2 neue Antworten in Diskussionen, denen Sie folgen:\n\n„Careers fairs“ (Opening Schools to STEM Careers): " + FOLLOWED,
            "post_hidden": "Ein Tutor hat Ihren Beitrag in der Diskussion „Careers fairs“ (Opening Schools to STEM Careers) ausgeblendet: Die anderen Lernenden sehen ihn nicht mehr.",
            "data_export_ready": "Die Kopie Ihrer Daten, die Sie angefordert haben, ist fertig.", "account_inactive": "Um es zu behalten, melden Sie sich vorher an:",
            "event": "Zur Erinnerung: „Robotics for librarians“ beginnt am {when}.",
            "organisation_award": "Ein Gutachter hat über den Antrag von Riverside Library entschieden: Sie erhält den STEM Award auf Stufe Bronze.",
            "programme_completed": "Herzlichen Glückwunsch: Sie haben das Programm „STEM Outreach for Libraries“ abgeschlossen.",
        })),
    "es": Language(
        "Atlantic/Canary", "Hola, {name}:", "Elija qué correos quiere recibir: http://localhost/account",
        {"module_opened": "«{module}» ya está abierto", "schedule_changed": "Nuevas fechas en {course}",
         "window_closing": "{course} se cierra dentro de 7 días", "inactivity": "Su curso le espera: {course}",
         "review_received": "Un compañero ha evaluado su trabajo: {activity}",
         "claim_expiring": "Su evaluación de «{activity}» caduca pronto",
         "review_duties": "Evaluación entre pares aún pendiente en {course}",
         "badge_awarded": "Ha obtenido una insignia: {badge}", "work_hidden": "Un tutor ha ocultado su trabajo: {activity}",
         "work_restored": "Un tutor ha restablecido su trabajo: {activity}",
         "result_overridden": "Un tutor ha fijado su resultado: {activity}", DIGEST: "Ha obtenido 2 insignias",
         "announcement": "Monday session",
         "discussion_reply": "Nueva respuesta en «Careers fairs»", "discussion_digest": "2 nuevas respuestas en las discusiones que sigue",
         "post_hidden": "Un tutor ha ocultado su mensaje en «Careers fairs»",
         "data_export_ready": "Sus datos están listos para descargar", "account_inactive": "Su cuenta se eliminará si no inicia sesión",
         "event": "Mañana: Robotics for librarians",
         "organisation_award": "Una decisión sobre la solicitud de Riverside Library",
         "programme_completed": "Ha completado el programa «STEM Outreach for Libraries»"},
        _dated("lun, 25 sept 2017, 08:00 WEST", "lun, 18 sept 2017, 08:00 WEST", {
            "module_opened": "«Course introduction», de Opening Schools to STEM Careers, se abrió el {when}.",
            "schedule_changed": "- Course introduction: ahora se abre el {when} (antes, el {before})",
            "window_closing": "Opening Schools to STEM Careers se cierra el {when}. Después podrá seguir leyéndolo todo",
            "inactivity": "Hace dos semanas que no trabaja en Opening Schools to STEM Careers.",
            "review_received": "Un compañero ha evaluado su trabajo de «A plan for your school»",
            "claim_expiring": "«A plan for your school» caduca el {when}.",
            "review_duties": "se cierra el {when} y su trabajo de evaluación entre pares",
            "badge_awarded": "Enhorabuena: ha obtenido la insignia «STEM Career Pathways» en Opening Schools to STEM Careers.",
            "work_hidden": "ya no se pide a sus compañeros que lo evalúen.\n\nMotivo indicado por el tutor: Copied from a website.",
            "work_restored": "vuelve a ser visible para los evaluadores",
            "result_overridden": "en lugar de las puntuaciones de sus compañeros.",
            DIGEST: "Enhorabuena: ha obtenido 2 insignias.",
            "announcement": "Tess Tutor, del equipo docente de Opening Schools to STEM Careers, le escribe:",
            "discussion_reply": "Bea Brown ha respondido en «Careers fairs» (Opening Schools to STEM Careers):",
            "discussion_digest": "2 nuevas respuestas en las discusiones que sigue:\n\n«Careers fairs» (Opening Schools to STEM Careers): " + FOLLOWED,
            "post_hidden": "Un tutor ha ocultado su mensaje en la discusión «Careers fairs» (Opening Schools to STEM Careers): los demás participantes ya no lo ven.",
            "data_export_ready": "La copia de sus datos que solicitó está lista.", "account_inactive": "Para conservarla, inicie sesión antes de esa fecha:",
            "event": "Un recordatorio: «Robotics for librarians» empieza el {when}.",
            "organisation_award": "Un evaluador ha resuelto la solicitud de Riverside Library: obtiene el STEM Award en el nivel Bronze.",
            "programme_completed": "Enhorabuena: ha completado el programa «STEM Outreach for Libraries».",
        })),
    "it": Language(
        "Asia/Tokyo", "Gentile {name},", "Scelga quali e-mail ricevere: http://localhost/account",
        {"module_opened": "«{module}» è ora aperto", "schedule_changed": "Nuove date in {course}",
         "window_closing": "{course} si chiude tra 7 giorni", "inactivity": "Il Suo corso La aspetta: {course}",
         "review_received": "Un pari ha valutato il Suo lavoro: {activity}",
         "claim_expiring": "La Sua valutazione di «{activity}» scade a breve",
         "review_duties": "Valutazione tra pari ancora in sospeso in {course}",
         "badge_awarded": "Ha ottenuto un badge: {badge}", "work_hidden": "Un tutor ha nascosto il Suo lavoro: {activity}",
         "work_restored": "Un tutor ha ripristinato il Suo lavoro: {activity}",
         "result_overridden": "Un tutor ha stabilito il Suo risultato: {activity}", DIGEST: "Ha ottenuto 2 badge",
         "announcement": "Monday session",
         "discussion_reply": "Nuova risposta in «Careers fairs»", "discussion_digest": "2 nuove risposte nelle discussioni che segue",
         "post_hidden": "Un tutor ha nascosto il Suo messaggio in «Careers fairs»",
         "data_export_ready": "I Suoi dati sono pronti per il download", "account_inactive": "Il Suo account verrà eliminato se non accede",
         "event": "Domani: Robotics for librarians",
         "organisation_award": "Una decisione sulla candidatura di Riverside Library",
         "programme_completed": "Ha completato il programma «STEM Outreach for Libraries»"},
        _dated("lun 25 set 2017, 16:00 JST", "lun 18 set 2017, 16:00 JST", {
            "module_opened": "«Course introduction» di Opening Schools to STEM Careers è stato aperto il {when}.",
            "schedule_changed": "- Course introduction: ora si apre il {when} (prima il {before})",
            "window_closing": "Opening Schools to STEM Careers si chiude il {when}. Dopo potrà ancora leggere tutto",
            "inactivity": "Sono passate due settimane dall'ultima volta che ha lavorato a Opening Schools to STEM Careers.",
            "review_received": "Un pari ha valutato il Suo lavoro per «A plan for your school»",
            "claim_expiring": "«A plan for your school» scade il {when}.",
            "review_duties": "si chiude il {when} e il Suo lavoro di valutazione tra pari",
            "badge_awarded": "Congratulazioni: ha ottenuto il badge «STEM Career Pathways» in Opening Schools to STEM Careers.",
            "work_hidden": "non viene più proposto per la valutazione tra pari.\n\nMotivazione del tutor: Copied from a website.",
            "work_restored": "è di nuovo visibile ai revisori",
            "result_overridden": "al posto dei punteggi dei pari.",
            DIGEST: "Congratulazioni: ha ottenuto 2 badge.",
            "announcement": "Tess Tutor, tutor di Opening Schools to STEM Careers, Le scrive:",
            "discussion_reply": "Bea Brown ha risposto in «Careers fairs» (Opening Schools to STEM Careers):",
            "discussion_digest": "2 nuove risposte nelle discussioni che segue:\n\n«Careers fairs» (Opening Schools to STEM Careers): " + FOLLOWED,
            "post_hidden": "Un tutor ha nascosto il Suo messaggio nella discussione «Careers fairs» (Opening Schools to STEM Careers): gli altri partecipanti non lo vedono più.",
            "data_export_ready": "La copia dei Suoi dati che ha richiesto è pronta.", "account_inactive": "Per conservarlo, acceda prima di tale data:",
            "event": "Promemoria: «Robotics for librarians» inizia il {when}.",
            "organisation_award": "Un valutatore ha deciso sulla candidatura di Riverside Library: ottiene lo STEM Award al livello Bronze.",
            "programme_completed": "Congratulazioni: ha completato il programma «STEM Outreach for Libraries».",
        })),
}


def test_every_kind_of_notification_and_the_badge_digest_have_words_in_every_language():
    for language in LANGUAGES.values():
        assert set(language.subjects) == set(language.said) == {*KINDS, DIGEST}


def _recipients(language: str, *, now) -> tuple:
    """One recipient of every kind of e-mail (one badge: its own e-mail), one of a digest of two badges."""
    zone = LANGUAGES[language].zone
    each = make_user(name="Ada Lovelace", timezone=zone, now=now)
    digest = make_user(name="Grace Hopper", timezone=zone, now=now)
    each.language = digest.language = language
    db.session.commit()
    for kind in KINDS:
        notify_user(each.id, kind=kind, key=f"{kind}:test", payload=PAYLOADS[kind], now=now)
    for uid in ("b1", "b2"):
        notify_user(digest.id, kind="badge_awarded", key=f"badge_awarded:{uid}", now=now,
                    payload={**PAYLOADS["badge_awarded"], "assertion": uid})
    db.session.commit()
    return each, digest


def _check(message, language: str, name: str, kind: str) -> None:
    expected = LANGUAGES[language]
    assert message["Content-Language"] == language
    text, html = bodies(message)
    assert text.startswith(expected.greeting.format(name=name) + "\n\n"), (kind, text)
    assert expected.said[kind] in text, (language, kind, text)
    if kind not in ACCOUNT_NOTICES:
        assert expected.footer in text, (language, kind, text)
    assert f'<html lang="{language}">' in html
    assert str(escape(expected.said[kind].split("\n")[0].removeprefix("- "))) in html, (language, kind, html)


def subjects(messages) -> dict:
    """Subject -> message. A long subject is folded onto the header's next line, which Python's
    parser keeps as a leading space (a mail client drops it, as RFC 5322 unfolding allows)."""
    return {message["Subject"].strip(): message for message in messages}


def _subject(language: str, kind: str) -> str:
    return LANGUAGES[language].subjects[kind].format(course=COURSE, module=MODULE, activity=ACTIVITY, badge=BADGE)


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_email_kind_is_sent_in_the_recipients_language_with_dates_in_their_zone(app, smtp, language):
    each, digest = _recipients(language, now=NOW)
    assert deliver_email(NOW + timedelta(minutes=1, seconds=1)) == len(KINDS) + 1
    to_each = subjects(message for message in smtp.messages if message["To"] == each.email)
    assert set(to_each) == {_subject(language, kind) for kind in KINDS}
    for kind in KINDS:
        _check(to_each[_subject(language, kind)], language, "Ada Lovelace", kind)
    [together] = [message for message in smtp.messages if message["To"] == digest.email]
    assert together["Subject"].strip() == _subject(language, DIGEST)
    _check(together, language, "Grace Hopper", DIGEST)
    assert bodies(together)[0].count("- ") >= 2 and bodies(together)[1].count("<li>") == 2


def test_the_scheduler_writes_to_each_recipient_in_their_language_never_in_the_senders(app, smtp):
    recipients = {language: _recipients(language, now=NOW)[0] for language in LANGUAGES}
    with in_language("de"):  # a sender drawing in German (say, a process whose default is German)
        assert deliver_email(NOW + timedelta(minutes=1, seconds=1)) == (len(KINDS) + 1) * len(LANGUAGES)
    for language, user in recipients.items():
        received = subjects(message for message in smtp.messages if message["To"] == user.email)
        assert set(received) == {_subject(language, kind) for kind in KINDS}
        _check(received[_subject(language, "module_opened")], language, "Ada Lovelace", "module_opened")
