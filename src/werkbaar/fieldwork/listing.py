"""Sorting and pagination of a list page from its query string, in one place for the field-work pages.

``sorted_page(request, queryset, sorts, default)`` reads ``?sort=`` (a key of ``sorts``; anything else
falls back to ``default``) and ``?page=`` (anything that is not a page number gives the nearest page),
and returns ``(page, sort)``.
"""

from django.core.paginator import Paginator

PAGE_SIZE = 25


def sorted_page(request, queryset, sorts: dict[str, tuple[str, ...]], default: str, per_page: int = PAGE_SIZE):
    sort = request.GET.get("sort", default)
    if sort not in sorts:
        sort = default
    page = Paginator(queryset.order_by(*sorts[sort]), per_page).get_page(request.GET.get("page"))
    return page, sort
