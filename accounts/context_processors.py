from django.http import HttpRequest

from accounts.roles import rules_for


def role_rules(request: HttpRequest) -> dict:
    """The signed-in user's role rules (accounts/roles.py) as ``rules``, so
    templates show links by what the role may do rather than by its name."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"rules": rules_for(user.role)}
