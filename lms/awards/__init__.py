"""Awards: Open Badges 2.0 assertions (hosted, baked, signed), course certificates
(PDF with a verification page), revocation, and awarding by hand."""
