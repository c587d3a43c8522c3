"""Courses: the course files and their import, what a course declares (modules,
units, activities, badges), its runs and when their modules open, and who teaches it."""
