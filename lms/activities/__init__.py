"""Activities: quizzes graded on the server and private reflections, with the tutors'
view of a run's answers."""
