"""What the benchmark's learners write in discussions: thread titles and posts in Markdown, about
the course's subjects, so that a search for a common word ("students", "engineers") finds
thousands of posts and a rarer one ("apprenticeship") a few hundred. Rendered once each."""

from __future__ import annotations

TITLES = [
    "How do you bring engineers into the classroom?",
    "Labour market information for our region",
    "Apprenticeships versus university: what do parents ask?",
    "Girls in physics: what worked for you",
    "Careers fair next month: ideas welcome",
    "Mentoring scheme with a local employer",
    "Which STEM jobs do your students know?",
    "Linking maths lessons to real jobs",
    "Getting the head of school on board",
    "Role models from our own alumni",
    "Work experience for fourteen-year-olds",
    "Library makerspace and coding club",
    "How we measure whether a visit changed anything",
    "Stereotypes in our textbooks",
    "Parents' evening about technical careers",
    "Question about the module's reading",
    "Introduce yourself here",
    "Resources that helped me this week",
]

POSTS = [
    "Last term we invited two engineers from the water company. The students asked far more questions "
    "than I expected, mostly about what an ordinary day looks like.",
    "I teach mathematics in a secondary school near Ghent. Our students rarely hear about STEM jobs "
    "other than medicine, so I am collecting short videos of local technicians.",
    "We tried a **speed-mentoring** afternoon: ten professionals, ten minutes each, groups of four "
    "students. The feedback forms were the best we have ever had.",
    "Has anyone found reliable labour market information for their region? The national figures are "
    "too broad for the parents I talk to.",
    "In my experience the parents matter more than the students here. Many believe an apprenticeship "
    "is a second choice, which is simply not true any more.",
    "Thank you for sharing this. I will try it with my year 9 class and report back.",
    "A few things that worked for us:\n\n- invite former students, not only company managers\n"
    "- let the students prepare their questions beforehand\n- follow up in the next lesson",
    "The reading for this module made me rethink how I describe engineers. I always said "
    "\"people who build bridges\", and half my class switched off.",
    "Our library runs a coding club on Wednesdays. Librarians are often forgotten in careers "
    "education, yet students come to us with exactly these questions.",
    "I agree with the point about stereotypes. We counted the pictures of scientists in our "
    "textbooks: four women out of thirty-one.",
    "As a careers counsellor I meet every student once a year, which is not enough. Teachers "
    "mentioning careers in their lessons reaches far more students.",
    "Could you say more about how you organised the visit? Did the company pay for transport?",
    "We measured interest before and after a workshop with a short questionnaire. The change was "
    "small but lasted: students still mentioned it six months later.",
    "My head of school agreed once I showed how the careers programme fits the school plan. "
    "Framing it as part of teaching, not an extra, helped.",
    "Good question. In Italy the *alternanza scuola-lavoro* placements are compulsory, but their "
    "quality varies a lot from one employer to the next.",
    "We keep a simple board in the corridor: one job a week, with a photo, the school subjects it "
    "needs and the route into it. Students do stop and read it.",
    "I would add that students respond to people close to their own age. An apprentice of "
    "nineteen is more convincing than a director of fifty.",
    "Here is the checklist we use before any employer visit: a named contact, the students' "
    "questions, a follow-up activity and a thank-you letter written by the class.",
    "Interesting. Our experience was the opposite: the older engineers told the best stories, "
    "especially about the mistakes they made early on.",
    "For the families who speak little English we translated the leaflet into three languages. "
    "Attendance at the parents' evening doubled.",
    "I am a primary teacher, so careers feel far away, but the module convinced me that "
    "stereotypes start early. We now read stories with scientists of every kind.",
    "Agreed. Data skills are the thread that connects almost every job my students will do, "
    "whether or not they call it STEM.",
]
