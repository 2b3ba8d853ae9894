"""``{% latest_items %}``: the newest published items, for the home page (portal's template; the
portal sits below the catalogue and cannot import it, a template tag can)."""

from django import template

from gongkai.catalog.models import Item

register = template.Library()


@register.inclusion_tag("catalog/_latest.html")
def latest_items(count: int = 8, code: str = ""):
    items = (Item.objects.public().filter(agency__is_active=True).select_related("agency")
             .only("title", "index_number", "published_on", "agency__name", "agency__code")
             .order_by("-published_on", "-pk")[:count])
    return {"items": list(items), "code": code}
