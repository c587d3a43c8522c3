"""Discussions' services, one module per concern; the names other features use are here.

``access`` (who may read and write a run's discussions), ``threads`` (the forums, thread lists,
a thread's page, unread markers), ``posting`` (threads, replies, quotes, edits with history,
deletion), ``moderation`` (reports, pin, lock, endorse, hide, the posting limit), ``reactions``
(helpful marks), ``following`` (followers told of replies, the daily digest), ``search``."""

from lms.discussions.services.access import Forum, open_forum, post_forum, thread_forum
from lms.discussions.services.posting import CannotWrite, delete_post, edit_post, editable_post, post_history, refresh_thread, reply, start_thread
from lms.discussions.services.threads import GENERAL, get_thread_page, list_forums, list_threads, new_thread
from lms.discussions.services.counts import count_posts
from lms.discussions.services.names import set_discussion_settings

__all__ = [
    "CannotWrite", "GENERAL", "delete_post", "edit_post", "editable_post", "get_thread_page", "list_forums", "list_threads", "new_thread",
    "post_history", "refresh_thread", "reply", "start_thread",  # threads and posting
    "Forum", "count_posts", "open_forum", "post_forum", "set_discussion_settings", "thread_forum"]
from lms.discussions.services.search import search_posts  # noqa: E402

__all__ += ["search_posts"]
from lms.discussions.services.moderation import REPORT_REASONS, PostingLimit, check_posting_limit, decide  # noqa: E402
from lms.discussions.services.reactions import mark_helpful  # noqa: E402

__all__ += ["PostingLimit", "REPORT_REASONS", "check_posting_limit", "decide", "mark_helpful"]  # moderation, reactions
