"""Deep pages of long lists: page through the bare ordered ids, then read the page's rows.

An OFFSET makes PostgreSQL build every row it skips, select list included: each
item's tag array, each issue's item count. At 1M items a section's page 3,000
built 60,000 such rows to show 20. Paged by id, the skipped rows are index
entries; the shown rows are read by primary key with everything a list shows.
"""


class LateRows:
    """A queryset as the paginator sees it: counted and sliced by its ids alone.

    A slice reads its ids in the queryset's order, then those rows with
    everything the queryset adds to them (select_related, annotations): one
    query each.
    """

    def __init__(self, queryset):
        self.ids = queryset.values_list("pk", flat=True)
        self.rows = queryset

    def count(self) -> int:
        return self.ids.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        ids = list(self.ids[index])
        if not ids:
            return []
        found = self.rows.order_by().in_bulk(ids)
        # A row deleted between the two queries is left out rather than failing.
        return [found[pk] for pk in ids if pk in found]
