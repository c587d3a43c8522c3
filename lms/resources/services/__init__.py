"""What other features and this feature's views, commands and jobs use of resources."""

from __future__ import annotations

from lms.resources.services.files import check_files, sync_files, sync_specs
from lms.resources.services.library import (
    Card, ResourcePage, attached_file, cards_version, get_resource_page, json_ld, module_cards, rate_resource,
    save_resource, saved_resources, unsave_resource,
)
from lms.resources.services.resource_file import ResourceSpec
from lms.resources.services.search import PER_PAGE, SORTS, Results, clean_filters, search_resources
from lms.resources.services.vocabulary import AUDIENCES, FACETS, KINDS, SUBJECTS, kind_label, licence_name, licence_url

__all__ = [
    "AUDIENCES", "FACETS", "KINDS", "PER_PAGE", "SORTS", "SUBJECTS", "Card", "ResourcePage", "ResourceSpec", "Results",
    "attached_file", "cards_version", "check_files", "clean_filters", "get_resource_page", "json_ld", "kind_label",
    "licence_name", "licence_url", "module_cards", "rate_resource", "save_resource", "saved_resources", "search_resources",
    "sync_files", "sync_specs", "unsave_resource",
]
