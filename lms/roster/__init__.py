"""Who is in a run, managed by its tutors: enrolling people from a CSV of e-mail addresses
(invitations for those without an account), unenrolling (their work is kept), a personal
deadline for one learner, and moving a learner to another run of the course with their progress."""
