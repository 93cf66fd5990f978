"""The staff to-do on the admin index: what the text files lost, with links to fix it."""

from django import template
from django.db.models import Count, Q
from django.urls import reverse

from issues.models import Issue, Item

register = template.Library()


@register.inclusion_tag("admin/issues/_todo.html", takes_context=True)
def staff_todo(context) -> dict:
    user = context["request"].user
    todo = []
    if user.has_perm("issues.view_item"):
        # One pass over the items for both counts.
        counts = Item.objects.aggregate(
            no_title=Count("pk", filter=Q(title="")), no_url=Count("pk", filter=Q(url=""))
        )
        items = reverse("admin:issues_item_changelist")
        todo += [
            {
                "label": "Items with no title",
                "count": counts["no_title"],
                "url": items + "?no_title=1",
            },
            {"label": "Items with no link", "count": counts["no_url"], "url": items + "?no_url=1"},
        ]
    if user.has_perm("issues.view_issue"):
        todo.append(
            {
                "label": "Issues with no date",
                "count": Issue.objects.filter(published_on=None).count(),
                "url": reverse("admin:issues_issue_changelist") + "?year=none",
            }
        )
    return {"todo": todo}
