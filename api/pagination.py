"""Pages of a collection: `?page=2&pageSize=50` (query keys in camelCase, /core/query-keys),
at most MAX_PAGE_SIZE a page, with the total and links to the next and previous page. Every
list orders by a unique key last, so a page never repeats or skips a row."""

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "pageSize"
    max_page_size = 500
    page_size_query_description = "Aantal resultaten per pagina (1–500, standaard 100)."
    page_query_description = "Paginanummer, vanaf 1."
