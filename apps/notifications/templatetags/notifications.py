from django import template

from apps.notifications import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The signed-in user's unread count (one COUNT query), for the navigation link."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return selectors.unread_count(user=user) if user is not None else 0
