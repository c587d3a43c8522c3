"""A run's release schedule as its tutors see and change it, with an audit log and one
digest per learner for each change."""
