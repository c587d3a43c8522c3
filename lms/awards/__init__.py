"""Awards: Open Badges 2.0 assertions (hosted, baked, signed) and 3.0 credentials, course certificates
(PDF with a verification page), revocation, and awarding by hand; standalone badges other features issue
(a programme's to a learner, an award scheme's to an organisation) and programme certificates with a
transcript."""
