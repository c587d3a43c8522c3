"""Record's services; the names its views, commands and other features use are here.

``sources`` (where a record's entries come from: courses, programmes, badges, certificates,
reflections, learning elsewhere; events add one), ``record`` (the record as a page, settings,
tags), ``entries`` (learning done elsewhere), ``exports`` (CSV and PDF), ``badge_files`` (the zip
of baked badges and credentials), ``standards`` and ``standards_file`` (frameworks as files)."""

from lms.record.services.badge_files import badges_zip
from lms.record.services.entries import EntryInput, Upload, add_entry, delete_entry, entry_file, get_entry, update_entry
from lms.record.services.exports import csv_file, kind_names, pdf_file
from lms.record.services.record import (
    PAGE_SIZE,
    RecordPage,
    Settings,
    entries_of,
    find_entry,
    get_record,
    get_settings,
    parse_key,
    save_settings,
    set_tags,
)
from lms.record.services.sources import SOURCES, Context, Entry, Source
from lms.record.services.standards import check_files, framework_standards, list_frameworks, sync_files

__all__ = [
    "PAGE_SIZE", "SOURCES", "Context", "Entry", "EntryInput", "RecordPage", "Settings", "Source", "Upload", "add_entry",
    "badges_zip", "check_files", "csv_file", "delete_entry", "entries_of", "entry_file", "find_entry", "framework_standards",
    "get_entry", "get_record", "get_settings", "kind_names", "list_frameworks", "parse_key", "pdf_file", "save_settings",
    "set_tags", "sync_files", "update_entry",
]
