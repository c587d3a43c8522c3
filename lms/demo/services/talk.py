"""The demo's discussions, written through the discussions' own posting service as learners and
tutors write them: answers to a module's ```discussion prompts (each prompt a thread of one's own),
and a few replies. Words in the course's language (what people write is theirs, not the site's).

Each post carries a token made from who writes it and where, so a second ``demo setup`` finds the
post it wrote the first time and writes nothing (the posting service's double-click rule)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import TYPE_CHECKING

from lms.core.keyset import TOP
from lms.courses.services import content
from lms.discussions import services as discussions

if TYPE_CHECKING:
    from lms.accounts.models import User
    from lms.courses.models import Activity, Module

# (title, text) answering a prompt, by prompt slug and course language; {first}: the writer's first name.
ANSWERS = {
    "en": {
        "introduce-yourself": [
            ("Careers counsellor, rural lower-secondary school",
             "Hello, I'm {first}. I counsel about 300 pupils aged 11 to 15 in a rural school. We take every class to "
             "the regional job fair, but pupils come back remembering the free pens, not the jobs.\n\n"
             "**My question:** how do you make a short visit stick?"),
            ("Physics teacher in a large vocational school",
             "I'm {first} and I teach physics to 15 to 18-year-olds in a city vocational school. Many of our pupils "
             "already work part-time, so they know what a job is, but few see themselves as technicians.\n\n"
             "I'd like ideas for bringing former pupils back into lessons."),
            ("Head of a small primary and lower-secondary school",
             "Hi everyone, {first} here. I lead a school of 420 pupils from 6 to 14. We started a science club "
             "last year; it is popular with boys and almost nobody else.\n\n"
             "I hope to leave the course with one change for next term."),
            ("School librarian who runs the careers corner",
             "I'm {first}, librarian in a secondary school of 900 pupils. I keep the careers shelf and run a lunchtime "
             "club with a robotics kit.\n\n**My question:** which local employers answer a school's e-mail?"),
        ],
        "career-story": [
            ("From our coding club to the water company",
             "A former pupil of ours went from the lunchtime coding club to an apprenticeship at the regional water "
             "company. She now checks sensor data from the pumping stations.\n\nOur year 9 heard about it only "
             "because her younger brother told his class; next term she will talk to them herself."),
            ("A parent who repairs wind turbines",
             "One parent repairs wind turbines after a technical course he took at 30. He came to our open evening "
             "with photos from the top of a turbine, and pupils asked questions for an hour."),
        ],
        "maker-starting-point": [
            ("Paper circuit cards for the after-school crowd",
             "I'm {first}, in a branch library next to a primary school. My first session would be paper circuit "
             "cards on a Wednesday afternoon for 8 to 11-year-olds: copper tape, an LED and a coin cell each, about "
             "60 cents a card.\n\nI expect to run out of copper tape first, and I will keep the coin cells in a "
             "locked box as the module says."),
            ("A cardboard challenge in the summer reading programme",
             "Hello, {first} here. We already run a summer reading programme, so I would add one cardboard challenge "
             "a week: build a marble run, a boat, a bridge. Families take their build home. Tape will be the first "
             "thing to go, then patience with the glue guns."),
        ],
        "coding-club-help": [
            ("Explaining it out loud found the bug",
             "A boy in our club was sure Scratch was broken because his cat never moved. I asked him to read his "
             "script to me block by block; halfway through he said \"oh, it waits for the green flag, not the space "
             "key\" and fixed it himself. Taking the mouse would have been faster and taught him nothing."),
        ],
        "storytime-book-pairs": [
            ("A snail story and a close-up photo book",
             "For 3 to 5-year-olds: a picture book about a slow snail's journey, then an information book with "
             "close-up photographs of real snails. Question for the story: where do you think the snail is going? "
             "For the photos: what do you notice about its shell?"),
        ],
        "sink-or-float-basket": [
            ("An apple, a lime and a big wooden spoon",
             "Cork, metal spoon, wooden spoon, an apple, a lime, a sponge, a large plastic lid and a sealed empty "
             "bottle. The surprise should be the apple floating. Nothing smaller than a toilet-roll tube, and no "
             "marbles: the toddlers come with their older siblings."),
        ],
        "take-home-ideas": [
            ("Shadow hunt",
             "1. On a sunny day, go outside and find your shadow. 2. Stand still while your grown-up draws round it "
             "with chalk. 3. Come back an hour later and stand in the same place.\n\nAsk: what happened to your "
             "shadow? Where is the sun now?"),
        ],
        "reaching-new-makers": [
            ("Teenage girls, by the title alone",
             "Our coding club is almost all boys. When we called a session \"Design your own light-up badge\" instead "
             "of \"Electronics club\", nine girls came, five of them new to the library's events."),
        ],
    },
    "fr": {
        "presentez-vous": [
            ("Conseillère d'orientation dans un collège rural",
             "Bonjour, je suis {first}, conseillère d'orientation pour environ 300 élèves de 11 à 15 ans dans un "
             "collège rural. Nous emmenons chaque classe au salon régional des métiers, mais les élèves en retiennent "
             "surtout les stylos offerts.\n\n**Ma question :** comment faire pour qu'une courte visite marque les esprits ?"),
            ("Professeur de physique en lycée professionnel",
             "Je suis {first} et j'enseigne la physique à des élèves de 15 à 18 ans dans un lycée professionnel urbain. "
             "Beaucoup travaillent déjà à temps partiel, mais peu se voient techniciens.\n\n"
             "Je cherche des idées pour faire revenir d'anciens élèves en classe."),
        ],
        "histoire-de-metier": [
            ("Du club de programmation à la régie des eaux",
             "Une ancienne élève est passée du club de programmation de midi à un apprentissage à la régie des eaux. "
             "Elle surveille aujourd'hui les capteurs des stations de pompage.\n\nNos élèves de troisième l'ont su "
             "grâce à son petit frère ; le trimestre prochain, elle viendra leur en parler elle-même."),
        ],
    },
}
GENERAL_ANSWER = {
    "en": ("What we tried", "In our school, {first} and two colleagues tried this last term. It went better with a "
                            "small group than with the whole year: pupils asked more questions."),
    "fr": ("Ce que nous avons essayé", "Dans notre établissement, {first} et deux collègues ont essayé cela le trimestre "
                                       "dernier. Cela a mieux marché en petit groupe qu'avec tout le niveau : les élèves ont "
                                       "posé davantage de questions."),
}
REPLIES = {
    "en": ["Thank you, {first}: we have the same problem with job fairs. Have you tried asking pupils to prepare "
           "three questions before the visit?",
           "Welcome! A former pupil visiting on a video call worked well for us, and it cost nothing.",
           "That sounds familiar. Our club became more mixed when pupils could bring a friend."],
    "fr": ["Merci {first} : nous avons le même souci avec les salons. Avez-vous essayé de faire préparer trois "
           "questions aux élèves avant la visite ?",
           "Bienvenue ! Chez nous, un ancien élève en visioconférence a très bien marché, et cela n'a rien coûté."],
}
REPLIES_IN = {  # replies that fit a course's forums better than the careers course's
    "library-makerspaces": ["Thank you, {first}: we tried copper tape too and it went in a week. Buying it by the "
                            "reel from an electronics supplier halved the cost.",
                            "Lovely idea. We keep a \"finished early?\" box of extension cards by the door; it "
                            "saves the volunteers a lot of questions."],
    "stem-storytime": ["Thank you, {first}! We did a shadow session last month: the carers enjoyed drawing round "
                       "their children as much as the children did.",
                       "That pairing works so well. We put the information book on the display afterwards and it "
                       "went out on loan the same day."],
}
WELCOME_IN = {
    "library-makerspaces": "Welcome, {first}! A great first session: keep notes on what runs out, they will help you "
                           "plan the cart. Module 3 comes back to safety with coin cells and tools.",
    "stem-storytime": "Welcome, {first}! A lovely pair of books. Try asking the question before you turn the page, "
                      "and wait a few seconds for answers: module 3 is all about that kind of talk.",
}
WELCOME = {
    "en": "Welcome to the course, {first}! Your question about making visits stick is a good one: module 7 on "
          "careers events comes back to it, and I look forward to your ideas there.",
    "fr": "Bienvenue dans le cours, {first} ! Votre question est très pertinente ; nous y reviendrons ensemble "
          "dans les prochains modules.",
}


def _token(*parts) -> str:
    """The same writer at the same place gets the same token, so a post is written once."""
    return hashlib.md5(":".join(map(str, parts)).encode()).hexdigest()  # 32 hex digits, as a form's token


def _first(user: User) -> str:
    return user.name.split()[0]


def _language(module: Module) -> str:
    language = content.get_course(module.course_id).language
    return language if language in ANSWERS else "en"


def answer_prompts(user: User, course_slug: str, module: Module, prompts: list[Activity], *, every_prompt: bool,
                   now: datetime) -> None:
    """Answer the module's discussion prompts with a thread each: those its completion counts
    (``min_posts`` above 0) always, the others when ``every_prompt``."""
    language = _language(module)
    for prompt in prompts:
        if not every_prompt and not prompt.spec.get("min_posts", 0):
            continue
        choices = ANSWERS[language].get(prompt.slug) or [GENERAL_ANSWER[language]]
        title, text = choices[user.id % len(choices)]
        discussions.start_thread(user, course_slug, module.slug, title=title, text=text.format(first=_first(user)),
                                 token=_token("demo-thread", user.id, prompt.id), prompt_slug=prompt.slug, now=now)


def reply_to_a_peer(user: User, course_slug: str, module: Module, *, now: datetime) -> None:
    """Read the module's forum and reply to the newest thread someone else started (once per forum)."""
    found = discussions.list_threads(user, course_slug, module.slug, cursor=TOP, now=now, size=5)
    thread = next((row for row in found.page.rows if row.author.id != user.id), None)
    if thread is None:
        return
    choices = REPLIES_IN.get(course_slug) or REPLIES[_language(module)]
    text = choices[user.id % len(choices)].format(first=thread.author.name.split()[0])
    discussions.reply(user, thread.id, text=text, token=_token("demo-reply", user.id, module.id), now=now)


def welcome(tutor: User, learner: User, course_slug: str, run_slug: str, module: Module, *, now: datetime) -> None:
    """The tutor reads the module's forum and replies to the learner's thread there (once)."""
    found = discussions.list_threads(tutor, course_slug, module.slug, run_slug=run_slug, cursor=TOP, now=now, size=100)
    thread = next((row for row in found.page.rows if row.author.id == learner.id), None)
    if thread is None:
        return
    text = (WELCOME_IN.get(course_slug) or WELCOME[_language(module)]).format(first=_first(learner))
    discussions.reply(tutor, thread.id, text=text, token=_token("demo-welcome", tutor.id, learner.id, module.id), now=now)
