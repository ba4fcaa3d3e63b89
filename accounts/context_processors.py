from functools import partial

from django.http import HttpRequest

from accounts import selectors
from accounts.roles import rules_for


def role_rules(request: HttpRequest) -> dict:
    """The signed-in user's role rules (accounts/roles.py) as ``rules``, so
    templates show links by what the role may do rather than by its name;
    and ``second_factor_missing``, asked only by a template that shows it
    (a callable: the template calls it, so other pages run no query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"rules": rules_for(user.role), "second_factor_missing": partial(selectors.second_factor_missing, user)}
