"""Events' services, one module per concern; the names other features use are here.

``definitions`` (events as organisers define them, the list and the page), ``registration``
(places and the waiting list), ``invitations`` (the e-mail with the .ics, the calendar feed's
entries), ``attendance`` (ticks, codes, the badge), ``feedback`` (the form and its results),
``messages`` (to everyone registered), ``organisers`` (who organises, registrations, CSV),
``sweeps`` (reminders, feedback requests)."""

from lms.events.services.attendance import (
    award_attendance,
    code_open,
    code_window,
    enter_code,
    set_attendance,
    wrong_codes,
)
from lms.events.services.definitions import (
    KIND_LABELS,
    EventInput,
    EventList,
    as_input,
    create_event,
    find_event,
    list_events,
    parse_presenters,
    places_taken,
    update_event,
)
from lms.events.services.feedback import FeedbackNotOpen, Results, can_give_feedback, chart, give_feedback, results
from lms.events.services.invitations import calendar_entries, invitation_ics
from lms.events.services.messages import messages_of, send_message
from lms.events.services.organisers import check_organiser, counts, is_organiser, registrations_csv, registrations_page
from lms.events.services.registration import (
    RegistrationClosed,
    Standing,
    cancel,
    fill_places,
    lock_event,
    register,
    registration_state,
    registrations_of,
    standing,
)

__all__ = [
    "KIND_LABELS", "EventInput", "EventList", "FeedbackNotOpen", "RegistrationClosed", "Results", "Standing", "as_input",
    "award_attendance", "calendar_entries", "cancel", "can_give_feedback", "chart", "check_organiser", "code_open",
    "code_window", "counts", "create_event", "enter_code", "fill_places", "find_event", "give_feedback", "invitation_ics",
    "is_organiser", "list_events", "lock_event", "messages_of", "parse_presenters", "places_taken", "registration_state",
    "register", "registrations_csv", "registrations_of", "registrations_page", "results", "send_message", "set_attendance",
    "standing", "update_event", "wrong_codes",
]
